"""The demo's groups (seeds 001 and 004): an operational delivery group chaired by the
reducing re-offending lead, with a closed meeting whose every item ends in a decision on
actions, an action the group owns, a question the board put to it (answered at that
meeting) and a second question still waiting for its agenda."""

from datetime import date, timedelta

from django.db import transaction

from demo.meetings_demo import close_on_the_day
from partnerships.models import Membership, Partnership
from priorities.models import Group
from priorities.services import groups, meetings

NAME = "Operational delivery group"

# title, summary, decision on actions, action (title, owner's email or None for the group)
ITEMS = [
    (
        "Hotspot patrols around the town centres",
        "Police and council wardens report on the evening hotspots named in the assessment.",
        "Keep joint patrols on Friday and Saturday evenings for another quarter; the group "
        "owns a review of the hotspot map before the next meeting.",
        ("Review the hotspot map with the latest quarter's incidents", None),
    ),
    (
        "Referral route for repeat victims of anti-social behaviour",
        "A single referral route from the police, council and housing providers.",
        "Agree the route and start it next month; probation and the council draft the "
        "referral form together.",
        ("Draft the shared referral form", "specialist@example.org"),
    ),
]


@transaction.atomic
def build_groups_demo(partnership: Partnership, today: date) -> Group:
    """Safe to run twice: an existing group is left as it is."""
    existing = Group.objects.filter(partnership=partnership, name=NAME).first()
    if existing is not None:
        return existing
    people = {
        m.user.username: m
        for m in Membership.objects.filter(partnership=partnership).select_related("user")
    }
    chair = people["specialist@example.org"]
    board = people["board@example.org"]
    group = groups.create_group(
        partnership=partnership,
        kind=Group.Kind.OPERATIONAL_DELIVERY,
        name=NAME,
        purpose="Turns the board's priorities into delivery: plans the work, owns the actions "
        "and reports progress to the board each quarter.",
        members=[chair, people["analyst@example.org"], board],
        chair=chair,
    )
    held_on = today - timedelta(days=14)
    meeting = groups.create_group_meeting(
        group=group,
        held_on=held_on,
        title=NAME,
        location="Priory House, Chicksands",
        attendees="Jo Evans, Probation Service (chair)\nSam Taylor, Central Bedfordshire "
        "Council\nChris Morgan, Bedfordshire Police",
    )
    due = held_on + timedelta(days=42)
    for title, summary, outcome, (action, owner) in ITEMS:
        item = meetings.add_item(meeting=meeting, title=title, summary=summary)
        meetings.record_item_outcome(item=item, outcome=outcome)
        meetings.raise_action(
            partnership=partnership,
            title=action,
            due_on=due,
            raised_on=held_on,
            item=item,
            owner=people[owner] if owner else None,
            owner_group=group,
        )
    answered = groups.ask_group(
        group=group,
        question="Can the partnership fund a second night of joint patrols?",
        due_on=held_on,
        asked_by=board,
        asked_on=held_on - timedelta(days=10),
    )
    item = groups.put_request_on_agenda(request=answered)
    meetings.record_item_outcome(
        item=item,
        outcome="Not this quarter: the review of the hotspot map comes first. The group "
        "will bring a costed case to the board in the spring.",
    )
    close_on_the_day(meeting, closed_by=chair)
    groups.ask_group(
        group=group,
        question="Should the referral route also take referrals from schools?",
        due_on=today + timedelta(days=30),
        asked_by=people["analyst@example.org"],
        asked_on=today,
    )
    return group
