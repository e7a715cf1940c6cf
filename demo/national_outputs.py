"""The national dataset's consultation and reports (demo/national.py).

- An open public survey (the "public-priorities" template, created and published by
  the consultation services) with 500 responses over the three weeks it has been open:
  every response ranks a few of the long list's issues and most rate how safe they feel;
  some choose where to hear from the partnership and a few leave a comment. Responses
  and answers are written in bulk, with the values the survey form's checks produce.
- The year's full strategic assessment (reports.services.create_report) with two draft
  versions, both rendered. Each version carries the bytes of one really rendered PDF
  (see `RenderedPdfSource`): rendering 700 PDFs would take hours, so every version after
  the first copies the first render's bytes (its title page names the first
  partnership). sha256, size and pages are those of the bytes stored.
"""

import random
import uuid
from datetime import date, datetime, timedelta
from pathlib import Path

from django.utils import timezone

from consultation.models import Answer, Question, Response, Survey
from consultation.services import surveys
from cycles.models import CycleYear, Issue
from demo.national_copy import insert_rows
from demo.national_names import COMMENTS
from partnerships.models import Membership
from reports import services as report_services
from reports.models import RenderRun, Report

RESPONSES = 500
SURVEY_DAYS_OPEN = 21


def build_survey(
    *, rng: random.Random, year: CycleYear, analyst: Membership, issues: list[Issue], today: date
) -> Survey:
    opens_on = today - timedelta(days=SURVEY_DAYS_OPEN)
    survey = surveys.create_survey_from_template(
        year=year,
        template_key="public-priorities",
        opens_on=opens_on,
        closes_on=today + timedelta(days=14),
        created_by=analyst,
    )
    survey = surveys.publish_survey(survey=survey, by=analyst, today=today)
    questions = {q.kind: q for q in survey.questions.all()}
    issue_ids = [i.pk for i in sorted(issues, key=lambda i: i.title)]
    # Residents care most about a handful of issues; which ones differs by place.
    weights = [rng.choice([1, 1, 1, 2, 3, 8]) for _ in issue_ids]
    opened = timezone.make_aware(datetime.combine(opens_on, datetime.min.time()))
    span = (timezone.now() - opened).total_seconds()
    moments = sorted(opened + timedelta(seconds=rng.uniform(0, span)) for _ in range(RESPONSES))
    responses = [
        Response(
            survey=survey,
            submission_id=str(uuid.UUID(int=rng.getrandbits(128), version=4)),
            submitted_at=moment,
        )
        for moment in moments
    ]
    Response.objects.bulk_create(responses, batch_size=1000)
    ranking, rating = questions[Question.Kind.RANKING], questions[Question.Kind.RATING]
    multiple, text = questions[Question.Kind.MULTIPLE], questions[Question.Kind.TEXT]
    answers = []  # ANSWER_FIELDS
    for response in responses:
        answers.append((response.pk, ranking.pk, _ranking(rng, issue_ids, weights), "", ""))
        if rng.random() < 0.9:
            answers.append(
                (response.pk, rating.pk, rng.choice([1, 2, 2, 3, 3, 3, 4, 4, 5]), "", "")
            )
        if rng.random() < 0.6:
            chosen = set(rng.sample(multiple.options, rng.randint(1, 2)))
            answers.append(
                (response.pk, multiple.pk, [o for o in multiple.options if o in chosen], "", "")
            )
        if rng.random() < 0.15:
            comment = rng.choice(COMMENTS)
            answers.append((response.pk, text.pk, None, comment, comment))
    insert_rows(
        Answer,
        ["response_id", "question_id", "value", "text", "published_text", "moderation"],
        [(*row, Answer.Moderation.SHOWN) for row in answers],
    )
    return survey


def _ranking(rng: random.Random, issue_ids: list[int], weights: list[int]) -> list[int]:
    pool, local, chosen = list(issue_ids), list(weights), []
    for _ in range(rng.randint(2, 5)):
        pick = rng.choices(range(len(pool)), weights=local)[0]
        chosen.append(pool.pop(pick))
        local.pop(pick)
    return chosen


NARRATIVE = {
    "executive-summary": (
        "This is the first full strategic assessment of the new four-year cycle for "
        "{place}. It sets out what the data, partners and residents tell us about crime, "
        "disorder and substance misuse, and recommends the partnership's priorities."
    ),
    "introduction": (
        "The community safety team wrote this assessment with analysts from the police, "
        "the councils and health partners.\n\n## Methodology\n\nWe used three years of "
        "police recorded crime, a public survey and partners' scores of forty issues."
    ),
}


class RenderedPdfSource:
    """The bytes every generated version stores: a given PDF file's, or else the first
    version's own real render (reports.services.run_render), made once per run."""

    def __init__(self, path: Path | None):
        self.content = path.read_bytes() if path else None
        self.pages: int | None = None

    def first(self, run: RenderRun) -> None:
        if self.content is None:
            outcome = report_services.run_render(run_id=run.pk)
            run.refresh_from_db()
            if outcome != "done":
                raise RuntimeError(f"The first report render failed: {run.error or outcome}")
            self.content = run.pdf.read()
            run.pdf.close()
            self.pages = run.pages
            return
        self.store(run)

    def store(self, run: RenderRun) -> None:
        if self.pages is None:
            self.pages = max(
                1, self.content.count(b"/Type /Page") - self.content.count(b"/Type /Pages")
            )
        report_services.store_pdf(
            run,
            RenderRun.objects.filter(pk=run.pk),
            self,
            f"{run.report_id}-v{run.version}-a1",
            finished_at=run.requested_at + timedelta(seconds=40),
            progress=100,
            attempts=1,
        )


def build_report(
    *, year: CycleYear, analyst: Membership, place: str, pdfs: RenderedPdfSource
) -> Report:
    report = report_services.create_report(
        year=year, kind=Report.Kind.FULL, authors=analyst.display_name
    )
    for key, text in NARRATIVE.items():
        report.sections.filter(key=key).update(
            narrative=text.format(place=place), updated_by=analyst
        )
    now = timezone.now()
    for version, days_ago in ((1, 12), (2, 3)):
        run = RenderRun.objects.create(
            report=report,
            requested_by=analyst,
            requested_at=now - timedelta(days=days_ago),
            state=RenderRun.State.DRAFT,
            version=version,
        )
        if pdfs.content is None:
            pdfs.first(run)
        else:
            pdfs.store(run)
    return report
