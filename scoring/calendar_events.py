"""What scoring puts in a person's calendar: the deadline of each score sheet they
still have to submit in an open round. One query."""

from collections.abc import Sequence

from cycles.calendar import CalendarEvent, EventMaker, Window
from partnerships.models import Membership

from .models import Round, ScoreSheet


def sheets_due(memberships: Sequence[Membership], window: Window) -> list[CalendarEvent]:
    sheets = ScoreSheet.objects.filter(
        scorer__in=memberships,
        status=ScoreSheet.Status.DRAFT,
        round__status=Round.Status.OPEN,
        round__deadline__range=window.dates,
    ).select_related("round__year__cycle__partnership")
    make = EventMaker(memberships)
    return [
        make(
            sheet.round.year.cycle.partnership,
            uid=f"score-sheet-{sheet.pk}",
            on=sheet.round.deadline,
            summary=f"Score sheet due: {sheet.round.name}",
            view="scoring:sheet",
            ids={"round_id": sheet.round_id},
            description="Submit your score sheet by the end of the day.",
        )
        for sheet in sheets
    ]
