"""The report versions sent to a board meeting, for the meeting page of priorities
(which may not import reports): one query for the whole meeting."""

from django.urls import reverse

from csp_assessment.dates import day
from priorities.meeting_papers import PaperLine, recorder
from priorities.models import Meeting

from .models import BoardPaper


def papers_sent(meeting: Meeting) -> list[PaperLine]:
    papers = BoardPaper.objects.filter(meeting=meeting, item__isnull=False).select_related(
        "run__report", "sent_by__user"
    )
    slug = meeting.partnership.slug
    return [
        PaperLine(
            item_id=paper.item_id,
            paper=paper.run.label,
            url=reverse("reports:report", kwargs={"slug": slug, "report_id": paper.run.report_id}),
            outcome="Sent to the board",
            note="",
            who=f"Sent by {recorder(paper.sent_by)} on {day(paper.sent_at)}.",
            testid="report-paper",
        )
        for paper in papers
    ]
