"""Issue 17, the score sheet's guard rails: each valid cell saves while another holds
a bad value, which stays marked where it is; a sheet with empty cells is submitted
only once the scorer confirms, told what is empty; "not known" is an answer."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from scoring import services
from scoring.grid import cell_name
from scoring.models import Score, ScoreSheet

CELLS = 4 * 16  # the open round: 4 issues on the 16-criterion matrix


def _url(round_):
    return reverse("scoring:sheet", kwargs={"slug": "central-bedfordshire", "round_id": round_.pk})


def _sheet(round_, user):
    return ScoreSheet.objects.get(round=round_, scorer__user=user)


@pytest.fixture
def criteria(open_round):
    return list(open_round.matrix.criteria.all())


@pytest.fixture
def mixed(issues, criteria):
    """A 7 and "abc" typed between valid entries, as in the issue."""
    first, second = issues[0], issues[1]
    return {
        cell_name(first.pk, criteria[0].pk): "3",
        cell_name(first.pk, criteria[1].pk): "7",
        cell_name(first.pk, criteria[2].pk): "4",
        cell_name(first.pk, criteria[3].pk): "abc",
        cell_name(first.pk, criteria[4].pk): "nk",
        cell_name(second.pk, criteria[0].pk): "5",
    }


def _saved(round_, user):
    return {
        cell_name(s.issue_id, s.criterion_id): ("NK" if s.not_known else s.value)
        for s in Score.objects.filter(sheet=_sheet(round_, user))
    }


def test_a_plain_post_saves_every_valid_cell_around_the_invalid_ones(
    client_as, cast, open_round, issues, criteria, mixed
):
    jo = cast["theme_specialist"]
    response = client_as(jo).post(_url(open_round), {**mixed, "action": "save"})
    assert response.status_code == 400
    a, b = issues[0].pk, issues[1].pk
    assert _saved(open_round, jo) == {
        cell_name(a, criteria[0].pk): 3,
        cell_name(a, criteria[2].pk): 4,
        cell_name(a, criteria[4].pk): "NK",
        cell_name(b, criteria[0].pk): 5,
    }
    page = response.content.decode()
    seven, abc = cell_name(a, criteria[1].pk), cell_name(a, criteria[3].pk)
    for name, typed in ((seven, "7"), (abc, "abc")):
        # Marked where it is, the bad value kept in the input, the message tied to it.
        assert (
            f'<input name="{name}" id="{name}" value="{typed}" aria-invalid="true"'
            f' class="cell is-invalid"'
        ) in page
        assert f'aria-describedby="{name}-error"' in page
        assert f'<span class="cell-error" id="{name}-error">' in page
    # The summary at the top counts them and links to each.
    assert "2 scores not saved" in page
    assert f'data-invalid="{seven} {abc}"' in page
    assert (
        f'<a href="#{seven}">Anti-social behaviour: {criteria[1].name}: '
        "7 is outside the scale 0 to 5.</a>"
    ) in page
    assert "Your other scores are saved." in page
    assert "4 of 64 scores entered. 2 scores are not valid, so they are not saved." in page


def test_after_a_reload_the_valid_cells_are_there_and_the_bad_ones_are_not(
    client_as, cast, open_round, issues, criteria, mixed
):
    client = client_as(cast["theme_specialist"])
    client.post(_url(open_round), mixed)
    page = client.get(_url(open_round)).content.decode()
    a, b = issues[0].pk, issues[1].pk
    for name, shown in (
        (cell_name(a, criteria[0].pk), "3"),
        (cell_name(a, criteria[2].pk), "4"),
        (cell_name(a, criteria[4].pk), "NK"),
        (cell_name(b, criteria[0].pk), "5"),
        (cell_name(a, criteria[1].pk), ""),
        (cell_name(a, criteria[3].pk), ""),
    ):
        assert f'<input name="{name}" id="{name}" value="{shown}" class="cell"' in page
    assert 'aria-invalid="true"' not in page
    assert "4 of 64 scores entered." in page


def test_an_autosave_saves_the_valid_cells_and_names_the_bad_ones(
    client_as, cast, open_round, issues, criteria, mixed
):
    jo = cast["theme_specialist"]
    response = client_as(jo).post(_url(open_round), mixed, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    body = response.content.decode()
    seven = cell_name(issues[0].pk, criteria[1].pk)
    abc = cell_name(issues[0].pk, criteria[3].pk)
    assert len(_saved(open_round, jo)) == 4
    assert f'data-invalid="{seven} {abc}" data-saved="yes" hx-swap-oob="true"' in body
    assert "2 scores not saved" in body and f'href="#{abc}"' in body
    assert "Saved at" in body and "4 of 64 scores entered. 2 scores are not valid" in body
    # The row total counts the saved cells: 3 + 4 (not known and the bad cells add 0).
    assert f'<span id="total-{issues[0].pk}" hx-swap-oob="true">7</span>' in body


def test_correcting_the_bad_cell_saves_it_and_clears_the_summary(
    client_as, cast, open_round, issues, criteria, mixed
):
    jo = cast["theme_specialist"]
    client = client_as(jo)
    client.post(_url(open_round), mixed, HTTP_HX_REQUEST="true")
    seven = cell_name(issues[0].pk, criteria[1].pk)
    abc = cell_name(issues[0].pk, criteria[3].pk)
    body = client.post(
        _url(open_round), {**mixed, seven: "2", abc: ""}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert 'data-invalid="" data-saved="yes"' in body and "not saved" not in body
    assert _saved(open_round, jo)[seven] == 2 and abc not in _saved(open_round, jo)


def test_a_closed_round_saves_nothing_and_says_so_on_an_autosave(
    client_as, cast, open_round, issues, criteria, mixed
):
    services.close_round(round_=open_round)
    body = client_as(cast["theme_specialist"]).post(_url(open_round), mixed, HTTP_HX_REQUEST="true")
    body = body.content.decode()
    assert "Your scores were not saved" in body and 'data-saved="no"' in body
    assert "Your other scores are saved." not in body
    assert not Score.objects.exists()


def test_submitting_with_a_bad_cell_saves_the_rest_but_does_not_submit(
    client_as, cast, open_round, mixed
):
    jo = cast["theme_specialist"]
    response = client_as(jo).post(_url(open_round), {**mixed, "action": "submit"}, follow=True)
    assert response.status_code == 400
    assert "Your sheet was not submitted. Correct the marked scores." in response.content.decode()
    assert _sheet(open_round, jo).status == ScoreSheet.Status.DRAFT
    assert len(_saved(open_round, jo)) == 4


def test_submitting_an_incomplete_sheet_asks_first_and_says_what_is_empty(
    client_as, cast, open_round, issues, criteria
):
    jo = cast["theme_specialist"]
    # Anti-social behaviour: all but two criteria; re-offending: one missing; the rest none.
    data = {cell_name(issues[0].pk, c.pk): "2" for c in criteria[2:]}
    data |= {cell_name(issues[1].pk, c.pk): "nk" for c in criteria[1:]}
    response = client_as(jo).post(_url(open_round), {**data, "action": "submit"})
    assert response.status_code == 200
    page = response.content.decode()
    assert _sheet(open_round, jo).status == ScoreSheet.Status.DRAFT
    assert len(_saved(open_round, jo)) == 29  # the cells sent were saved as a draft
    assert "Submit with 35 empty scores?" in page
    assert "You have answered 29 of 64 scores." in page
    assert (
        f"<strong>Anti-social behaviour</strong>: {criteria[0].name} and {criteria[1].name}"
    ) in page
    assert f"<strong>Reducing re-offending</strong>: {criteria[0].name}</li>" in page
    assert "<strong>Domestic abuse</strong>: all 16 criteria" in page
    assert '<input type="hidden" name="empty" value="35" form="score-form">' in page
    assert "Your scores are submitted" not in page


def test_the_confirmation_submits_the_incomplete_sheet(
    client_as, cast, open_round, issues, criteria
):
    jo = cast["theme_specialist"]
    client = client_as(jo)
    client.post(_url(open_round), {cell_name(issues[0].pk, criteria[0].pk): "3"})
    response = client.post(
        _url(open_round), {"action": "submit_empty", "empty": str(CELLS - 1)}, follow=True
    )
    assert "Your scores are submitted. Thank you." in response.content.decode()
    assert _sheet(open_round, jo).status == ScoreSheet.Status.SUBMITTED


def test_a_confirmation_for_another_count_asks_again(client_as, cast, open_round, issues, criteria):
    """Confirmed for 64 empty, but one cell was filled since (another tab): ask again."""
    jo = cast["theme_specialist"]
    client = client_as(jo)
    client.post(_url(open_round), {"action": "submit"})
    client.post(_url(open_round), {cell_name(issues[0].pk, criteria[0].pk): "3"})
    response = client.post(_url(open_round), {"action": "submit_empty", "empty": str(CELLS)})
    assert "Submit with 63 empty scores?" in response.content.decode()
    assert _sheet(open_round, jo).status == ScoreSheet.Status.DRAFT


def test_a_complete_sheet_with_not_known_answers_submits_at_once(
    client_as, cast, open_round, issues, criteria
):
    jo = cast["theme_specialist"]
    data = {
        cell_name(i.pk, c.pk): ("nk" if (n + m) % 3 == 0 else "1")
        for n, i in enumerate(issues)
        for m, c in enumerate(criteria)
    }
    response = client_as(jo).post(_url(open_round), {**data, "action": "submit"}, follow=True)
    page = response.content.decode()
    assert "Your scores are submitted. Thank you." in page and "empty" not in page.lower()
    assert _sheet(open_round, jo).status == ScoreSheet.Status.SUBMITTED


def test_the_service_refuses_an_incomplete_sheet_unless_allowed(cast, open_round, issues):
    sheet = _sheet(open_round, cast["theme_specialist"])
    criterion = open_round.matrix.criteria.first()
    services.save_scores(sheet=sheet, cells={(issues[0].pk, criterion.pk): (None, True)})
    assert services.empty_cell_count(sheet) == CELLS - 1
    with pytest.raises(ValidationError, match="63 scores are empty"):
        services.submit_sheet(sheet=sheet)
    assert services.submit_sheet(sheet=sheet, allow_empty=True).status == "submitted"


@pytest.mark.parametrize(
    ("who", "status"), [("theme_specialist", 302), ("analyst", 403), ("outsider", 404)]
)
def test_only_the_sheets_scorer_can_confirm_its_submission(
    client_as, cast, open_round, who, status
):
    response = client_as(cast[who]).post(
        _url(open_round), {"action": "submit_empty", "empty": str(CELLS)}
    )
    assert response.status_code == status
    submitted = _sheet(open_round, cast["theme_specialist"]).status == "submitted"
    assert submitted is (who == "theme_specialist")
