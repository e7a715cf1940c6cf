"""Reads the report pages need: a year's reports, a report's versions with the board's
decisions on them, and the facts for whether a final version may be made yet."""

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Count, Q

from priorities.models import Decision, Priority
from scoring import selectors as scoring_selectors

from . import content, rules
from .models import Comment, RenderRun, Report, Section


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
    return reports


def report_sections(report: Report) -> list[Section]:
    """Sections with who last wrote them and how many comments are still open."""
    return list(
        report.sections.select_related("updated_by__user").annotate(
            open_comments=Count("comments", filter=Q(comments__resolved=False))
        )
    )


def final_verdict(
    report: Report,
    *,
    confirmed: bool = False,
    checks: list[rules.ComponentCheck] | None = None,
) -> rules.FinalVerdict:
    """Whether a final version of the report may be made: the facts the rule needs,
    gathered. Pass the page's `checks` when it has them, to gather the content once."""
    statuses = Counter(Priority.objects.filter(year=report.year).values_list("status", flat=True))
    # Agreed priorities belong to the cycle: year 1's count in every later year.
    agreed = Priority.objects.filter(
        year__cycle=report.year.cycle_id,
        year__number__lte=report.year.number,
        status=Priority.Status.AGREED,
    ).count()
    if checks is None:
        checks = content.statutory_check(report)
    return rules.final_verdict(
        agreed=agreed,
        proposed=statuses[Priority.Status.PROPOSED],
        missing=rules.missing_components(checks),
        confirmed=confirmed,
    )


@dataclass
class Version:
    run: RenderRun
    decisions: list[Decision] = field(default_factory=list)
    comment_count: int = 0

    @property
    def decided_on(self) -> bool:
        return bool(self.decisions)


# The kinds of report the board reads before it decides, the first preferred.
READ_BY_THE_BOARD = (Report.Kind.FULL, Report.Kind.REFRESH)


def _draft_read(decided_at: datetime, drafts: list[RenderRun]) -> RenderRun | None:
    """The draft the board was reading when it decided: of the drafts finished at or
    before the decision, the newest of the full assessment, or of the refresh summary
    when the full assessment had none."""
    read = [d for d in drafts if d.finished_at <= decided_at]
    kinds = {kind: position for position, kind in enumerate(READ_BY_THE_BOARD)}
    return min(read, key=lambda d: (kinds[d.report.kind], -d.version), default=None)


def versions(report: Report) -> list[Version]:
    """Every render, newest first, with the board decisions taken on it."""
    runs = list(
        report.runs.select_related("requested_by__user").annotate(
            n_comments=Count("comments", distinct=True)
        )
    )
    for run in runs:
        run.report = report
    by_run: dict[int, list[Decision]] = {}
    if report.kind in READ_BY_THE_BOARD:
        drafts = list(
            RenderRun.objects.filter(
                report__year=report.year,
                report__kind__in=READ_BY_THE_BOARD,
                status=RenderRun.Status.DONE,
                final=False,
                finished_at__isnull=False,
            ).select_related("report")
        )
        for decision in (
            Decision.objects.filter(priority__year=report.year)
            .select_related("priority", "item__meeting")
            .order_by("decided_at")
        ):
            read = _draft_read(decision.decided_at, drafts)
            if read is not None and read.report_id == report.pk:
                by_run.setdefault(read.pk, []).append(decision)
    return [Version(run, by_run.get(run.pk, []), run.n_comments) for run in runs]


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
    text = " ".join(text.split())
    return text if len(text) <= EXCERPT else text[: EXCERPT - 1] + "…"


def unmoderated_issues(year) -> list[str]:
    """Titles of the issues in the year's latest closed round that still need
    moderation, by title: the same count the ranking and the board's pages show."""
    return sorted(row.issue.title for row in scoring_selectors.readiness(year).unmoderated)


def final_checklist(report: Report) -> rules.FinalChecklist:
    """Everything still unfinished in the report, and what stops a final outright."""
    checks, themes = content.checks(report)
    verdict = final_verdict(report, checks=checks)
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
        blockers=verdict.blockers,
    )
