"""Reads the report pages need: a year's reports, a report's versions with the board's
decisions on them, and the facts for whether a final version or the agreed assessment
may be made yet."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from csp_assessment.history import SHOWN, Change
from csp_assessment.text import shorten
from priorities.models import Decision, Meeting
from scoring import selectors as scoring_selectors

from . import board, content, rules
from .models import BoardPaper, Comment, Publication, RenderRun, Report, Section
from .publish_services import refusal


def reports_for_partnership(partnership) -> list[Report]:
    """Every report of the partnership with its version count and newest version."""
    reports = list(
        Report.objects.filter(year__cycle__partnership=partnership)
        .select_related("year__cycle__partnership")
        .annotate(version_count=Count("runs", distinct=True))
        .order_by("-year__starts_on", "kind")
    )
    newest = {}
    for run in RenderRun.objects.filter(report__in=reports).order_by("report_id", "-version"):
        newest.setdefault(run.report_id, run)
    for report in reports:
        report.newest = newest.get(report.pk)
        if report.newest:
            report.newest.report = report
    return reports


def report_sections(report: Report) -> list[Section]:
    """Sections with who last wrote them, how many comments are still open, and
    whether the workbench fills them from the data (`filled`: a note is optional)."""
    sections = list(
        report.sections.select_related("updated_by__user").annotate(
            open_comments=Count("comments", filter=Q(comments__resolved=False))
        )
    )
    for section in sections:
        section.filled = not rules.needs_writing(report.kind, section.key)
    return sections


def verdict(
    report: Report,
    state: str = rules.FINAL,
    *,
    confirmed: bool = False,
    checks: list[rules.ComponentCheck] | None = None,
) -> rules.FinalVerdict:
    """Whether the final version (or, with `state` agreed, the agreed assessment) may be
    made: the facts the rule needs, gathered. Pass the page's `checks` when it has them,
    to gather the content once."""
    if checks is None:
        checks = content.statutory_check(report)
    missing = rules.missing_components(checks)
    if state == rules.FINAL:
        return rules.final_verdict(missing=missing, confirmed=confirmed)
    agreed, proposed = board.priority_counts(report.year)
    return rules.agreed_verdict(
        agreed=agreed,
        proposed=proposed,
        sent=board.sent_count(report),
        missing=missing,
        confirmed=confirmed,
    )


@dataclass
class Version:
    run: RenderRun
    decisions: list[Decision] = field(default_factory=list)
    comment_count: int = 0
    papers: list[BoardPaper] = field(default_factory=list)  # the meetings it was sent to

    @property
    def decided_on(self) -> bool:
        return bool(self.decisions)


# The kinds of report the board reads before it decides, the first preferred.
READ_BY_THE_BOARD = (Report.Kind.FULL, Report.Kind.REFRESH)


def _version_read(
    decided_at: datetime, runs: list[RenderRun], sent: list[RenderRun]
) -> RenderRun | None:
    """The version the board was reading when it decided. A version sent to the
    decision's meeting as a board paper is the one it read; else one finished at or
    before the decision. Among them a final version before a draft (the final is the one
    that goes to the board), the full assessment before the refresh summary, the newest."""
    read = sent or [r for r in runs if r.finished_at <= decided_at]
    kinds = {kind: position for position, kind in enumerate(READ_BY_THE_BOARD)}
    return min(
        read,
        key=lambda r: (r.state != RenderRun.State.FINAL, kinds[r.report.kind], -r.version),
        default=None,
    )


def versions(report: Report) -> list[Version]:
    """Every render, newest first, with the board decisions taken on it."""
    runs = list(
        report.runs.select_related("requested_by__user")
        .annotate(n_comments=Count("comments", distinct=True))
        # Meta.ordering is dropped from a GROUP BY query: say it again.
        .order_by("-version", "-pk")
    )
    for run in runs:
        run.report = report
    by_run: dict[int, list[Decision]] = {}
    if report.kind in READ_BY_THE_BOARD:
        before = list(
            RenderRun.objects.filter(
                report__year=report.year,
                report__kind__in=READ_BY_THE_BOARD,
                status=RenderRun.Status.DONE,
                state__in=(RenderRun.State.DRAFT, RenderRun.State.FINAL),
                finished_at__isnull=False,
            ).select_related("report")
        )
        by_pk = {run.pk: run for run in before}
        sent_to: dict[int, list[RenderRun]] = {}
        for run_id, meeting_id in BoardPaper.objects.filter(run__in=by_pk).values_list(
            "run_id", "meeting_id"
        ):
            sent_to.setdefault(meeting_id, []).append(by_pk[run_id])
        for decision in (
            Decision.objects.filter(priority__year=report.year)
            .select_related("priority", "item__meeting")
            .order_by("decided_at")
        ):
            read = _version_read(
                decision.decided_at, before, sent_to.get(decision.item.meeting_id, [])
            )
            if read is not None and read.report_id == report.pk:
                by_run.setdefault(read.pk, []).append(decision)
    sent: dict[int, list[BoardPaper]] = {}
    for paper in board.papers(report):
        sent.setdefault(paper.run_id, []).append(paper)
    return [
        Version(run, by_run.get(run.pk, []), run.n_comments, sent.get(run.pk, [])) for run in runs
    ]


def version_of(run: RenderRun) -> Version:
    """One run's row of the versions table, as `versions` gives it."""
    return next(v for v in versions(run.report) if v.run.pk == run.pk)


