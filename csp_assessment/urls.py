from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from partnerships import views as partnership_views
from priorities.views import public as priority_public

urlpatterns = [
    path("", partnership_views.home, name="home"),
    path("switch/", partnership_views.switch, name="switch"),
    path(
        "invitations/<int:pk>/accept/",
        partnership_views.invitation_accept,
        name="invitation_accept",
    ),
    path(
        "invitations/<int:pk>/decline/",
        partnership_views.invitation_decline,
        name="invitation_decline",
    ),
    path("accounts/", include("partnerships.accounts")),
    path("status/", include("status.urls")),
    path("p/<slug:slug>/analysis/", include("analysis.urls")),
    path("p/<slug:slug>/", include("cycles.urls")),
    path("p/<slug:slug>/consultation/", include("consultation.urls")),
    path("p/<slug:slug>/scoring/", include("scoring.urls")),
    path("p/<slug:slug>/priorities/", include("priorities.urls")),
    path("p/<slug:slug>/reports/", include("reports.urls")),
    path("public/<slug:slug>/priorities/", priority_public.public_summary, name="public_summary"),
    path(
        "public/<slug:slug>/you-said-we-did/<str:key>/",
        priority_public.public_you_said,
        name="public_you_said",
    ),
    path("p/<slug:slug>/", include("partnerships.urls")),
    path("survey/", include("consultation.public_urls")),
    path(settings.ADMIN_PATH, admin.site.urls),
]
