"""The board's decisions on the plan, for the meeting page of priorities (which may not
import plans): one query for the whole meeting."""

from priorities.meeting_papers import PaperLine, recorder
from priorities.models import Meeting

from .models import PlanDecision


def plan_decisions(meeting: Meeting) -> list[PaperLine]:
    decisions = PlanDecision.objects.filter(item__meeting=meeting).select_related(
        "plan__year", "plan__partnership", "recorded_by__user"
    )
    return [
        PaperLine(
            item_id=decision.item_id,
            paper=f"{decision.plan}",
            url=decision.plan.get_absolute_url(),
            outcome=decision.get_outcome_display(),
            note=decision.minute,
            recorded_by=recorder(decision.recorded_by),
            testid="plan-decision",
        )
        for decision in decisions
    ]
