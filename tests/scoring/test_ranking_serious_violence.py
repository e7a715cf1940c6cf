"""The ranking page marks an issue in the serious violence strand with a tag that says
so, and does not repeat the name of the issue that is the strand itself."""

import re

from django.urls import reverse

from cycles.models import Issue
from scoring import services

SLUG = "central-bedfordshire"
TAG = '<span class="tag tag-serious-violence">Part of the serious violence strand</span>'


def _issue_cells(client, round_) -> list[str]:
    url = reverse("scoring:ranking", kwargs={"slug": SLUG, "round_id": round_.pk})
    page = client.get(url).content.decode()
    table = page[page.index('data-testid="ranking"') : page.index('data-testid="heatmap"')]
    return re.findall(r'<th scope="row">(.*?)</th>', table, re.S)


def test_the_tag_explains_itself_and_never_repeats_the_issue_name(
    client_as, cast, open_round, issues
):
    Issue.objects.filter(pk=issues[0].pk).update(serious_violence=True, title="Serious violence")
    Issue.objects.filter(pk=issues[1].pk).update(serious_violence=True)
    round_ = services.close_round(round_=open_round)
    cells = _issue_cells(client_as(cast["analyst"]), round_)
    assert "Serious violence" in cells
    assert f"{issues[1].title} {TAG}" in cells
    assert not [cell for cell in cells if cell.lower().count("serious violence") > 1]
