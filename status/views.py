"""The service status page for admins: broker, workers, and the last health checks."""

from datetime import timedelta

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from partnerships.models import Membership
from partnerships.permissions import can_confirm_sign_in_domains, can_view_service_status
from partnerships.sso import waiting

from . import services
from .models import HealthCheck

WORKER_ALIVE_WINDOW = timedelta(minutes=5)
CHECK_PATIENCE = timedelta(seconds=30)


def _require_admin(request: HttpRequest) -> None:
    memberships = Membership.objects.filter(user=request.user).current()
    if not can_view_service_status(request.user, memberships):
        raise PermissionDenied("The status page is for admins.")


@login_required
def status_page(request: HttpRequest) -> HttpResponse:
    _require_admin(request)
    now = timezone.now()
    # Whether the service works is everyone's business; who asked and which machine
    # answered is site staff's. A partnership admin sees only the checks they sent.
    staff = request.user.is_staff
    visible = (
        HealthCheck.objects.all()
        if staff
        else HealthCheck.objects.filter(requested_by=request.user.email)
    )
    checks = list(visible[:5])
    last_answered = HealthCheck.objects.filter(status=HealthCheck.Status.DONE).first()
    latest = HealthCheck.objects.first()
    pending = latest if latest and latest.status == HealthCheck.Status.SENT else None
    context = {
        "broker": services.broker_state(),
        "pinged": services.workers_answering_ping(),
        "checks": checks,
        "last_answered": last_answered,
        "worker_recent": bool(
            last_answered and now - last_answered.answered_at <= WORKER_ALIVE_WINDOW
        ),
        "pending": pending,
        "pending_too_long": bool(pending and now - pending.requested_at > CHECK_PATIENCE),
        "show_hosts": staff,
        # Site staff confirm the email domains partnerships ask to sign in through.
        "domains_waiting": waiting().count() if can_confirm_sign_in_domains(request.user) else None,
    }
    template = "status/_panel.html" if request.htmx else "status/status.html"
    return render(request, template, context)


@require_POST
@login_required
def send_check(request: HttpRequest) -> HttpResponse:
    _require_admin(request)
    services.send_health_check(requested_by=request.user.email)
    return redirect("status:page")
