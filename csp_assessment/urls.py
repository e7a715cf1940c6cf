from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from csp_assessment import site_pages
from cycles import calendar_views
from partnerships import domain_views, privacy
from partnerships import views as partnership_views
from plans import public as plan_public
from priorities.views import public as priority_public
from reports import public as report_public

urlpatterns = [
    path("", partnership_views.home, name="home"),
    path("switch/", partnership_views.switch, name="switch"),
    path("accessibility/", site_pages.accessibility, name="accessibility"),
    path("cookies/", site_pages.cookies, name="cookies"),
    path("privacy/", privacy.privacy_notice, name="privacy"),
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
    path("accounts/calendar/", calendar_views.calendar_page, name="calendar"),
    path("accounts/calendar/reset/", calendar_views.calendar_reset, name="calendar_reset"),
    path("calendar/<str:token>.ics", calendar_views.calendar_ics, name="calendar_feed"),
    path("accounts/notifications/", include("notifications.urls")),
    path("accounts/", include("partnerships.accounts")),
    path("status/", include("status.urls")),
    path("staff/sign-in-domains/", domain_views.waiting_domains, name="sign_in_domains"),
    path(
        "staff/sign-in-domains/<int:pk>/confirm/",
        domain_views.decide_domain,
        {"decision": "confirm"},
        name="sign_in_domain_confirm",
    ),
    path(
        "staff/sign-in-domains/<int:pk>/refuse/",
        domain_views.decide_domain,
        {"decision": "refuse"},
        name="sign_in_domain_refuse",
    ),
    path(
        "staff/sign-in-domains/<int:pk>/withdraw/",
        domain_views.withdraw_domain,
        name="sign_in_domain_withdraw",
    ),
    path("p/<slug:slug>/analysis/", include("analysis.urls")),
    path("p/<slug:slug>/", include("cycles.urls")),
    path("p/<slug:slug>/consultation/", include("consultation.urls")),
    path("p/<slug:slug>/scoring/", include("scoring.urls")),
    path("p/<slug:slug>/priorities/", include("priorities.urls")),
    path("p/<slug:slug>/reports/", include("reports.urls")),
    path("p/<slug:slug>/plan/", include("plans.urls")),
    path("public/<slug:slug>/priorities/", priority_public.public_summary, name="public_summary"),
    path(
        "public/<slug:slug>/you-said-we-did/<str:key>/",
        priority_public.public_you_said,
        name="public_you_said",
    ),
    path("public/<slug:slug>/plan/", plan_public.public_plan, name="public_plan"),
    path("public/<slug:slug>/plan/pdf/", plan_public.public_plan_pdf, name="public_plan_pdf"),
    path(
        "public/<slug:slug>/assessment/",
        report_public.public_assessment,
        name="public_assessment",
    ),
    path(
        "public/<slug:slug>/assessment/pdf/",
        report_public.public_assessment_pdf,
        name="public_assessment_pdf",
    ),
    path("p/<slug:slug>/", include("partnerships.urls")),
    path("survey/", include("consultation.public_urls")),
    path(settings.ADMIN_PATH, admin.site.urls),
]
