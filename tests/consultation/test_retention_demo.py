"""The demo's retention: a policy set, and the "12 Station Road" answer's wording as
given shown to those who moderate and to no one else, kept by a retention run today."""

from datetime import date

from django.urls import reverse

from consultation.models import Answer
from demo.builder import build_demo
from partnerships.models import Keep, Membership, Role
from partnerships.retention import run_retention

ORIGINAL = "The man at 12 Station Road keeps dealing from his car."


def test_the_demo_shows_the_original_only_to_moderators(client, db):
    today = date(2026, 11, 24)
    district = build_demo(today)["partnership"]
    build_demo(today)
    district.refresh_from_db()
    assert (district.responses_kept, district.responses_months) == (Keep.MONTHS, 24)
    answer = Answer.objects.get(moderation="redacted")
    assert answer.text == ORIGINAL
    run_retention(partnership=district, today=today)
    answer.refresh_from_db()
    assert answer.text == ORIGINAL and answer.original_erased_on is None

    survey = answer.response.survey
    url = reverse("consultation:moderate", args=[district.slug, survey.pk, answer.pk])
    results = reverse("consultation:results", args=[district.slug, survey.pk])
    for role, sees in ((Role.ANALYST, True), (Role.ADMIN, True), (Role.BOARD_MEMBER, False)):
        member = Membership.objects.filter(partnership=district, role=role).first()
        client.force_login(member.user, backend="django.contrib.auth.backends.ModelBackend")
        page = client.get(url)
        assert (ORIGINAL in page.content.decode()) is sees
        assert page.status_code == (200 if sees else 403)
        assert "12 Station Road" not in client.get(results).content.decode()
