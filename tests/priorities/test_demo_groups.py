"""Issue 14, point 7: the demo holds an operational delivery group with members and a
closed meeting whose every item ends in a decision on actions, an action the group
owns, and questions put to it; building the demo twice adds nothing."""

from datetime import date

from demo.builder import build_demo
from priorities.models import Action, DecisionRequest, Group, Item, Meeting
from reports.models import Comment


def test_the_demo_has_an_operational_delivery_group_with_a_closed_meeting(db):
    build_demo(date(2026, 11, 24))
    group = Group.objects.get(kind=Group.Kind.OPERATIONAL_DELIVERY)
    assert group.chair.user.username == "specialist@example.org"
    assert group.members.count() == 3
    meeting = Meeting.objects.get(group=group)
    assert meeting.is_closed()
    assert meeting.items.count() == 3
    assert all(item.outcome for item in meeting.items.all())
    assert Action.objects.filter(owner_group=group, owner__isnull=True).count() == 1
    answered, waiting = DecisionRequest.objects.filter(group=group).order_by("due_on")
    assert answered.item.outcome.startswith("Not this quarter")
    assert waiting.item is None
    # Seed 001: the group reviews the draft, and says so on its comment.
    review = Comment.objects.get(for_group=group)
    assert review.author == group.chair and review.section.key == "priorities"

    counts = (Group.objects.count(), Meeting.objects.count(), Item.objects.count())
    comments = Comment.objects.count()
    build_demo(date(2026, 11, 24))
    assert (Group.objects.count(), Meeting.objects.count(), Item.objects.count()) == counts
    assert Comment.objects.count() == comments
