"""The demo's board meetings, closed as a board closes them: the demo's modules hold
their meetings (each under the board's one name, BOARD), then `close_held_meetings`
records who came to each that has taken place, gives any agenda item still without
one its decision on actions, and closes it through the meeting services, dated the
evening of the day it was held. Meetings on or after today stay open. Safe to run
again: a closed meeting is left as it is."""

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from partnerships.models import Membership, Partnership
from priorities.models import Meeting
from priorities.services import meetings

BOARD = "Community Safety Executive"
PLACE = "Priory House, Chicksands"
ATTENDEES = (
    "Chris Morgan, Bedfordshire Police (chair)\n"
    "Priya Shah, Central Bedfordshire Council\n"
    "Sam Taylor, Central Bedfordshire Council\n"
    "Jo Evans, Probation Service"
)
CLOSER = "analyst@example.org"
# The evening of the meeting's day: the analyst closes it once the minutes are written.
CLOSED_AT = time(17, 30)

# A meeting the demo holds with no business of its own gets this item.
PROGRESS = (
    "Progress on the priorities",
    "Each lead reported on the delivery plan for their priority.",
    "Noted. No new actions: each lead reports again at the next meeting.",
)
# The decision on actions for an item a paper's decision does not give one.
NO_NEW_ACTIONS = "No new actions: the decision above stands."


def close_held_meetings(partnership: Partnership, today: date) -> None:
    """Close every meeting of `partnership` held before `today` that is still open."""
    closer = Membership.objects.get(partnership=partnership, user__username=CLOSER)
    held = Meeting.objects.filter(
        partnership=partnership, held_on__lt=today, closed_at__isnull=True
    ).order_by("held_on", "pk")
    for meeting in held:
        _record_attendees(meeting, today)
        if not meeting.items.exists():
            title, summary, outcome = PROGRESS
            item = meetings.add_item(meeting=meeting, title=title, summary=summary)
            meetings.record_item_outcome(item=item, outcome=outcome)
        for item in meeting.items.filter(outcome=""):
            meetings.record_item_outcome(item=item, outcome=NO_NEW_ACTIONS)
        close_on_the_day(meeting, closed_by=closer)


def weekday_on_or_before(day: date) -> date:
    """A board meets on a weekday: a Saturday or Sunday moves back to the Friday."""
    return day - timedelta(days=max(day.weekday() - 4, 0))


def close_on_the_day(meeting: Meeting, *, closed_by: Membership) -> None:
    """Close `meeting` through the service, then date the closing the evening of the
    day it was held rather than the moment the demo is built."""
    meetings.close_meeting(meeting=meeting, closed_by=closed_by)
    closed_at = timezone.make_aware(datetime.combine(meeting.held_on, CLOSED_AT))
    Meeting.objects.filter(pk=meeting.pk).update(closed_at=closed_at)
    # Its history as the meeting ran: set up a fortnight before, the attendance taken
    # in the morning, closed that evening by the person who closed it.
    history = Meeting.history.filter(id=meeting.pk)
    history.filter(history_type="+").update(history_date=closed_at - timedelta(days=14))
    history.filter(history_type="~", closed_at__isnull=True).update(
        history_date=timezone.make_aware(datetime.combine(meeting.held_on, time(9, 30)))
    )
    history.filter(history_type="~", closed_at__isnull=False).update(
        history_date=closed_at, history_user_id=closed_by.user_id
    )


def _record_attendees(meeting: Meeting, today: date) -> None:
    if meeting.attendees.strip():
        return
    meetings.update_meeting(
        meeting=meeting,
        held_on=meeting.held_on,
        title=meeting.title,
        location=meeting.location or PLACE,
        attendees=ATTENDEES,
        apologies=meeting.apologies,
        today=today,
    )
