"""A full-size sheet saves: the national long list (40 issues) on the 16-criterion
matrix is 640 cells and 640 confidence choices, and htmx posts the whole form on every
change. Over Django's default field limit (1,000) every autosave answered 400."""

import re

from django.urls import reverse

from cycles.services import save_issue
from scoring import services
from scoring.models import Score, ScoreSheet

SLUG = "central-bedfordshire"


def test_a_forty_issue_sheet_autosaves_one_changed_cell(client_as, cast, year, csp16, scorer_of):
    issues = [save_issue(year=year, title=f"Issue {n}") for n in range(1, 41)]
    round_ = services.create_round(
        year=year, name="National", matrix=csp16, deadline=year.ends_on, issues=issues
    )
    jo = scorer_of(cast["theme_specialist"])
    for issue in issues:
        services.assign_scorers(round_=round_, issue=issue, scorers=[jo])
    services.open_round(round_=round_)
    url = reverse("scoring:sheet", kwargs={"slug": SLUG, "round_id": round_.pk})
    client = client_as(cast["theme_specialist"])
    page = client.get(url).content.decode()
    fields = dict(re.findall(r'<input name="(c\d+_\d+)" id="[^"]*" value="([^"]*)"', page))
    fields |= {name: "" for name in re.findall(r'<select name="(k\d+_\d+)"', page)}
    assert len(fields) == 40 * 16 * 2
    cell = next(iter(sorted(fields)))
    fields[cell] = "3"
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)

    answer = client.post(url, {**fields, "csrfmiddlewaretoken": token}, HTTP_HX_REQUEST="true")

    assert answer.status_code == 200
    assert "Saved at" in answer.content.decode()
    issue_id, criterion_id = map(int, cell[1:].split("_"))
    sheet = ScoreSheet.objects.get(round=round_, scorer=jo)
    assert Score.objects.get(sheet=sheet, issue_id=issue_id, criterion_id=criterion_id).value == 3
