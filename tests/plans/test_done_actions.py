"""A plan lists under "What we will do" only the actions still to do: a done action is
listed under "Done", a dropped one not at all, so a new version does not carry finished
work forward as future work."""

from datetime import timedelta

from django.template.loader import render_to_string
from django.utils import timezone

from plans import rules, selectors
from plans.services import start_plan
from priorities.models import Action
from priorities.services.meetings import add_item, create_meeting, raise_action


def _raise(partnership, priority, title, status, owner=None):
    meeting = create_meeting(partnership=partnership, held_on=timezone.localdate())
    action = raise_action(
        partnership=partnership,
        title=title,
        due_on=timezone.localdate() + timedelta(days=30),
        raised_on=timezone.localdate(),
        owner_agency=partnership.agencies.first(),
        item=add_item(meeting=meeting, title=title),
        priority=priority,
    )
    Action.objects.filter(pk=action.pk).update(status=status)


def test_done_and_dropped_actions_are_not_future_work(partnership, year, asb, police):
    _raise(partnership, asb, "Train the wardens", Action.Status.DONE)
    _raise(partnership, asb, "Buy a mobile CCTV van", Action.Status.DROPPED)
    _raise(partnership, asb, "Run the street surgeries", Action.Status.IN_PROGRESS)
    (row,) = selectors.priority_rows(year)
    assert [a["title"] for a in row["actions"]] == [
        "Run the street surgeries",
        "Map repeat victims with the council",
    ]
    assert [a["title"] for a in row["done"]] == ["Train the wardens"]


def test_the_plan_shows_done_actions_under_their_own_heading(partnership, year, asb, police):
    _raise(partnership, asb, "Train the wardens", Action.Status.DONE)
    plan = start_plan(partnership=partnership, year=year)
    html = render_to_string("plans/_plan_body.html", {"plan": plan, "sections": [], "document": {}})
    will_do = html[html.index("What we will do") : html.index("<h4>Done</h4>")]
    assert "Map repeat victims with the council" in will_do
    assert "Train the wardens" not in will_do
    assert "Train the wardens" in html[html.index("<h4>Done</h4>") :]


def test_an_action_done_since_the_last_version_is_said_to_be_done():
    before = {"priorities": [{"title": "ASB", "actions": [{"title": "Train the wardens"}]}]}
    after = {
        "priorities": [{"title": "ASB", "actions": [], "done": [{"title": "Train the wardens"}]}]
    }
    (section,) = rules.compare(before, after)
    assert [(line.kind, line.text) for line in section.lines] == [
        ("changed", "ASB, action done: Train the wardens")
    ]
