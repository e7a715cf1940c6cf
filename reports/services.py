"""Every write for reports: creating a report with its sections (copying last year's
narrative), editing narrative, comments, requesting a render, sending the final version
to the board, and the render itself (claimed, recorded, never stuck)."""

import hashlib
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max, QuerySet
from django.template.loader import render_to_string
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from analysis import rules as analysis_rules
from csp_assessment import queueing
from csp_assessment.dates import day
from csp_assessment.edits import refuse_if_changed
from csp_assessment.queueing import MAX_ATTEMPTS  # noqa: F401 - the retry limit, read by tests
from cycles.models import CycleYear
from cycles.services import previous_year
from partnerships.models import Membership
from priorities.models import Group, Meeting
from priorities.services import meetings

from . import content, notices, period, permissions, rules, selectors, sv_rules
from .models import BoardPaper, Comment, RenderRun, Report, Section


def claim_for() -> timedelta:
    return timedelta(seconds=settings.REPORT_CLAIM_SECONDS)


MAX_NARRATIVE = 60_000


@transaction.atomic
def create_report(
    *,
    year: CycleYear,
    kind: str = Report.Kind.FULL,
    authors: str = "",
    marking: str = "OFFICIAL",
    with_sna: bool = False,
) -> Report:
    """A report of one kind for a year, with its kind's sections. When last year had a
    report of the same kind, its narrative is copied in as the starting point. A full
    assessment `with_sna` also carries the serious violence needs assessment's sections."""
    if kind not in Report.Kind.values:
        raise ValidationError({"kind": "Choose a kind of report from the list."})
    if with_sna and kind != Report.Kind.FULL:
        raise ValidationError(
            {
                "with_sna": "Only a full strategic assessment can include the needs "
                "assessment. Choose a full assessment, or start the needs assessment on its own."
            }
        )
    if Report.objects.filter(year=year, kind=kind).exists():
        raise ValidationError({"kind": "This year already has a report of that kind."})
    partnership = year.cycle.partnership
    label = dict(Report.Kind.choices)[kind]
    earlier = previous_year(year)
    source = Report.objects.filter(year=earlier, kind=kind).first() if earlier else None
    report = Report.objects.create(
        year=year,
        kind=kind,
        title=f"{partnership.name}: {label.lower()} {year.label}",
        authors=authors.strip() or (source.authors if source else ""),
        protective_marking=marking.strip() or "OFFICIAL",
        copied_from=source,
    )
    copied = {s.key: s for s in source.sections.all()} if source else {}
    sections = []
    specs = sv_rules.combined(rules.section_specs(kind)) if with_sna else rules.section_specs(kind)
    for position, spec in enumerate(specs, start=1):
        last = copied.get(spec.key)
        sections.append(
            Section(
                report=report,
                key=spec.key,
                title=spec.title,
                position=position,
                narrative=last.narrative if last else "",
                components=last.components if last else list(spec.components),
                internal=last.internal if last else spec.internal,
            )
        )
    bulk_create_with_history(sections, Section)  # each section's history starts here
    return report


def update_report(*, report: Report, title: str, authors: str, marking: str) -> Report:
    if not title.strip():
        raise ValidationError({"title": "Enter a title for the report."})
    if not marking.strip():
        raise ValidationError(
            {"protective_marking": "Enter a protective marking, for example OFFICIAL."}
        )
    report.title = title.strip()
    report.authors = authors.strip()
    report.protective_marking = marking.strip()
    report.save(update_fields=["title", "authors", "protective_marking"])
    return report


def set_analysis_period(*, report: Report, end: date | None) -> Report:
    """Choose the last month the report analyses (None: always the latest month with
    data). Only a month some dataset has figures for can be chosen."""
    if end is not None:
        end = analysis_rules.month_start(end)
        months = period.months_with_data(report.year.cycle.partnership)
        if not months:
            raise ValidationError(
                {
                    "end": "No crime or partner data has been imported yet, so there is no "
                    "month to choose."
                }
            )
        if end not in months:
            raise ValidationError(
                {
                    "end": f"{analysis_rules.month_label(end)} has no crime or partner data. "
                    f"Choose a month that has data: the latest is "
                    f"{analysis_rules.month_label(months[-1])}."
                }
            )
    report.analysis_end = end
    report.save(update_fields=["analysis_end"])
    return report


