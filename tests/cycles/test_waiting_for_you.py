"""The dashboard's "Waiting for you": each app's work for the person, gathered through
the cycles registry (score sheets, rationale documents, comments, actions, proposals).
Each kind goes to the right person only, overdue work is marked, another partnership's
work never shows, and the query count does not grow with the number of items."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from consultation.models import RationaleDocument
from cycles.dashboard import providers, register, waiting_for
from cycles.models import Activity
from cycles.services import create_cycle_from_template, save_issue
from priorities.models import Action, Priority
from reports.models import Comment, Report, Section
from scoring.matrix_files import load_shipped_matrices
from scoring.models import Matrix, Round, ScoreSheet

URL = reverse("cycles:dashboard", kwargs={"slug": "central-bedfordshire"})
TODAY = timezone.localdate()


def _work_for(partnership, members, *, label=""):
    """One of each kind of waiting work in the partnership. members: role -> Membership."""
    cycle = create_cycle_from_template(
        partnership=partnership, template_key="four-year", start_year=TODAY.year
    )
    year = cycle.years.get(number=1)
    issue = save_issue(year=year, title=f"Domestic abuse{label}")
    load_shipped_matrices()
    matrix = Matrix.objects.filter(partnership=None).first()
    round_ = Round.objects.create(
        year=year,
        name=f"Autumn scoring{label}",
        matrix=matrix,
        deadline=TODAY + timedelta(days=10),
        status=Round.Status.OPEN,
    )
    ScoreSheet.objects.create(round=round_, scorer=members["scorer"])
    RationaleDocument.objects.create(
        year=year,
        issue=issue,
        specialist=members["scorer"],
        due_on=TODAY - timedelta(days=3),
    )
    report = Report.objects.create(year=year, kind=Report.Kind.FULL, title=f"Assessment{label}")
    section = Section.objects.create(report=report, key="summary", title="Summary", position=1)
    Comment.objects.create(section=section, author=members["board"], text="Say more on knives.")
    Action.objects.create(
        partnership=partnership,
        title=f"Map the night-time economy{label}",
        owner=members["board"],
        due_on=TODAY - timedelta(days=1),
        raised_on=TODAY - timedelta(days=30),
    )
    Priority.objects.create(year=year, title=f"Reduce serious violence{label}")
    return round_


@pytest.fixture
def work(partnership, other_partnership, members, cast, membership_of):
    lee = membership_of(cast["outsider"], other_partnership)
    _work_for(other_partnership, {"scorer": lee, "board": lee}, label=" in Luton")
    return _work_for(partnership, members)


def _kinds(membership):
    return {
        group.kind: [(item.title, item.overdue) for item in group.items]
        for group in waiting_for(membership, TODAY)
    }


def test_every_app_to_the_right_registered_its_provider():
    names = {f"{p.__module__}.{p.__name__}" for p in providers()}
    assert names == {
        "consultation.dashboard.rationales_to_write",
        "analysis.dashboard.sources_overdue",
        "analysis.dashboard.agreements_for_review",
        "scoring.dashboard.open_sheets",
        "priorities.dashboard.actions_owned",
        "priorities.dashboard.decisions_waiting",
        "priorities.dashboard.group_work",
        "priorities.review_dashboard.watchlist_flags",
        "priorities.board_papers_dashboard.terms_waiting",
        "priorities.board_papers_dashboard.reviews_waiting",
        "reports.dashboard.comments_waiting",
        "reports.dashboard.finals_to_send",
        "reports.dashboard.summaries_to_publish",
        "plans.dashboard.plan_steps",
        "plans.dashboard.plan_revision",
    }


def test_registering_twice_adds_once():
    before = providers()
    register(before[0])
    assert providers() == before


def test_the_scorer_gets_their_sheet_and_their_overdue_rationale(work, members):
    assert _kinds(members["scorer"]) == {
        "Rationale documents to write": [("Domestic abuse", True)],
        "Score sheets to submit": [("Your score sheet for Autumn scoring", False)],
    }


def test_the_board_member_gets_their_action_and_the_proposals_to_decide(work, members):
    assert _kinds(members["board"]) == {
        "Actions you own": [("Map the night-time economy", True)],
        "Proposals waiting for the board's decision": [("Reduce serious violence", False)],
    }


def test_those_who_run_the_report_get_the_open_comments(work, members):
    expected = {"Comments to answer": [("Summary in Assessment", False)]}
    assert _kinds(members["analyst"]) == expected
    assert _kinds(members["admin"]) == expected


def test_finished_work_leaves_the_list(work, members):
    ScoreSheet.objects.filter(round=work).update(status=ScoreSheet.Status.SUBMITTED)
    RationaleDocument.objects.update(state=RationaleDocument.State.SUBMITTED)
    Comment.objects.update(resolved=True)
    Action.objects.update(status=Action.Status.DONE)
    Priority.objects.update(status=Priority.Status.AGREED)
    for membership in members.values():
        assert waiting_for(membership, TODAY) == []


def test_a_closed_round_no_longer_asks_for_the_sheet(work, members):
    Round.objects.filter(pk=work.pk).update(status=Round.Status.CLOSED)
    assert "Score sheets to submit" not in _kinds(members["scorer"])


def test_another_partnerships_work_never_shows(work, members):
    for membership in members.values():
        for group in waiting_for(membership, TODAY):
            assert not any("Luton" in item.title for item in group.items), group


def test_the_outsiders_dashboard_shows_only_luton(client_as, work, cast, other_partnership):
    page = (
        client_as(cast["outsider"])
        .get(reverse("cycles:dashboard", kwargs={"slug": other_partnership.slug}))
        .content.decode()
    )
    assert "Map the night-time economy in Luton" in page
    assert "Autumn scoring in Luton" in page
    assert "Reduce serious violence in Luton" not in page  # lee is an admin, not the board
    assert "Map the night-time economy</a>" not in page


def test_the_scorers_page_lists_the_work_and_marks_the_overdue(client_as, cast, work):
    page = client_as(cast["theme_specialist"]).get(URL).content.decode()
    assert "Waiting for you" in page
    assert "Your score sheet for Autumn scoring" in page
    assert (
        reverse("scoring:sheet", kwargs={"slug": "central-bedfordshire", "round_id": work.pk})
        in page
    )
    assert "Rationale documents to write (1, 1 overdue)" in page
    waiting = page.split('data-testid="waiting"')[1].split("</section>")[0]
    assert waiting.count(">Overdue<") == 1  # the rationale, not the sheet due in 10 days
    assert "Nothing is waiting for you" not in page


def test_the_empty_message_only_when_nothing_is_waiting(client_as, cast, work):
    Activity.objects.update(status=Activity.Status.DONE)  # the template gives jo one
    ScoreSheet.objects.filter(round=work).update(status=ScoreSheet.Status.SUBMITTED)
    page = client_as(cast["theme_specialist"]).get(URL).content.decode()
    assert "Nothing is waiting for you" not in page  # the rationale is still to write
    RationaleDocument.objects.update(state=RationaleDocument.State.ACCEPTED)
    page = client_as(cast["theme_specialist"]).get(URL).content.decode()
    assert "Nothing is waiting for you" in page
    assert "Waiting for you</h2>" not in page


def test_the_query_count_does_not_grow_with_the_items(client_as, cast, work, members):
    client = client_as(cast["board_member"])
    client.get(URL)
    with CaptureQueriesContext(connection) as before:
        client.get(URL)
    year = work.year
    Action.objects.bulk_create(
        Action(
            partnership=year.cycle.partnership,
            title=f"Action {i}",
            owner=members["board"],
            due_on=TODAY + timedelta(days=i - 5),
            raised_on=TODAY,
        )
        for i in range(20)
    )
    Priority.objects.bulk_create(Priority(year=year, title=f"Proposal {i}") for i in range(20))
    with CaptureQueriesContext(connection) as after:
        page = client.get(URL).content.decode()
    assert "Action 19" in page and "Proposal 19" in page
    assert len(after) == len(before)
