"""The retention rules, the daily task and the admin's retention page."""

from datetime import date

import pytest
from django.conf import settings
from django.urls import reverse

from csp_assessment import retention
from partnerships.models import EraseOriginals, Keep, Partnership, RetentionRun
from partnerships.retention import kept_until, months_after, run_retention
from partnerships.tasks import apply_retention

SLUG = "central-bedfordshire"
URL = reverse("partnerships:retention", args=[SLUG])
GOOD = {
    "responses_kept": "months",
    "responses_months": "18",
    "files_kept": "next_assessment",
    "files_months": "12",
    "originals_erased": "at_once",
    "confirm": "on",
}


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 3, 31), 6, date(2026, 9, 30)),
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2027, 11, 15), 3, date(2028, 2, 15)),
        (date(2026, 12, 1), 24, date(2028, 12, 1)),
    ],
)
def test_months_after_keeps_the_day_or_the_months_last(day, months, expected):
    assert months_after(day, months) == expected


def test_the_next_assessment_is_the_first_agreed_after_the_record():
    agreed = [date(2026, 5, 20), date(2027, 5, 19)]
    rule = Keep.NEXT_ASSESSMENT
    assert kept_until(rule=rule, months=0, kept_from=date(2026, 3, 31), agreed_days=agreed) == (
        date(2026, 5, 20)
    )
    assert kept_until(rule=rule, months=0, kept_from=date(2026, 5, 20), agreed_days=agreed) == (
        date(2027, 5, 19)
    )
    assert kept_until(rule=rule, months=0, kept_from=date(2027, 6, 1), agreed_days=agreed) is None
    assert kept_until(
        rule=Keep.MONTHS, months=12, kept_from=date(2026, 3, 31), agreed_days=agreed
    ) == date(2027, 3, 31)


def test_every_app_registers_its_expiry_handler():
    assert [key for key, _ in retention.handlers()] == ["analysis", "consultation", "priorities"]


def test_the_task_runs_every_partnership_once_a_day(partnership, other_partnership, county):
    assert settings.CELERY_BEAT_SCHEDULE["partnerships-apply-retention"]["task"] == (
        "partnerships.apply_retention"
    )
    assert apply_retention() == Partnership.objects.count() == 3
    assert apply_retention() == 0
    assert RetentionRun.objects.count() == 3
    assert all(run.finished_at and run.error == "" for run in RetentionRun.objects.all())


def test_a_second_run_the_same_day_claims_nothing(partnership):
    assert run_retention(partnership=partnership, today=date(2026, 10, 1)) is not None
    assert run_retention(partnership=partnership, today=date(2026, 10, 1)) is None


def test_the_admin_sets_retention(client_as, cast, partnership):
    page = client_as(cast["admin"]).get(URL)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Until the next strategic assessment is agreed" in text
    assert "The retention run has not run yet." in text
    response = client_as(cast["admin"]).post(URL, GOOD)
    assert response.status_code == 302
    partnership.refresh_from_db()
    assert (partnership.responses_kept, partnership.responses_months) == (Keep.MONTHS, 18)
    assert partnership.files_kept == Keep.NEXT_ASSESSMENT
    assert partnership.originals_erased == EraseOriginals.AT_ONCE
    assert partnership.history.first().history_change_reason == "Retention settings changed"


def test_the_admin_must_confirm_and_bad_months_change_nothing(client_as, cast, partnership):
    unconfirmed = {k: v for k, v in GOOD.items() if k != "confirm"}
    page = client_as(cast["admin"]).post(URL, unconfirmed)
    assert "Tick the box to confirm you understand." in page.content.decode()
    page = client_as(cast["admin"]).post(URL, {**GOOD, "responses_months": "0"})
    assert "Enter a number of at least 1." in page.content.decode()
    partnership.refresh_from_db()
    assert partnership.responses_kept == Keep.NEXT_ASSESSMENT
    assert partnership.originals_erased == EraseOriginals.WITH_RESPONSES


def test_the_page_lists_what_the_runs_did(client_as, cast, partnership):
    RetentionRun.objects.create(
        partnership=partnership,
        run_on=date(2026, 10, 1),
        done=[{"what": "consultation responses anonymised", "count": 12, "by": "consultation"}],
    )
    text = client_as(cast["admin"]).get(URL).content.decode()
    assert "1 October 2026" in text and "12 consultation responses anonymised" in text


@pytest.mark.parametrize("role", ["analyst", "theme_specialist", "board_member"])
def test_only_admins_see_the_retention_page(client_as, cast, role):
    assert client_as(cast[role]).get(URL).status_code == 403
    assert client_as(cast[role]).post(URL, GOOD).status_code == 403


def test_another_partnerships_admin_gets_not_found(client_as, cast, partnership):
    assert client_as(cast["outsider"]).get(URL).status_code == 404
    assert client_as(cast["outsider"]).post(URL, GOOD).status_code == 404
    partnership.refresh_from_db()
    assert partnership.responses_kept == Keep.NEXT_ASSESSMENT


def test_one_partnerships_failure_does_not_stop_the_others(
    partnership, other_partnership, county, monkeypatch
):
    def breaks_for_luton(p, deadlines, today):
        if p.pk == other_partnership.pk:
            raise OSError("media folder not writable")
        return []

    monkeypatch.setitem(retention._handlers, "zz-test", breaks_for_luton)
    assert apply_retention() == 2  # Central Bedfordshire and the county still ran
    failed = RetentionRun.objects.get(partnership=other_partnership)
    assert "media folder not writable" in failed.error
    assert RetentionRun.objects.filter(error="").count() == 2
