"""What scoring tells people by email (notifications app): a round opened with you
as a scorer, and your sheet due in three days. Registered from apps.py."""

from datetime import date, timedelta

from django.urls import reverse

from csp_assessment.dates import day
from csp_assessment.plurals import counted
from notifications.kinds import Kind
from notifications.services import notify

from .models import Round, ScoreSheet

SHEET_DUE_DAYS = 3

ROUND_OPENED = Kind(
    key="scoring.round_opened",
    label="A scoring round opens with you as a scorer",
    hint="Sent when an analyst opens a round you are asked to score in.",
)
SHEET_DUE = Kind(
    key="scoring.sheet_due",
    label="Your score sheet is due soon",
    hint="Sent once, when a round's deadline is three days away or less and your sheet "
    "is not yet submitted.",
)


def _sheet_link(round_: Round) -> str:
    slug = round_.year.cycle.partnership.slug
    return reverse("scoring:sheet", kwargs={"slug": slug, "round_id": round_.pk})


def round_opened(*, round_: Round) -> int:
    """Tell each scorer assigned to the round, once per round."""
    partnership = round_.year.cycle.partnership
    due = day(round_.deadline)
    counts: dict = {}
    for assignment in round_.assignments.filter(scorer__left_at=None).select_related(
        "scorer__user"
    ):
        counts.setdefault(assignment.scorer, 0)
        counts[assignment.scorer] += 1
    told = 0
    for scorer, issues in counts.items():
        told += bool(
            notify(
                user=scorer.user,
                kind=ROUND_OPENED.key,
                key=f"{ROUND_OPENED.key}:{round_.pk}:{scorer.pk}",
                subject=f"Scoring is open: {round_.name}",
                lines=[
                    f"{partnership.name} has opened the scoring round {round_.name}.",
                    f"You are asked to score {counted(issues, 'issue')}. "
                    f"Submit your sheet by {due}.",
                ],
                link=_sheet_link(round_),
                link_text="Open your score sheet",
            )
        )
    return told


def sheets_due(*, today: date) -> int:
    """Draft sheets in open rounds whose deadline is today or within three days."""
    sheets = ScoreSheet.objects.filter(
        status=ScoreSheet.Status.DRAFT,
        round__status=Round.Status.OPEN,
        round__deadline__gte=today,
        round__deadline__lte=today + timedelta(days=SHEET_DUE_DAYS),
        scorer__left_at=None,
    ).select_related("round__year__cycle__partnership", "scorer__user")
    told = 0
    for sheet in sheets:
        round_ = sheet.round
        due = day(round_.deadline)
        told += bool(
            notify(
                user=sheet.scorer.user,
                kind=SHEET_DUE.key,
                key=f"{SHEET_DUE.key}:{sheet.pk}:{round_.deadline.isoformat()}",
                subject=f"Your score sheet for {round_.name} is due on {due}",
                lines=[
                    f"Your score sheet for {round_.name} ({round_.year.cycle.partnership.name}) "
                    f"is due on {due} and is not submitted yet.",
                    "Scores you have saved count when the round closes, but submit the sheet "
                    "when you have finished so the analyst knows.",
                ],
                link=_sheet_link(round_),
                link_text="Open your score sheet",
            )
        )
    return told
