from django.urls import path

from . import retention_views, views

app_name = "partnerships"

urlpatterns = [
    path("settings/", views.settings_page, name="settings"),
    path("settings/sign-in/", views.sign_in_settings, name="sign_in"),
    path("settings/retention/", retention_views.retention_page, name="retention"),
    path("county/request/", views.county_request, name="county_request"),
    path(
        "county/requests/<int:pk>/accept/",
        views.county_decision,
        {"decision": "accept"},
        name="county_accept",
    ),
    path(
        "county/requests/<int:pk>/decline/",
        views.county_decision,
        {"decision": "decline"},
        name="county_decline",
    ),
    path(
        "county/requests/<int:pk>/withdraw/",
        views.county_decision,
        {"decision": "withdraw"},
        name="county_withdraw",
    ),
    path("county/leave/", views.county_leave, name="county_leave"),
    path("districts/new/", views.district_edit, name="district_new"),
    path("districts/<int:pk>/", views.district_edit, name="district_edit"),
    path("agencies/new/", views.agency_edit, name="agency_new"),
    path("agencies/<int:pk>/", views.agency_edit, name="agency_edit"),
    path("people/", views.people, name="people"),
    path("people/invite/", views.person_invite, name="person_invite"),
    path("people/<int:pk>/", views.person_edit, name="person_edit"),
    path("people/<int:pk>/resend/", views.person_resend, name="person_resend"),
    path("people/<int:pk>/remove/", views.person_remove, name="person_remove"),
    path("people/<int:pk>/left/", views.person_left, name="person_left"),
    path("people/<int:pk>/back/", views.person_back, name="person_back"),
]