def save_section(
    *,
    section: Section,
    narrative: str,
    components: list[str] | None = None,
    internal: bool | None = None,
    by: Membership | None = None,
    seen: str | None = None,
) -> Section:
    """Save a section's text and ticks. With `seen` (from the form), a save made by
    someone else since the form was opened is refused, never overwritten."""
    if len(narrative) > MAX_NARRATIVE:
        raise ValidationError(
            {"narrative": f"A section can be at most {MAX_NARRATIVE:,} characters long."}
        )
    with transaction.atomic():
        current = (
            Section.objects.select_for_update(of=("self",))
            .select_related("updated_by__user")
            .get(pk=section.pk)
        )
        refuse_if_changed(
            seen=seen,
            saved_at=current.updated_at,
            saved_by=current.updated_by.display_name if current.updated_by else "",
            what="section",
            current={"narrative": current.narrative, "components": current.components},
            wanted={
                "narrative": narrative,
                "components": current.components if components is None else components,
            },
            labels={"narrative": "the text", "components": "the components ticked"},
        )
        return _write_section(section, narrative, components, internal, by)


def _write_section(section, narrative, components, internal, by) -> Section:
    fields = ["narrative", "updated_at", "updated_by"]
    section.narrative = narrative
    section.updated_by = by
    if components is not None:
        unknown = set(components) - set(rules.COMPONENT_LABELS)
        if unknown:
            raise ValidationError({"components": "Choose components from the list."})
        section.components = [k for k, _ in rules.COMPONENTS if k in components]
        fields.append("components")
    if internal is not None:
        section.internal = internal
        fields.append("internal")
    section.save(update_fields=fields)
    return section


def add_comment(
    *,
    section: Section,
    author: Membership,
    text: str,
    run: RenderRun | None = None,
    for_group: Group | None = None,
) -> Comment:
    if not text.strip():
        raise ValidationError({"text": "Write your comment."})
    if len(text) > 5000:
        raise ValidationError({"text": "A comment can be at most 5,000 characters long."})
    if author.partnership_id != section.report.year.cycle.partnership_id:
        raise ValidationError("Only members of this partnership can comment.")
    if run is not None and run.report_id != section.report_id:
        raise ValidationError("That version belongs to another report.")
    if for_group is not None and not (
        for_group.partnership_id == author.partnership_id and for_group.has_member(author)
    ):
        raise ValidationError({"for_group": f"You are not a member of {for_group.name}."})
    if run is None:
        run = section.report.runs.filter(status=RenderRun.Status.DONE).first()
    with transaction.atomic():
        comment = Comment.objects.create(
            section=section, author=author, text=text.strip(), run=run, for_group=for_group
        )
        # The section's writers hear of it; the worker sends after this commits.
        notices.comment_added(comment=comment)
    return comment


def resolve_comment(*, comment: Comment, by: Membership) -> Comment:
    if not permissions.can_resolve_comment(by, comment):
        raise ValidationError("Only the analyst or the comment's author can mark it dealt with.")
    comment.resolved = True
    comment.save(update_fields=["resolved"])
    return comment


