"""The analyst closes a round early with a scorer still out: the confirmation names them
and says how early it is; after confirming, the analyst reopens the round, and its
history shows both changes. axe-core on every page."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from cycles.services import create_cycle_from_template, save_issue
from partnerships.models import Membership, Role
from scoring import services
from scoring.matrix_files import load_shipped_matrices
from scoring.models import Matrix, Round, ScoreSheet
from tests.conftest import make_user
from tests.e2e.conftest import assert_accessible, sign_in

SLUG = "central-bedfordshire"


@pytest.fixture
def open_round(partnership, cast):
    load_shipped_matrices()
    year = create_cycle_from_template(
        partnership=partnership, template_key="four-year", start_year=2026
    ).years.get(number=1)
    issues = [save_issue(year=year, title=t) for t in ("Anti-social behaviour", "Domestic abuse")]
    mark = make_user("mark@example.org", "Mark", "Reed")
    scorers = [
        Membership.objects.get(user=cast["theme_specialist"], partnership=partnership),
        Membership.objects.create(user=mark, partnership=partnership, role=Role.THEME_SPECIALIST),
    ]
    round_ = services.create_round(
        year=year,
        name="Autumn scoring",
        matrix=Matrix.objects.get(partnership=None, key="csp-16"),
        deadline=timezone.localdate() + timedelta(days=12),
        issues=issues,
    )
    for issue in issues:
        services.assign_scorers(round_=round_, issue=issue, scorers=scorers)
    services.open_round(round_=round_)
    services.submit_sheet(
        sheet=ScoreSheet.objects.get(round=round_, scorer=scorers[0]), allow_empty=True
    )
    return round_


def test_analyst_closes_early_confirms_then_reopens(page, cast, open_round):
    sign_in(page, cast["analyst"])
    page.goto(open_round.get_absolute_url())
    expect(page.get_by_role("heading", name="Autumn scoring")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Close the round").click()
    expect(page.get_by_role("heading", name="Close Autumn scoring?")).to_be_visible()
    warnings = page.get_by_test_id("close-warnings")
    expect(warnings).to_contain_text("Closing now is 12 days early.")
    expect(warnings).to_contain_text("1 scorer has not submitted: Mark Reed.")
    assert_accessible(page)
    assert Round.objects.get(pk=open_round.pk).status == Round.Status.OPEN

    page.get_by_role("button", name="Yes, close the round").click()
    expect(page.get_by_text("Autumn scoring is now closed.")).to_be_visible()
    assert Round.objects.get(pk=open_round.pk).status == Round.Status.CLOSED
    assert_accessible(page)

    page.get_by_role("link", name="Reopen the round").click()
    expect(page.get_by_role("heading", name="Reopen Autumn scoring?")).to_be_visible()
    assert_accessible(page)
    assert Round.objects.get(pk=open_round.pk).status == Round.Status.CLOSED
    page.get_by_role("button", name="Yes, reopen the round").click()
    expect(page.get_by_text("Autumn scoring is open for scoring again.")).to_be_visible()
    assert Round.objects.get(pk=open_round.pk).status == Round.Status.OPEN
    history = page.locator("#history-heading").locator("..")
    expect(history).to_contain_text("Status: Open for scoring to Closed")
    expect(history).to_contain_text("Status: Closed to Open for scoring")
    expect(history).to_contain_text("Sam Taylor")
    assert_accessible(page)
