from django.urls import path

from . import views

app_name = "cycles"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("cycles/", views.cycle_list, name="list"),
    path("cycles/new/", views.cycle_new, name="new"),
    path("cycles/<int:cycle_id>/", views.cycle_detail, name="detail"),
    path("cycles/<int:cycle_id>/timeline/", views.timeline, name="timeline"),
    path("years/<int:year_id>/edit/", views.year_edit, name="year_edit"),
    path("years/<int:year_id>/issues/", views.issue_list, name="issue_list"),
    path("years/<int:year_id>/issues/new/", views.issue_edit, name="issue_new"),
    path("years/<int:year_id>/issues/<int:issue_id>/", views.issue_edit, name="issue_edit"),
    path("years/<int:year_id>/issues/carry-over/", views.issue_carry_over, name="issue_carry_over"),
    path("themes/", views.themes, name="themes"),
    path("themes/<int:theme_id>/", views.theme_edit, name="theme_edit"),
    path("stages/<int:stage_id>/edit/", views.stage_edit, name="stage_edit"),
    path("stages/<int:stage_id>/activities/new/", views.activity_edit, name="activity_new"),
    path("activities/<int:activity_id>/edit/", views.activity_edit, name="activity_edit"),
    path("activities/<int:activity_id>/status/", views.activity_status, name="activity_status"),
    path("activities/<int:activity_id>/delete/", views.activity_delete, name="activity_delete"),
]