def active_run(report: Report) -> RenderRun | None:
    return report.runs.filter(
        Q(status=RenderRun.Status.QUEUED) | Q(status=RenderRun.Status.RENDERING)
    ).first()


# The checklist before the final version --------------------------------------------------

EXCERPT = 80


def _excerpt(text: str) -> str:
    return shorten(" ".join(text.split()), EXCERPT)


def unmoderated_issues(year) -> list[str]:
    """Titles of the issues in the year's latest closed round that still need
    moderation, by title: the same count the ranking and the board's pages show."""
    return sorted(row.issue.title for row in scoring_selectors.readiness(year).unmoderated)


def final_checklist(report: Report, state: str = rules.FINAL) -> rules.FinalChecklist:
    """Everything still unfinished in the report, and what stops the final version (or
    the agreed assessment, with `state` agreed) outright."""
    checks, themes = content.checks(report)
    found = verdict(report, state, checks=checks)
    sections = [
        s for s in report.sections.all() if not (report.kind == Report.Kind.PUBLIC and s.internal)
    ]
    comments = (
        Comment.objects.filter(section__in=sections, resolved=False)
        .select_related("section", "author__user")
        .order_by("section__position", "created_at", "pk")
    )
    return rules.FinalChecklist(
        open_comments=tuple(
            rules.ChecklistEntry(
                f"{c.section.title}: {c.author.display_name if c.author else 'Someone'} "
                f"wrote “{_excerpt(c.text)}”",
                c.section.key,
            )
            for c in comments
        ),
        empty_sections=tuple(
            rules.ChecklistEntry(s.title, s.key)
            for s in sections
            if not s.narrative.strip() and rules.needs_writing(report.kind, s.key)
        ),
        missing_components=tuple(rules.missing_components(checks)),
        unmoderated_issues=tuple(unmoderated_issues(report.year)),
        themes_without_figures=tuple(t.label for t in themes if not t.covered),
        blockers=found.blockers,
        state=state,
    )


@dataclass
class BoardPanel:
    """The report page's account of the board: the versions sent to its meetings, the
    final versions that can still be sent and where, and the decision the newest
    agreed assessment cites."""

    papers: list[BoardPaper]
    sendable: list[RenderRun]
    meetings: list[Meeting]
    agreed: RenderRun | None
    decisions: list[Decision]


@dataclass(frozen=True)
class Agreed:
    """A report whose newest version is agreed: that version and the day the board
    agreed it (`board_agreed_on`), or, with no board meeting to date it, the day it
    was made."""

    run: RenderRun
    on: date


def agreed_standing(report: Report) -> Agreed | None:
    """The report's agreed version while it is the newest (a failed run makes no
    version); None when nothing is agreed or a newer draft or final follows it."""
    newest = report.runs.exclude(status=RenderRun.Status.FAILED).order_by("-version").first()
    if newest is None or newest.state != RenderRun.State.AGREED:
        return None
    newest.report = report
    return Agreed(run=newest, on=board_agreed_on(newest) or timezone.localdate(newest.requested_at))


def sendable_finals(report: Report) -> QuerySet[RenderRun]:
    """Final versions that can go to the board, newest first: made or being made, not
    failed (papers go out ahead of the meeting; the PDF is on the report page)."""
    return report.runs.filter(state=RenderRun.State.FINAL).exclude(status=RenderRun.Status.FAILED)


def board_panel(report: Report) -> BoardPanel:
    agreed = report.runs.filter(state=RenderRun.State.AGREED).first()
    return BoardPanel(
        papers=board.papers(report),
        sendable=list(sendable_finals(report)),
        meetings=list(board.open_board_meetings(report.year.cycle.partnership)),
        agreed=agreed,
        decisions=board.decisions(report.year, as_of=agreed.requested_at) if agreed else [],
    )


