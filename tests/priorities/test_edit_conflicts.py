"""Issue 11, item 7: a priority or checklist item changed by someone else since the
form was opened is not overwritten; the second save is refused with what differs."""

from django.urls import reverse

from tests.edit_clash import seen_stamp

SLUG = "central-bedfordshire"


def test_a_second_edit_of_a_priority_is_refused(client_as, cast, proposal, issues):
    url = reverse("priorities:priority_edit", kwargs={"slug": SLUG, "priority_id": proposal.pk})
    first = client_as(cast["analyst"])
    seen = seen_stamp(first.get(url).content.decode())
    form = {"title": "Anti-social behaviour", "issues": [issues[0].pk], "seen": seen}
    assert first.post(url, {**form, "emphasis": "Repeat victims first"}).status_code == 302
    second = client_as(cast["analyst"])
    response = second.post(url, {**form, "emphasis": "Hotspots first"})
    page = response.content.decode()
    assert "This priority was saved on" in page
    assert "It now differs from yours in: the emphasis." in page
    proposal.refresh_from_db()
    assert proposal.emphasis == "Repeat victims first"


def test_a_second_save_of_a_checklist_item_is_refused(client_as, cast, run):
    item = run.items.first()
    url = reverse("priorities:checklist_item", kwargs={"slug": SLUG, "item_id": item.pk})
    client = client_as(cast["analyst"])
    seen = seen_stamp(client.get(url).content.decode())
    form = {"rag": "amber", "status_key": "", "development": "", "seen": seen}
    assert client.post(url, {**form, "action": "Write the protocol."}).status_code == 302
    response = client.post(url, {**form, "action": "Ask the board."})
    page = response.content.decode()
    assert "This checklist item was saved on" in page and "the action" in page
    item.refresh_from_db()
    assert item.action == "Write the protocol."
