"""Closing a round asks first when it is early or sheets are out, and names who; a closed
round can be reopened, recorded in its history. Also who is offered as a scorer and the
shortcuts for choosing them."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from csp_assessment.dates import day
from partnerships.models import Invitation, Membership, Role
from scoring import selectors, services
from scoring.models import Assignment, Round, ScoreSheet
from tests.conftest import make_user

SLUG = "central-bedfordshire"


def _url(name, round_):
    return reverse(f"scoring:{name}", kwargs={"slug": SLUG, "round_id": round_.pk})


def _deadline_in(round_, days):
    round_.deadline = timezone.localdate() + timedelta(days=days)
    round_.save()
    return round_


def _submit(round_, membership):
    services.submit_sheet(
        sheet=ScoreSheet.objects.get(round=round_, scorer=membership), allow_empty=True
    )


def _status(round_):
    return Round.objects.get(pk=round_.pk).status


# Creating -----------------------------------------------------------------------------


def _new_round(year, csp16, issues, threshold_value):
    return {
        "name": "Autumn",
        "matrix": csp16.pk,
        "deadline": (timezone.localdate() + timedelta(days=21)).isoformat(),
        "issues": [issue.pk for issue in issues],
        "divergence_range": "3",
        "threshold_kind": Round.Threshold.TOP_N,
        "threshold_value": threshold_value,
    }


@pytest.mark.parametrize("threshold_value", ["99999999999999999999", "100001", "0"])
def test_a_threshold_out_of_range_is_shown_again_with_the_reason_and_no_round_is_made(
    client_as, cast, year, csp16, issues, threshold_value
):
    url = reverse("scoring:round_new", kwargs={"slug": SLUG, "year_id": year.pk})
    response = client_as(cast["analyst"]).post(
        url, _new_round(year, csp16, issues, threshold_value)
    )
    assert response.status_code == 200
    assert "Enter a whole number from 1 to 100,000." in response.content.decode()
    assert not Round.objects.exists()


def test_a_new_round_needs_a_deadline_not_yet_passed_and_says_what_is_missing(
    client_as, cast, year, csp16, issues
):
    url = reverse("scoring:round_new", kwargs={"slug": SLUG, "year_id": year.pk})
    client = client_as(cast["analyst"])
    passed = _new_round(year, csp16, issues, "5")
    yesterday = timezone.localdate() - timedelta(days=1)
    passed["deadline"] = yesterday.isoformat()
    page = client.post(url, passed).content.decode()
    assert f"{day(yesterday)} has passed." in page
    empty = client.post(url, {"threshold_kind": Round.Threshold.TOP_N}).content.decode()
    for message in (
        "Enter a name for the round.",
        "Enter the day scorers should finish by.",
        "Choose at least one issue to score.",
    ):
        assert message in empty
    assert not Round.objects.exists()
    today = _new_round(year, csp16, issues, "5") | {"deadline": timezone.localdate().isoformat()}
    assert client.post(url, today).status_code == 302


def test_the_service_refuses_a_threshold_too_big_to_store_and_makes_no_round(year, csp16, issues):
    with pytest.raises(ValidationError) as refused:
        services.create_round(
            year=year,
            name="Autumn",
            matrix=csp16,
            deadline=timezone.localdate(),
            issues=issues,
            threshold_value=10**20,
        )
    assert "threshold_value" in refused.value.message_dict
    assert not Round.objects.exists()


def test_a_threshold_within_range_makes_the_round(client_as, cast, year, csp16, issues):
    url = reverse("scoring:round_new", kwargs={"slug": SLUG, "year_id": year.pk})
    response = client_as(cast["analyst"]).post(url, _new_round(year, csp16, issues, "100000"))
    assert response.status_code == 302
    assert Round.objects.get().threshold_value == 100_000


# Closing ------------------------------------------------------------------------------


def test_closing_early_with_a_sheet_out_asks_first_and_names_who(client_as, cast, open_round):
    _deadline_in(open_round, 12)
    response = client_as(cast["analyst"]).post(_url("close", open_round))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Closing now is 12 days early." in page
    assert "2 scorers have not submitted: Jo Evans, Mark Reed." in page
    assert "Yes, close the round" in page
    assert _status(open_round) == Round.Status.OPEN


def test_nothing_closes_without_the_confirmation(client_as, cast, open_round):
    _deadline_in(open_round, 3)
    client = client_as(cast["analyst"])
    client.get(_url("close", open_round))
    client.post(_url("close", open_round), {"outstanding": ""})
    client.post(_url("close", open_round), {"confirm": "no"})
    assert _status(open_round) == Round.Status.OPEN


def test_confirming_closes_the_round(client_as, cast, open_round, scorer_of, mark):
    _deadline_in(open_round, 12)
    outstanding = ",".join(
        str(pk) for pk in ScoreSheet.objects.filter(round=open_round).values_list("pk", flat=True)
    )
    response = client_as(cast["analyst"]).post(
        _url("close", open_round), {"confirm": "yes", "outstanding": outstanding}
    )
    assert response.status_code == 302
    assert _status(open_round) == Round.Status.CLOSED


def test_a_sheet_out_that_was_not_confirmed_asks_again(client_as, cast, open_round, scorer_of):
    """Confirmed with only Mark outstanding; Jo's sheet is outstanding too, so it asks."""
    mark_sheet = ScoreSheet.objects.get(round=open_round, scorer__user__first_name="Mark")
    response = client_as(cast["analyst"]).post(
        _url("close", open_round), {"confirm": "yes", "outstanding": str(mark_sheet.pk)}
    )
    assert response.status_code == 200
    assert "Jo Evans" in response.content.decode()
    assert _status(open_round) == Round.Status.OPEN