@transaction.atomic
def request_render(
    *,
    report: Report,
    by: Membership | None,
    state: str = RenderRun.State.DRAFT,
    confirmed: bool = False,
    checklist: str | None = None,
) -> RenderRun:
    """Record the request and queue the work once the request's transaction commits.

    A draft is made on request. The final version (which proposes the priorities to the
    board) and the agreed assessment are made only when their rule
    (`rules.final_verdict`, `rules.agreed_verdict`) has no blockers and the requester has
    `confirmed` after reading the checklist (`selectors.final_checklist`): open
    comments, empty sections, missing components and unmoderated issues. With
    `checklist` (the token of the checklist they read), a checklist that has changed
    since is refused, so nobody confirms what they did not see. Versions are numbered
    under a lock on the report, so two requests at once get different numbers."""
    from .tasks import render_report

    if state not in RenderRun.State.values:
        raise ValidationError("Choose a draft, the final version or the agreed assessment.")
    report = Report.objects.select_for_update().get(pk=report.pk)
    if state != RenderRun.State.DRAFT:
        now = selectors.final_checklist(report, state)
        if now.blockers:
            raise ValidationError(list(now.blockers))
        if not confirmed:
            raise ValidationError(rules.NOT_CONFIRMED)
        if checklist is not None and checklist != now.token:
            raise ValidationError(rules.CHECKLIST_CHANGED)
    waiting = report.runs.filter(status=RenderRun.Status.QUEUED, state=state).first()
    if waiting is not None:
        # Not started yet, so it will include everything saved until it starts: a
        # second press of the button adds no second version.
        return waiting
    latest = report.runs.aggregate(latest=Max("version"))["latest"] or 0
    run = RenderRun.objects.create(
        report=report,
        requested_by=by,
        requested_at=timezone.now(),
        state=state,
        version=latest + 1,
    )
    queueing.send_after_commit(render_report, run.pk)
    return run


@transaction.atomic
def send_to_board(
    *, run: RenderRun, meeting: Meeting, by: Membership, link: str = ""
) -> BoardPaper:
    """Put a final version on the agenda of a board meeting and record who sent it and
    when. Only a final version goes (a draft is for feedback, the agreed assessment
    comes after the board's decision), to one of the board's own meetings that is not
    closed; a meeting still to come is fine, as papers go out before the board meets.
    `link` is the report page's address, written into the agenda item."""
    run = RenderRun.objects.select_for_update().select_related("report__year__cycle").get(pk=run.pk)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    report = run.report
    partnership_id = report.year.cycle.partnership_id
    if not permissions.can_send_to_board(by) or by.partnership_id != partnership_id:
        raise ValidationError("Only the analyst or an admin of this partnership sends papers.")
    if meeting.partnership_id != partnership_id:
        raise ValidationError({"meeting": "Choose a meeting of this partnership's board."})
    if run.state != RenderRun.State.FINAL:
        raise ValidationError(
            {
                "run": f"Version {run.version} is the {run.state_name}. "
                "Only a final version goes to the board."
            }
        )
    if run.status == RenderRun.Status.FAILED:
        raise ValidationError(
            {
                "run": f"Version {run.version} could not be made, so there is nothing to "
                "send. Make the final version again."
            }
        )
    if meeting.group_id is not None:
        raise ValidationError(
            {"meeting": f"{meeting.title} is a group's meeting. Choose a board meeting."}
        )
    if meeting.is_closed():
        raise ValidationError(
            {
                "meeting": f"The board meeting of {day(meeting.held_on)} is closed. "
                "Choose an open meeting."
            }
        )
    if BoardPaper.objects.filter(run=run, meeting=meeting).exists():
        raise ValidationError(
            {
                "meeting": f"Version {run.version} is already on the agenda of the board "
                f"meeting of {day(meeting.held_on)}."
            }
        )
    summary = (
        f"{report.title}, version {run.version}: the final version, proposing the "
        "priorities for the board to agree."
    )
    if link:
        summary += f" Read it and download the PDF from the report page: {link}"
    item = meetings.add_item(
        meeting=meeting, title=f"For decision: {run.label}"[:200], summary=summary
    )
    return BoardPaper.objects.create(
        run=run, meeting=meeting, item=item, sent_by=by, sent_at=timezone.now()
    )


def render_claims(model) -> queueing.Claims:
    """The claims on a PDF render's rows (a report's `RenderRun`, a plan's `PlanRender`):
    held while rendering, for as long as a render may take, waiting since requested."""
    return queueing.Claims(
        model,
        working=model.Status.RENDERING,
        claim_for=claim_for,
        queued_since="requested_at",
    )


RUNS = render_claims(RenderRun)


