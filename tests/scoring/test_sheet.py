"""The score sheet: the grid saves cells, tells not known from 0, refuses bad values,
submits, and stays blind to other scorers. Its queries do not grow with its size."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cycles.services import save_issue
from scoring import services
from scoring.grid import cell_name
from scoring.models import Score, ScoreSheet


def _url(round_, name="scoring:sheet", **extra):
    return reverse(name, kwargs={"slug": "central-bedfordshire", "round_id": round_.pk, **extra})


def _criteria(round_):
    return list(round_.matrix.criteria.all())


def test_the_grid_shows_one_input_per_issue_and_criterion(client_as, cast, open_round):
    page = client_as(cast["theme_specialist"]).get(_url(open_round)).content.decode()
    assert page.count('class="cell"') == 4 * 16
    assert 'aria-label="Anti-social behaviour: Gap in current picture"' in page


def test_a_plain_form_post_saves_the_grid(client_as, cast, open_round, issues):
    criteria = _criteria(open_round)
    data = {
        cell_name(issues[0].pk, criteria[0].pk): "4",
        cell_name(issues[0].pk, criteria[1].pk): "NK",
        cell_name(issues[0].pk, criteria[2].pk): "0",
        "action": "save",
    }
    response = client_as(cast["theme_specialist"]).post(_url(open_round), data)
    assert response.status_code == 302
    scores = {s.criterion_id: s for s in Score.objects.filter(issue=issues[0])}
    assert (scores[criteria[0].pk].value, scores[criteria[0].pk].not_known) == (4, False)
    assert (scores[criteria[1].pk].value, scores[criteria[1].pk].not_known) == (None, True)
    assert (scores[criteria[2].pk].value, scores[criteria[2].pk].not_known) == (0, False)


def test_an_htmx_change_saves_and_returns_the_new_totals(client_as, cast, open_round, issues):
    criteria = _criteria(open_round)
    response = client_as(cast["theme_specialist"]).post(
        _url(open_round),
        {
            cell_name(issues[1].pk, criteria[0].pk): "3",
            cell_name(issues[1].pk, criteria[1].pk): "5",
        },
        HTTP_HX_REQUEST="true",
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert f'<span id="total-{issues[1].pk}" hx-swap-oob="true">8</span>' in body
    assert "Saved at" in body and "2 of 64 scores entered" in body


def test_a_value_off_the_scale_is_not_saved_and_says_which(client_as, cast, open_round, issues):
    criteria = _criteria(open_round)
    client = client_as(cast["theme_specialist"])
    response = client.post(
        _url(open_round),
        {
            cell_name(issues[0].pk, criteria[0].pk): "3",
            cell_name(issues[0].pk, criteria[12].pk): "7",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Anti-social behaviour: Media attention: 7 is outside the scale 0 to 5." in page
    assert 'aria-invalid="true"' in page
    # Issue 17: the valid cell beside it is saved; only the bad one is not.
    assert list(Score.objects.values_list("criterion_id", "value")) == [(criteria[0].pk, 3)]


def test_words_are_refused_with_a_message(client_as, cast, open_round, issues):
    criteria = _criteria(open_round)
    response = client_as(cast["theme_specialist"]).post(
        _url(open_round),
        {cell_name(issues[0].pk, criteria[0].pk): "high"},
        HTTP_HX_REQUEST="true",
    )
    assert "Gap in current picture: enter a whole number from 0 to 5, or NK if not known." in (
        response.content.decode()
    )
    assert not Score.objects.exists()


def test_a_scorer_cannot_write_to_an_issue_they_were_not_given(
    client_as, cast, open_round, issues, scorer_of, mark
):
    services.assign_scorers(round_=open_round, issue=issues[3], scorers=[scorer_of(mark)])
    criteria = _criteria(open_round)
    client_as(cast["theme_specialist"]).post(
        _url(open_round), {cell_name(issues[3].pk, criteria[0].pk): "3"}
    )
    assert not Score.objects.exists()


def test_submitting_locks_the_sheet_until_it_is_reopened(client_as, cast, open_round, issues):
    client = client_as(cast["theme_specialist"])
    criteria = _criteria(open_round)
    cell = cell_name(issues[0].pk, criteria[0].pk)
    # One cell of 64 filled: submitting asks first (issue 17), and the confirmation
    # names the 63 empty cells.
    client.post(_url(open_round), {cell: "2", "action": "submit"})
    client.post(_url(open_round), {"action": "submit_empty", "empty": "63"})
    sheet = ScoreSheet.objects.get(round=open_round, scorer__user=cast["theme_specialist"])
    assert sheet.status == ScoreSheet.Status.SUBMITTED and sheet.submitted_at
    client.post(_url(open_round), {cell: "5"})
    assert Score.objects.get().value == 2
    client.post(_url(open_round, "scoring:sheet_reopen"))
    client.post(_url(open_round), {cell: "5"})
    assert Score.objects.get().value == 5


def test_notes_are_kept_per_score(client_as, cast, open_round, issues):
    criteria = _criteria(open_round)
    url = _url(open_round, "scoring:sheet_issue", issue_id=issues[0].pk)
    data = {f"value-{c.pk}": "" for c in criteria}
    data[f"value-{criteria[0].pk}"] = "nk"
    data[f"note-{criteria[0].pk}"] = "No data from the night-time economy team yet."
    response = client_as(cast["theme_specialist"]).post(url, data)
    assert response.status_code == 302
    score = Score.objects.get(criterion=criteria[0])
    assert score.not_known and score.note == "No data from the night-time economy team yet."


def test_a_note_over_the_limit_is_refused_by_name_and_nothing_is_saved(
    client_as, cast, open_round, issues
):
    criteria = _criteria(open_round)
    url = _url(open_round, "scoring:sheet_issue", issue_id=issues[0].pk)
    data = {f"value-{c.pk}": "3" for c in criteria}
    data[f"note-{criteria[1].pk}"] = "x" * 10_001
    response = client_as(cast["theme_specialist"]).post(url, data)
    assert response.status_code == 400
    page = response.content.decode()
    assert (
        f"The note on {criteria[1].name} has 10,001 characters. Keep it to 10,000 or fewer."
        in page
    )
    assert 'maxlength="10000"' in page
    assert not Score.objects.exists()


def test_scorers_never_see_each_others_scores_before_close(
    client_as, cast, open_round, issues, mark
):
    criteria = _criteria(open_round)
    client_as(mark).post(_url(open_round), {cell_name(issues[0].pk, criteria[0].pk): "4"})
    jo = client_as(cast["theme_specialist"])
    assert 'value="4"' not in jo.get(_url(open_round)).content.decode()
    assert jo.get(_url(open_round, "scoring:ranking")).status_code == 403
    # The round page sends a scorer to their own sheet.
    assert jo.get(_url(open_round, "scoring:round"))["Location"].endswith("/sheet/")


def test_after_close_the_sheet_is_read_only(client_as, cast, open_round, issues):
    criteria = _criteria(open_round)
    services.close_round(round_=open_round)
    client = client_as(cast["theme_specialist"])
    page = client.get(_url(open_round)).content.decode()
    assert "readonly" in page
    client.post(_url(open_round), {cell_name(issues[0].pk, criteria[0].pk): "4"})
    assert not Score.objects.exists()


@pytest.mark.parametrize("issue_count", [4, 40])
def test_the_grid_costs_the_same_queries_for_4_or_40_issues(
    client_as, cast, open_round, scorer_of, issue_count
):
    jo = scorer_of(cast["theme_specialist"])
    extra = [save_issue(year=open_round.year, title=f"Issue {i}") for i in range(issue_count - 4)]
    for issue in extra:
        open_round.issues.add(issue)
        services.assign_scorers(round_=open_round, issue=issue, scorers=[jo])
    sheet = ScoreSheet.objects.get(round=open_round, scorer=jo)
    criteria = _criteria(open_round)
    services.save_scores(
        sheet=sheet,
        cells={(i.pk, c.pk): (3, False) for i in open_round.issues.all() for c in criteria},
    )
    client = client_as(cast["theme_specialist"])
    with CaptureQueriesContext(connection) as queries:
        response = client.get(_url(open_round))
    assert response.content.decode().count('class="cell"') == issue_count * 16
    # Session, user, the person's memberships (the page's and the menu's), the sheet with
    # its round and year, criteria, interests, issues, scores, up to 2 for the crime-data
    # suggestions (links to crime types; the police counts), 2 for the consultation's
    # (the long list; ranking answers), 2 for the accepted rationale documents, the
    # sheet's history, and the session's save. test_suggestions.py checks it with
    # suggestions shown.
    assert len(queries) <= 18
    tables = " ".join(q["sql"].split(" WHERE ")[0] for q in queries.captured_queries)
    assert 'FROM "scoring_round"' not in tables  # read with the sheet
    assert 'FROM "cycles_cycleyear"' not in tables