def test_only_lateness_asks_when_every_sheet_is_in(client_as, cast, open_round, scorer_of, mark):
    _deadline_in(open_round, 1)
    _submit(open_round, scorer_of(cast["theme_specialist"]))
    _submit(open_round, scorer_of(mark))
    page = client_as(cast["analyst"]).post(_url("close", open_round)).content.decode()
    assert "Closing now is 1 day early." in page
    assert "not submitted" not in page
    assert _status(open_round) == Round.Status.OPEN


def test_on_the_deadline_day_closing_is_early_and_asks_first(
    client_as, cast, open_round, scorer_of, mark
):
    _deadline_in(open_round, 0)
    _submit(open_round, scorer_of(cast["theme_specialist"]))
    _submit(open_round, scorer_of(mark))
    page = client_as(cast["analyst"]).post(_url("close", open_round)).content.decode()
    assert "The deadline is today" in page and "Closing now is early." in page
    assert "the deadline has passed" not in page
    assert _status(open_round) == Round.Status.OPEN


def test_after_the_deadline_with_every_sheet_in_it_closes_at_once(
    client_as, cast, open_round, scorer_of, mark
):
    _deadline_in(open_round, -1)
    _submit(open_round, scorer_of(cast["theme_specialist"]))
    _submit(open_round, scorer_of(mark))
    response = client_as(cast["analyst"]).post(_url("close", open_round))
    assert response.status_code == 302
    assert _status(open_round) == Round.Status.CLOSED


def test_after_the_deadline_a_sheet_out_still_asks(client_as, cast, open_round, scorer_of):
    _deadline_in(open_round, -2)
    _submit(open_round, scorer_of(cast["theme_specialist"]))
    page = client_as(cast["analyst"]).post(_url("close", open_round)).content.decode()
    assert "1 scorer has not submitted: Mark Reed." in page
    assert "early" not in page
    assert _status(open_round) == Round.Status.OPEN


def test_the_round_page_offers_close_and_the_confirm_page_is_not_for_scorers(
    client_as, cast, open_round
):
    page = client_as(cast["analyst"]).get(_url("round", open_round)).content.decode()
    assert "Close the round" in page
    assert client_as(cast["theme_specialist"]).get(_url("close", open_round)).status_code == 403


def test_the_round_page_counts_submitted_sheets_with_the_verb_agreeing(
    client_as, cast, open_round, year, issues, csp16, scorer_of
):
    client = client_as(cast["analyst"])
    page = client.get(_url("round", open_round)).content.decode()
    assert "0 of 2 scorers have submitted." in page
    one = services.create_round(
        year=year, name="One scorer", matrix=csp16, deadline=open_round.deadline, issues=issues
    )
    services.assign_scorers(
        round_=one, issue=issues[0], scorers=[scorer_of(cast["theme_specialist"])]
    )
    services.open_round(round_=one)
    assert "0 of 1 scorer has submitted." in client.get(_url("round", one)).content.decode()


# Reopening ----------------------------------------------------------------------------


def test_reopening_a_closed_round_opens_it_and_the_history_shows_both(client_as, cast, open_round):
    client = client_as(cast["analyst"])
    services.close_round(round_=open_round)
    page = client.get(_url("round", open_round)).content.decode()
    assert "Reopen the round" in page
    confirm = client.get(_url("reopen", open_round)).content.decode()
    assert "Yes, reopen the round" in confirm
    client.post(_url("reopen", open_round))  # without the confirmation: nothing happens
    assert _status(open_round) == Round.Status.CLOSED
    response = client.post(_url("reopen", open_round), {"confirm": "yes"})
    assert response.status_code == 302
    round_ = Round.objects.get(pk=open_round.pk)
    assert round_.status == Round.Status.OPEN
    assert round_.closed_at is None
    statuses = [h.status for h in round_.history.order_by("history_date", "history_id")]
    assert statuses[-2:] == [Round.Status.CLOSED, Round.Status.OPEN]
    assert round_.history.first().history_user == cast["analyst"]
    page = client.get(_url("round", open_round)).content.decode()
    assert "Status: Open for scoring to Closed" in page
    assert "Status: Closed to Open for scoring" in page


