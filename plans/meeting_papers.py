"""The board's decisions on the plan, for the meeting page of priorities (which may not
import plans): one query for the whole meeting."""

from priorities.meeting_papers import PaperLine, decision_lines
from priorities.models import Meeting

from .models import PlanDecision


def plan_decisions(meeting: Meeting) -> list[PaperLine]:
    return decision_lines(
        PlanDecision.objects.filter(item__meeting=meeting).select_related(
            "plan__year", "plan__partnership", "recorded_by__user"
        ),
        # The plan's own name says which document it is (rules.document).
        paper=lambda decision: str(decision.plan),
        url=lambda decision: decision.plan.get_absolute_url(),
        testid="plan-decision",
    )
