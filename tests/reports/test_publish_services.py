"""Publishing the public summary (reports.publish_services): only a made, agreed
version of a public summary goes on the public page, by an analyst or admin of its
partnership; a newer agreed version replaces it; withdrawing takes it off. Each
refusal says why and changes nothing."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from reports import selectors, services
from reports.models import Publication, RenderRun, Report
from reports.publish_services import publish_summary, withdraw_summary
from tests.reports.conftest import BOARD_DAY, agreed_public_summary


def _refused(match, **publish):
    with pytest.raises(ValidationError, match=match):
        publish_summary(**publish)


def test_publishing_puts_the_agreed_version_on_the_public_page_and_records_who(
    agreed, analyst, partnership
):
    before = timezone.now()
    publication = publish_summary(run=agreed, by=analyst)
    assert publication.run == agreed and publication.partnership == partnership
    assert publication.published_by == analyst and publication.published_at >= before
    assert selectors.published_summary(partnership) == agreed
    assert publication.history.count() == 1  # the audit trail keeps who and when
    assert selectors.board_agreed_on(agreed) == BOARD_DAY


def test_an_admin_may_publish_too(agreed, cast, member, partnership):
    publish_summary(run=agreed, by=member(cast["admin"]))
    assert selectors.published_summary(partnership) == agreed


@pytest.mark.parametrize("role", ["theme_specialist", "board_member"])
def test_other_roles_are_refused(agreed, cast, member, partnership, role):
    _refused("Only the analyst or an admin", run=agreed, by=member(cast[role]))
    assert selectors.published_summary(partnership) is None


def test_another_partnerships_admin_is_refused(agreed, cast, membership_of, other_partnership):
    lee = membership_of(cast["outsider"], other_partnership)
    _refused("Only the analyst or an admin of this partnership", run=agreed, by=lee)
    assert not Publication.objects.exists()


def test_a_draft_or_a_final_version_is_refused(agreed, analyst, partnership):
    draft = services.request_render(report=agreed.report, by=analyst)
    RenderRun.objects.filter(pk=draft.pk).update(status="done", pdf="reports/x.pdf")
    draft.refresh_from_db()
    _refused(f"Version {draft.version} is a draft. Only the agreed version", run=draft, by=analyst)
    final = RenderRun.objects.create(
        report=agreed.report,
        requested_at=timezone.now(),
        version=draft.version + 1,
        state="final",
        status="done",
        pdf="reports/y.pdf",
    )
    _refused("is the final version for the board. Only the agreed", run=final, by=analyst)
    assert selectors.published_summary(partnership) is None


def test_another_kind_of_report_is_refused(agreed, analyst, year, partnership):
    full = Report.objects.get(year=year, kind=Report.Kind.FULL)
    run = RenderRun.objects.create(
        report=full,
        requested_at=timezone.now(),
        version=99,
        state="agreed",
        status="done",
        pdf="reports/full.pdf",
    )
    _refused("is of the full strategic assessment. Only the public summary", run=run, by=analyst)
    assert selectors.published_summary(partnership) is None


def test_a_version_still_being_made_or_failed_is_refused(year, analyst, cast, member, media):
    run = agreed_public_summary(
        year,
        analyst=analyst,
        board_member=member(cast["board_member"]),
        held_on=BOARD_DAY,
        render=False,
    )
    _refused("is still being made. Publish it once its PDF is ready", run=run, by=analyst)
    RenderRun.objects.filter(pk=run.pk).update(status="failed")
    _refused("could not be made, so it has no PDF", run=run, by=analyst)


def test_the_same_version_twice_is_refused(agreed, analyst):
    publish_summary(run=agreed, by=analyst)
    _refused(f"Version {agreed.version} is already on the public page", run=agreed, by=analyst)
    assert Publication.objects.get().history.count() == 1


def test_a_newer_agreed_version_replaces_the_one_the_public_reads(agreed, analyst, partnership):
    publish_summary(run=agreed, by=analyst)
    newer = services.request_render(
        report=agreed.report, by=analyst, state="agreed", confirmed=True
    )
    assert services.run_render(run_id=newer.pk) == "done"
    newer.refresh_from_db()
    publication = publish_summary(run=newer, by=analyst)
    assert selectors.published_summary(partnership) == newer
    assert Publication.objects.count() == 1 and publication.history.count() == 2
    # Going back to the older version needs the newer one withdrawn first.
    _refused(
        f"newer version: {agreed.report.year.label}, version {newer.version}. Withdraw it",
        run=agreed,
        by=analyst,
    )
    withdraw_summary(partnership=partnership, by=analyst)
    publish_summary(run=agreed, by=analyst)
    assert selectors.published_summary(partnership) == agreed


def test_a_later_years_summary_replaces_last_years(agreed, analyst, year, cast, member):
    publish_summary(run=agreed, by=analyst)
    second = year.cycle.years.get(number=2)
    later = agreed_public_summary(
        second,
        analyst=analyst,
        board_member=member(cast["board_member"]),
        held_on=date(2027, 10, 14),
    )
    publish_summary(run=later, by=analyst)
    assert selectors.published_summary(year.cycle.partnership) == later
    _refused("The public page shows a newer version", run=agreed, by=analyst)


def test_withdrawing_leaves_nothing_published_and_records_who(agreed, analyst, cast, member):
    partnership = agreed.report.year.cycle.partnership
    publish_summary(run=agreed, by=analyst)
    admin = member(cast["admin"])
    assert withdraw_summary(partnership=partnership, by=admin) == agreed
    publication = Publication.objects.get()
    assert publication.run is None and publication.withdrawn_by == admin
    assert selectors.published_summary(partnership) is None
    assert publication.history.count() == 2
    # Published again, it is no longer marked withdrawn.
    publish_summary(run=agreed, by=analyst)
    publication.refresh_from_db()
    assert publication.withdrawn_by is None and publication.withdrawn_at is None


def test_withdrawing_with_nothing_published_is_refused_and_changes_nothing(analyst, partnership):
    with pytest.raises(ValidationError, match="Nothing is published on the public page"):
        withdraw_summary(partnership=partnership, by=analyst)
    assert not Publication.objects.exists()


@pytest.mark.parametrize("role", ["theme_specialist", "board_member"])
def test_other_roles_may_not_withdraw(agreed, analyst, cast, member, partnership, role):
    publish_summary(run=agreed, by=analyst)
    with pytest.raises(ValidationError, match="Only the analyst or an admin"):
        withdraw_summary(partnership=partnership, by=member(cast[role]))
    assert selectors.published_summary(partnership) == agreed


def test_the_public_never_reads_a_published_row_that_is_not_an_agreed_public_summary(
    agreed, analyst, partnership
):
    """Defence in depth: even a row changed behind the service's back shows nothing."""
    publish_summary(run=agreed, by=analyst)
    RenderRun.objects.filter(pk=agreed.pk).update(state="final")
    assert selectors.published_summary(partnership) is None
    RenderRun.objects.filter(pk=agreed.pk).update(state="agreed")
    Report.objects.filter(pk=agreed.report_id).update(kind=Report.Kind.SNA)
    assert selectors.published_summary(partnership) is None
