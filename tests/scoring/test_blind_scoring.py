"""Blind scoring: a scorer who has not submitted their sheet gets no other scorer's
values and no totals from any page they can reach; those who run rounds see
everything, and a scorer who has submitted sees the results once the round closes."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from scoring import grid, services
from scoring.models import ScoreSheet

SLUG = "central-bedfordshire"
SECRET = "Fire service view: rising sharply"


@pytest.fixture
def marks_sheet_in(open_round, issues, mark, scorer_of):
    """Mark scores every issue 5 with a note only his sheet holds, and submits."""
    sheet = ScoreSheet.objects.select_related("round").get(round=open_round, scorer=scorer_of(mark))
    criteria = list(open_round.matrix.criteria.all())
    cells = {(i.pk, c.pk): (5, False) for i in issues for c in criteria}
    notes = {(i.pk, c.pk): SECRET for i in issues for c in criteria}
    services.save_scores(sheet=sheet, cells=cells, notes=notes)
    services.submit_sheet(sheet=sheet)
    return sheet


def _url(name, round_, **kwargs):
    return reverse(name, kwargs={"slug": SLUG, "round_id": round_.pk, **kwargs})


def _workbook_values(content: bytes) -> set:
    wb = load_workbook(io.BytesIO(content))
    ws = wb["Scores"]
    return {cell for row in ws.iter_rows(min_row=2, min_col=2, values_only=True) for cell in row}


def _pages_show_nothing_of_marks(client, round_, issues):
    for url in (
        _url("scoring:sheet", round_),
        _url("scoring:sheet_issue", round_, issue_id=issues[0].pk),
        _url("scoring:sheet_interest", round_, issue_id=issues[0].pk),
        reverse("scoring:rounds", kwargs={"slug": SLUG}),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert SECRET not in response.content.decode(), url
    # The autosave fragment gives back only the scorer's own totals: none yet.
    criteria = list(round_.matrix.criteria.all())
    fragment = client.post(
        _url("scoring:sheet", round_),
        {grid.cell_name(issues[1].pk, criteria[0].pk): ""},
        HTTP_HX_REQUEST="true",
    ).content.decode()
    assert SECRET not in fragment
    assert f'<span id="total-{issues[0].pk}" hx-swap-oob="true">–</span>' in fragment
    # Her workbook holds her own (empty) values, not Mark's 5s.
    export = client.get(_url("scoring:sheet_export", round_))
    assert export.status_code == 200
    assert _workbook_values(export.content) <= {None} | {f"=SUM(B{r}:Q{r})" for r in range(2, 10)}
    # The round page sends her to her own sheet, never to the results.
    assert client.get(_url("scoring:round", round_))["Location"] == _url("scoring:sheet", round_)


def test_while_open_a_scorer_who_has_not_submitted_sees_no_other_scores(
    client_as, cast, open_round, issues, marks_sheet_in
):
    client = client_as(cast["theme_specialist"])
    _pages_show_nothing_of_marks(client, open_round, issues)
    for name in ("scoring:ranking", "scoring:round_export", "scoring:moderation"):
        assert client.get(_url(name, open_round)).status_code == 403, name
    moderate = _url("scoring:moderate_issue", open_round, issue_id=issues[0].pk)
    assert client.get(moderate).status_code == 403


def test_after_closing_a_scorer_who_did_not_submit_still_sees_no_results(
    client_as, cast, open_round, issues, marks_sheet_in
):
    closed = services.close_round(round_=open_round)
    client = client_as(cast["theme_specialist"])
    _pages_show_nothing_of_marks(client, closed, issues)
    response = client.get(_url("scoring:ranking", closed), follow=True)
    assert response.redirect_chain == [(_url("scoring:sheet", closed), 302)]
    page = response.content.decode()
    assert "you did not submit your sheet, so the ranking stays hidden from you" in page
    assert SECRET not in page
    assert client.get(_url("scoring:round_export", closed)).status_code == 403
    assert client.get(_url("scoring:moderation", closed)).status_code == 403
    moderate = _url("scoring:moderate_issue", closed, issue_id=issues[0].pk)
    assert client.get(moderate).status_code == 403


def test_after_submitting_the_scorer_sees_the_results_once_the_round_closes(
    client_as, cast, open_round, issues, marks_sheet_in, scorer_of
):
    own = ScoreSheet.objects.select_related("round").get(
        round=open_round, scorer=scorer_of(cast["theme_specialist"])
    )
    services.submit_sheet(sheet=own, allow_empty=True)
    client = client_as(cast["theme_specialist"])
    # Still open: the product never showed results before the close, and does not now.
    assert client.get(_url("scoring:ranking", open_round)).status_code == 403
    closed = services.close_round(round_=open_round)
    page = client.get(_url("scoring:ranking", closed))
    assert page.status_code == 200
    assert "80" in page.content.decode()  # Mark's sixteen 5s: the agreed total so far
    assert client.get(_url("scoring:round_export", closed)).status_code == 200
    assert client.get(_url("scoring:round", closed))["Location"] == _url("scoring:ranking", closed)


def test_analysts_and_board_members_see_the_results_whoever_has_not_submitted(
    client_as, cast, open_round, issues, marks_sheet_in
):
    closed = services.close_round(round_=open_round)
    for role in ("analyst", "admin", "board_member"):
        client = client_as(cast[role])
        assert client.get(_url("scoring:ranking", closed)).status_code == 200, role
        assert client.get(_url("scoring:round_export", closed)).status_code == 200, role
    moderate = _url("scoring:moderate_issue", closed, issue_id=issues[0].pk)
    assert SECRET in client_as(cast["analyst"]).get(moderate).content.decode()
