"""What consultation puts in a person's calendar: the rationale documents asked of them
that they have not handed in, on the day each is due. One query."""

from collections.abc import Sequence

from cycles.calendar import CalendarEvent, EventMaker, Window
from partnerships.models import Membership

from .dashboard import WAITING_ON_THE_WRITER
from .models import RationaleDocument


def rationales_due(memberships: Sequence[Membership], window: Window) -> list[CalendarEvent]:
    documents = RationaleDocument.objects.filter(
        specialist__in=memberships,
        state__in=WAITING_ON_THE_WRITER,
        due_on__range=window.dates,
    ).select_related("year__cycle__partnership", "issue")
    make = EventMaker(memberships)
    return [
        make(
            document.year.cycle.partnership,
            uid=f"rationale-{document.pk}",
            on=document.due_on,
            summary=f"Rationale document due: {document.subject}",
            view="consultation:rationale",
            ids={"rationale_id": document.pk},
            description=f"{document.get_state_display()}.",
        )
        for document in documents
    ]