def claim_run(*, run_id: int, now: datetime) -> int | None:
    """Take the run for this worker (`queueing.Claims`). Returns the claim (the attempt
    number), which every later write must still hold."""
    return RUNS.claim(run_id, now, stage="Starting", progress=0)


def stale_runs(now: datetime) -> list[int]:
    return RUNS.stale(now)


def _stage(run_id: int, claim: int, stage: str, progress: int) -> None:
    RUNS.held(run_id, claim).update(stage=stage, progress=progress)


@dataclass
class RenderTimings:
    context: float = 0.0
    charts: float = 0.0
    layout: float = 0.0
    total: float = 0.0


def build_html(
    report: Report,
    *,
    state: str = RenderRun.State.DRAFT,
    version: int | None = None,
    as_of: datetime | None = None,
    timings: RenderTimings | None = None,
) -> str:
    """The report's HTML exactly as the PDF renderer receives it. An agreed assessment
    cites the board's decisions taken by `as_of` (when it was requested)."""
    timings = timings if timings is not None else RenderTimings()
    context = content.report_context(
        report, state=state, version=version, as_of=as_of, timings=timings
    )
    return render_to_string(content.template_for(report), context)


def build_parts(
    report: Report,
    *,
    state: str = RenderRun.State.DRAFT,
    version: int | None = None,
    as_of: datetime | None = None,
    timings: RenderTimings | None = None,
):
    """The same HTML as `build_html`, in the parts `sectioned.render_report` lays out
    one by one (the head, the title page and contents, each section)."""
    from . import sectioned

    timings = timings if timings is not None else RenderTimings()
    context = content.report_context(
        report, state=state, version=version, as_of=as_of, timings=timings
    )
    return sectioned.report_parts(context, owner=report.year.cycle.partnership_id)


def run_render(*, run_id: int, now: datetime | None = None) -> str:
    """Render the run's PDF if this worker can claim it. Returns what happened:
    "done", "failed", "retry" (a transient fault; the run is queued again),
    "superseded" (this worker's claim expired and another took the run over) or
    "not claimed"."""
    from . import sectioned

    now = now or timezone.now()
    claim = claim_run(run_id=run_id, now=now)
    if claim is None:
        return "not claimed"
    run = RenderRun.objects.select_related("report__year__cycle__partnership").get(pk=run_id)

    def work() -> str:
        _stage(run_id, claim, "Gathering the content and drawing the charts", 10)
        parts = build_parts(
            run.report, state=run.state, version=run.version, as_of=run.requested_at
        )
        _stage(run_id, claim, "Laying out the pages", 40)
        pdf = sectioned.render_report(parts, title=run.report.title)
        _stage(run_id, claim, "Saving the PDF", 90)
        return store_pdf(
            run,
            RUNS.held(run_id, claim),
            pdf,
            f"{run.report.pk}-v{run.version}-a{claim}",
            progress=100,
        )

    return RUNS.attempt(
        run_id,
        claim,
        work,
        failed="The PDF could not be made",
        retry={"stage": "Waiting to try again", "progress": 0},
        fail={"stage": "Failed"},
    )


def store_pdf(
    row, held: QuerySet, pdf, name: str, finished_at: datetime | None = None, **also
) -> str:
    """Keep a rendered PDF on `row` (a report's or a plan's render) while its claim
    (`held`) is current: "done", or "superseded" (a newer claim holds the row; keep
    nothing of ours). `pdf` has the file's `content` and its number of `pages`."""
    digest = hashlib.sha256(pdf.content).hexdigest()
    row.pdf.save(f"{name}-{digest[:12]}.pdf", ContentFile(pdf.content), save=False)
    written = held.update(
        status=row.Status.DONE,
        pdf=row.pdf.name,
        sha256=digest,
        pages=pdf.pages,
        size=len(pdf.content),
        stage="Done",
        error="",
        finished_at=finished_at or timezone.now(),
        **also,
    )
    if not written:
        row.pdf.delete(save=False)
        return "superseded"
    return "done"
