"""The status page: who may see it, and what a health check records."""

from django.urls import reverse
from django.utils import timezone

from status.models import HealthCheck
from status.services import answer_health_check

URL = reverse("status:page")


def test_admins_see_the_status_page(client_as, cast):
    response = client_as(cast["admin"]).get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Broker" in page and "Last round trip" in page


def test_other_roles_may_not(client_as, cast):
    assert client_as(cast["analyst"]).get(URL).status_code == 403
    assert client_as(cast["board_member"]).post(reverse("status:check")).status_code == 403
    assert not HealthCheck.objects.exists()


def test_signed_out_visitors_are_sent_to_sign_in(client, db):
    assert client.get(URL)["Location"].startswith(reverse("accounts:login"))


def test_a_check_sent_eagerly_is_answered_and_shown(
    client_as, cast, settings, django_capture_on_commit_callbacks
):
    from csp_assessment.celery import app

    app.conf.task_always_eager = True
    try:
        client = client_as(cast["admin"])
        with django_capture_on_commit_callbacks(execute=True):
            client.post(reverse("status:check"))
    finally:
        app.conf.task_always_eager = False
    check = HealthCheck.objects.get()
    assert check.status == HealthCheck.Status.DONE
    assert check.round_trip_ms is not None
    page = client.get(URL).content.decode()
    assert "Alive: answered a test task" in page


def test_a_redelivered_answer_keeps_the_first(db):
    from django.utils import timezone

    check = HealthCheck.objects.create(requested_at=timezone.now())
    answer_health_check(check_id=check.pk, worker="first")
    answer_health_check(check_id=check.pk, worker="second")
    check.refresh_from_db()
    assert check.worker == "first"


def test_an_unanswered_check_is_reported_after_thirty_seconds(client_as, cast):
    from datetime import timedelta

    from django.utils import timezone

    HealthCheck.objects.create(requested_at=timezone.now() - timedelta(seconds=45))
    page = client_as(cast["admin"]).get(URL).content.decode()
    assert "No worker has answered the last test task after 30 seconds." in page


def test_an_admin_sees_only_their_own_checks_and_no_hosts(client_as, cast):
    """Another partnership's admin must not learn who sent checks or which machines answer."""
    now = timezone.now()
    HealthCheck.objects.create(
        requested_at=now,
        requested_by=cast["admin"].email,
        status=HealthCheck.Status.DONE,
        answered_at=now,
        worker="celery@worker-host-7",
    )
    page = client_as(cast["outsider"]).get(URL).content.decode()
    assert cast["admin"].email not in page
    assert "worker-host-7" not in page
    own = client_as(cast["admin"]).get(URL).content.decode()
    assert cast["admin"].email in own
    assert "worker-host-7" not in own  # hosts are for site staff only


def test_site_staff_see_every_check_and_the_hosts(client_as, cast):
    now = timezone.now()
    HealthCheck.objects.create(
        requested_at=now,
        requested_by=cast["admin"].email,
        status=HealthCheck.Status.DONE,
        answered_at=now,
        worker="celery@worker-host-7",
    )
    staff = cast["outsider"]
    staff.is_staff = True
    staff.save()
    page = client_as(staff).get(URL).content.decode()
    assert cast["admin"].email in page and "worker-host-7" in page