def test_reopening_keeps_sheets_and_agreed_scores(open_round, issues, scorer_of, cast):
    sheet = ScoreSheet.objects.get(round=open_round, scorer=scorer_of(cast["theme_specialist"]))
    services.submit_sheet(sheet=sheet, allow_empty=True)
    services.close_round(round_=open_round)
    criterion = open_round.matrix.criteria.first()
    services.moderate_issue(
        round_=open_round, issue=issues[0], agreed={criterion.pk: (3, False)}, rationale="Agreed."
    )
    services.reopen_round(round_=open_round)
    sheet.refresh_from_db()
    assert sheet.status == ScoreSheet.Status.SUBMITTED
    assert open_round.agreed.count() == 1


def test_only_a_closed_round_reopens(open_round):
    with pytest.raises(Exception, match="while the round is open for scoring"):
        services.reopen_round(round_=open_round)


def test_a_round_the_board_has_decided_on_is_not_reopened(client_as, cast, open_round):
    services.close_round(round_=open_round)
    decided = lambda round_: round_.pk == open_round.pk  # noqa: E731
    selectors.answer_board_decided(decided)
    try:
        client = client_as(cast["analyst"])
        page = client.get(_url("round", open_round)).content.decode()
        assert "Reopen the round" not in page
        assert "so the round cannot be reopened" in page
        refused = client.post(_url("reopen", open_round), {"confirm": "yes"}, follow=True)
        assert "so the round cannot be reopened" in refused.content.decode()
        assert _status(open_round) == Round.Status.CLOSED
    finally:
        selectors._board_decided_checks.remove(decided)


# Choosing scorers ---------------------------------------------------------------------


@pytest.fixture
def invited(partnership):
    """Invited by email, not joined: no password and not accepted."""
    user = make_user("nina@example.org", "Nina", "Patel")
    user.set_unusable_password()
    user.save()
    membership = Membership.objects.create(
        user=user, partnership=partnership, role=Role.THEME_SPECIALIST, accepted_at=None
    )
    Invitation.objects.create(membership=membership, sent_at=timezone.now(), first_name="Nina")
    return membership


def test_people_invited_but_not_joined_are_not_offered(client_as, cast, open_round, invited):
    page = client_as(cast["analyst"]).get(_url("scorers", open_round)).content.decode()
    assert "Jo Evans" in page
    assert "Nina" not in page
    assert invited not in selectors.possible_scorers(open_round.year.cycle.partnership)


def test_the_service_refuses_a_scorer_who_has_not_joined(open_round, issues, invited):
    with pytest.raises(Exception, match="Nina Patel has been invited but not joined yet"):
        services.assign_scorers(round_=open_round, issue=issues[0], scorers=[invited])
    assert not Assignment.objects.filter(scorer=invited).exists()


def test_an_open_round_keeps_a_scorer_on_every_issue(client_as, cast, open_round, issues):
    before = set(Assignment.objects.values_list("issue_id", "scorer_id"))
    response = client_as(cast["analyst"]).post(_url("scorers", open_round), {}, follow=True)
    page = response.content.decode()
    assert "Scorers saved." not in page
    first = min(issue.title for issue in issues)  # the page lists them by title
    assert f"Choose at least one scorer for {first}. The round is open" in page
    assert set(Assignment.objects.values_list("issue_id", "scorer_id")) == before


def test_a_person_can_be_asked_to_score_every_issue(client_as, cast, open_round, issues, sam):
    analyst = Membership.objects.get(user=sam)
    client = client_as(cast["analyst"])
    data = {
        f"issue-{issue.pk}": list(
            Assignment.objects.filter(round=open_round, issue=issue).values_list(
                "scorer_id", flat=True
            )
        )
        for issue in issues
    }
    response = client.post(_url("scorers", open_round), {**data, "every-issue": [analyst.pk]})
    assert response.status_code == 302
    assert Assignment.objects.filter(round=open_round, scorer=analyst).count() == len(issues)
    assert ScoreSheet.objects.filter(round=open_round, scorer=analyst).exists()


def test_a_whole_agency_can_be_asked_to_score_every_issue(
    client_as, cast, open_round, issues, police, chris
):
    board = Membership.objects.get(user=chris)
    client = client_as(cast["analyst"])
    page = client.get(_url("scorers", open_round)).content.decode()
    assert "Every issue" in page and "Whole agencies" in page
    response = client.post(_url("scorers", open_round), {"agency": [police.pk]})
    assert response.status_code == 302
    assert set(
        Assignment.objects.filter(round=open_round, scorer=board).values_list("issue", flat=True)
    ) == {i.pk for i in issues}