def assessments_agreed_on(partnership) -> list:
    """The days each strategic assessment (full or refresh) of a partnership was
    agreed. The retention run reads them (the default rule keeps consultation
    responses until the next strategic assessment is agreed)."""
    runs = RenderRun.objects.filter(
        report__year__cycle__partnership=partnership,
        report__kind__in=[Report.Kind.FULL, Report.Kind.REFRESH],
        state=RenderRun.State.AGREED,
        status=RenderRun.Status.DONE,
    ).select_related("report")
    # The day the board agreed it, as the report itself says; the day the agreed
    # version was made where no board meeting took a final version.
    agreed_on = boards_agreed_on(runs)
    return sorted({agreed_on[run.pk] or timezone.localdate(run.requested_at) for run in runs})


# The public summary on the public page -------------------------------------------------


def publication(partnership) -> Publication | None:
    """The partnership's public page record: what is published, by whom and when, or
    what was withdrawn."""
    return (
        Publication.objects.filter(partnership=partnership)
        .select_related("run__report__year", "published_by__user", "withdrawn_by__user")
        .first()
    )


def published_summary(partnership) -> RenderRun | None:
    """The version the public reads: the published run, only while it is a made,
    agreed public summary of this partnership (anything else is never served)."""
    row = (
        Publication.objects.filter(
            partnership=partnership,
            run__report__kind=Report.Kind.PUBLIC,
            run__report__year__cycle__partnership=partnership,
            run__state=RenderRun.State.AGREED,
            run__status=RenderRun.Status.DONE,
        )
        .exclude(run__pdf="")
        .select_related("run__report__year")
        .first()
    )
    return row.run if row else None


def newest_agreed(report: Report) -> RenderRun | None:
    """The report's newest agreed version whose PDF is made: the one to publish."""
    return (
        report.runs.filter(state=RenderRun.State.AGREED, status=RenderRun.Status.DONE)
        .exclude(pdf="")
        .order_by("-version")
        .first()
    )


def board_agreed_on(run: RenderRun) -> date | None:
    """The day of the last board meeting, on or before the agreed version was made, that
    took a final version of this year's assessment. (The decisions it cites may be a
    year 1 meeting's, which would date a later year's assessment wrongly.)"""
    return boards_agreed_on([run])[run.pk]


def boards_agreed_on(runs) -> dict[int, date | None]:
    """`board_agreed_on` for each of several agreed versions, by run id, in one query."""
    runs = list(runs)
    meetings = defaultdict(list)
    for year_id, held_on in BoardPaper.objects.filter(
        run__report__year_id__in={run.report.year_id for run in runs}
    ).values_list("run__report__year_id", "meeting__held_on"):
        meetings[year_id].append(held_on)
    found = {}
    for run in runs:
        made_on = timezone.localtime(run.requested_at).date()
        taken = [day for day in meetings[run.report.year_id] if day <= made_on]
        found[run.pk] = max(taken, default=None)
    return found


def _who(membership) -> str:
    return membership.display_name if membership else "Someone no longer a member"


def _version_named(run: RenderRun | None) -> str:
    if run is None:
        return "a version since deleted"
    return f"version {run.version} of the public summary for {run.report.year.label}"


def publication_history(partnership) -> list[Change]:
    """The last SHOWN publishings and withdrawals of the partnership's public summary,
    newest first: who put which version on the public page or took it off, and when.
    Read from the record's history in two queries (the records, then their versions)."""
    records = list(
        Publication.history.filter(partnership=partnership)
        .select_related("published_by__user", "withdrawn_by__user")
        .order_by("history_date", "history_id")
    )
    runs = RenderRun.objects.select_related("report__year").in_bulk(
        {r.run_id for r in records if r.run_id}
    )
    events, shown = [], None
    for record in records:
        if record.run_id and record.run_id != shown:
            what = f"Published {_version_named(runs.get(record.run_id))}"
            events.append(Change(record.history_date, _who(record.published_by), [what]))
        elif record.run_id is None and shown is not None:
            what = f"Withdrew {_version_named(runs.get(shown))}"
            events.append(Change(record.history_date, _who(record.withdrawn_by), [what]))
        shown = record.run_id
    return events[::-1][:SHOWN]


@dataclass
class PublicPanel:
    """The public summary's report page account of its public page: the record, the
    version the public reads now (of any year), this report's newest agreed version
    with why it may not be published ("" when it may), and every publishing and
    withdrawal so far."""

    report: Report
    publication: Publication | None
    published: RenderRun | None
    newest: RenderRun | None
    refused: str
    history: list[Change] = field(default_factory=list)

    @property
    def shows_this_report(self) -> bool:
        return self.published is not None and self.published.report_id == self.report.pk


def public_panel(report: Report) -> PublicPanel:
    partnership = report.year.cycle.partnership
    published = published_summary(partnership)
    newest = newest_agreed(report)
    return PublicPanel(
        report=report,
        publication=publication(partnership),
        published=published,
        newest=newest,
        refused=(refusal(newest, published) or "") if newest else "",
        history=publication_history(partnership),
    )
