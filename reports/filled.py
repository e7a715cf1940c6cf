"""Reads the other apps to fill in a report's sections: analysis (levels, changes,
charts), consultation (scanning, survey results, rationale documents), scoring (the
matrix and ranking) and priorities (decisions, measures, actions, the checklist).

Each reader adds blocks to the sections that show them and notes the evidence each
statutory component can point to. A block whose data is not there yet says so."""

import time
from collections import Counter
from datetime import date, timedelta

from django.utils.formats import date_format

from analysis import rules as analysis_rules
from analysis.models import Dataset
from analysis.selectors import Analysis, analysis_for
from consultation.models import EmergingIssue, Survey
from consultation.selectors import accepted_rationales, survey_results
from cycles.models import CycleYear, Issue
from cycles.services import previous_year
from priorities.models import Action, ChecklistRun, Priority
from priorities.selectors import checklist_items, checklist_progress, kpi_rows, year_ranking

from . import charts
from .content import Block, Gathered
from .models import Report
from .rules import suppressed

TREND_LABEL = "Recorded each month"
THEMES = ("victims", "offenders", "locations")
CRITERIA_PER_TABLE = 8


def _day(value) -> str:
    return date_format(value, "j F Y") if value else ""


def _number(value, places: int = 0) -> str:
    if value is None:
        return "–"
    return f"{value:,.{places}f}"


def _percent(share: float | None) -> str:
    return "–" if share is None else f"{100 * share:.1f}%"


def _empty(text: str) -> Block:
    return Block(kind="empty", text=text)


class Reader:
    """Gathers one report's filled-in content. Built once per render."""

    def __init__(self, report: Report, *, draw: bool, timings=None):
        self.report = report
        self.year: CycleYear = report.year
        self.partnership = self.year.cycle.partnership
        self.public = report.kind == Report.Kind.PUBLIC
        self.threshold = report.suppress_below
        self.draw = draw
        self.timings = timings
        self.out = Gathered()
        self._analyses: list[Analysis] | None = None

    # Helpers -------------------------------------------------------------------

    def count(self, value: int | None) -> str:
        if self.public:
            return suppressed(value, self.threshold)
        return _number(value)

    def chart(self, maker, **kwargs) -> Block | None:
        if not self.draw:
            return None
        started = time.perf_counter()
        drawn = maker(**kwargs)
        if self.timings is not None:
            self.timings.charts += time.perf_counter() - started
        self.out.charts += 1
        return Block(kind="chart", image=drawn.image, alt=drawn.alt, caption=kwargs.get("alt", ""))

    def add(self, key: str, *blocks: Block | None) -> None:
        self.out.add(key, *[b for b in blocks if b is not None])

    def analyses(self) -> list[Analysis]:
        if self._analyses is None:
            districts = list(self.partnership.districts.all())
            self._analyses = [
                analysis_for(dataset=d, districts=districts, area=None, end=None, length=12)
                for d in Dataset.objects.filter(partnership=self.partnership)
            ]
        return self._analyses

    # Analysis --------------------------------------------------------------------

    def levels_table(self, result: Analysis) -> Block:
        if self.public:
            return Block(
                kind="table",
                caption=f"{result.dataset.name}: {result.current_description}",
                headers=["Category", "Recorded"],
                numeric=[False, True],
                rows=[[level.category, self.count(level.count)] for level in result.levels],
            )
        rate_known = result.population is not None
        headers = ["Category", "Recorded", "Share", "Monthly average"]
        if rate_known:
            headers.append("Per 1,000 residents")
        rows = []
        for level in result.levels:
            row = [
                level.category,
                _number(level.count),
                _percent(level.share),
                _number(level.monthly_average, 1),
            ]
            if rate_known:
                row.append(_number(level.rate, 2))
            rows.append(row)
        return Block(
            kind="table",
            caption=f"{result.dataset.name}: {result.current_description}",
            headers=headers,
            numeric=[False, True, True, True, True],
            rows=rows,
        )

    def trend_chart(self, result: Analysis) -> Block | None:
        known = [count for _, count in result.trend if count is not None]
        if not known:
            return None
        if self.public and min(known) < self.threshold:
            return None
        if len(known) < 3:
            # Too few months for a line: each month with data as a column instead.
            months = [(month, count) for month, count in result.trend if count is not None]
            return self.chart(
                charts.columns,
                labels=[analysis_rules.month_label(month) for month, _ in months],
                values=[count for _, count in months],
                y_label=TREND_LABEL,
                alt=(
                    f"Column chart of {result.dataset.name.lower()} recorded in each month "
                    "with data: "
                    + ", ".join(f"{analysis_rules.month_label(m)} {c:,}" for m, c in months)
                    + "."
                ),
            )
        labels = [f"{month:%b %Y}" for month, _ in result.trend]
        first, last = result.trend[0][0], result.trend[-1][0]
        alt = (
            f"Line chart of {result.dataset.name.lower()} recorded each month from "
            f"{analysis_rules.month_label(first)} to {analysis_rules.month_label(last)}: "
            f"lowest {min(known):,}, highest {max(known):,}, latest {known[-1]:,}."
        )
        return self.chart(
            charts.line,
            labels=labels,
            values=[count for _, count in result.trend],
            y_label=TREND_LABEL,
            alt=alt,
        )

    def categories_chart(self, result: Analysis) -> Block | None:
        levels = [level for level in result.levels[:-1] if level.count]
        if self.public:
            levels = [level for level in levels if level.count >= self.threshold]
        if not levels:
            return None
        levels.sort(key=lambda level: -level.count)
        top = levels[0]
        alt = (
            f"Bar chart of {len(levels)} categories recorded {result.current_description}. "
            f"The largest is {top.category.lower()} with {top.count:,}."
        )
        return self.chart(
            charts.bars,
            labels=[level.category for level in levels],
            values=[level.count for level in levels],
            x_label="Recorded",
            alt=alt,
        )

    def change_blocks(self, result: Analysis) -> list[Block | None]:
        blocks: list[Block | None] = []
        for comparison in result.comparisons:
            if not comparison.rows:
                blocks.append(_empty(f"{comparison.pairing.label}: no months to compare with."))
                continue
            self.out.note("changes", f"{result.dataset.name}: {comparison.description}")
            blocks.append(
                Block(
                    kind="table",
                    caption=f"Change: {comparison.description}",
                    headers=["Category", "Now", "Before", "Change", "Assessment"],
                    numeric=[False, True, True, True, False],
                    rows=[
                        [
                            row.category,
                            _number(row.change.current),
                            _number(row.change.baseline),
                            "–" if row.change.percent is None else f"{row.change.percent:+.1f}%",
                            row.change.verdict,
                        ]
                        for row in comparison.rows
                    ],
                )
            )
        if result.comparisons and result.comparisons[0].rows:
            comparison = result.comparisons[0]
            rows = [
                r
                for r in comparison.rows[:-1]
                if r.change.percent is not None and r.change.baseline >= 10
            ]
            if rows:
                biggest = max(rows, key=lambda r: abs(r.change.percent))
                alt = (
                    f"Bar chart of the percentage change in each category, "
                    f"{comparison.description}. The largest change is "
                    f"{biggest.category.lower()} at {biggest.change.percent:+.0f}%."
                )
                blocks.append(
                    self.chart(
                        charts.changes,
                        labels=[r.category for r in rows],
                        percents=[round(r.change.percent, 1) for r in rows],
                        alt=alt,
                    )
                )
        return blocks

    def seasons_chart(self, result: Analysis) -> Block | None:
        if not result.seasons or len(result.seasons) < 12:
            return None
        busiest = max(result.seasons, key=lambda s: s.average)
        quietest = min(result.seasons, key=lambda s: s.average)
        labels = [date(2000, s.calendar_month, 1).strftime("%b") for s in result.seasons]
        alt = (
            "Column chart of the average recorded in each calendar month. The busiest "
            f"month is {date(2000, busiest.calendar_month, 1):%B} ({busiest.average:,.0f}); "
            f"the quietest is {date(2000, quietest.calendar_month, 1):%B} "
            f"({quietest.average:,.0f})."
        )
        return self.chart(
            charts.columns,
            labels=labels,
            values=[round(s.average, 1) for s in result.seasons],
            y_label="Average recorded",
            alt=alt,
        )

    def hotspot_blocks(self, result: Analysis) -> list[Block | None]:
        if not result.hotspots:
            return []
        top = result.hotspots[:10]
        note = None
        if result.concentration and result.concentration.top_percent is not None:
            c = result.concentration
            note = Block(
                kind="note",
                text=(
                    f"The busiest {c.top_areas} of {c.areas} neighbourhoods (LSOAs) account for "
                    f"{c.top_percent:.0f}% of the recorded total."
                ),
            )
        table = Block(
            kind="table",
            caption=f"The busiest neighbourhoods, {result.current_description}",
            headers=["Neighbourhood (LSOA)", "District", "Recorded", "Share"],
            numeric=[False, False, True, True],
            rows=[
                [f"{h.name} ({h.code})", h.district, _number(h.count), _percent(h.share)]
                for h in top
            ],
        )
        chart = self.chart(
            charts.bars,
            labels=[h.name for h in top],
            values=[h.count for h in top],
            x_label="Recorded",
            alt=(
                f"Bar chart of the ten busiest neighbourhoods. The busiest, {top[0].name}, "
                f"recorded {top[0].count:,}."
            ),
        )
        return [note, table, chart]

    def read_analysis(self) -> None:
        results = [r for r in self.analyses() if r.periods is not None]
        if not results:
            missing = _empty(
                "No crime or partner data has been imported yet. Import data.police.uk "
                "extracts on the Analysis page and they will appear here."
            )
            for key in ("analysis", "appendix-data", "what-the-data-shows", "emerging-issues"):
                self.add(key, missing)
            return
        for result in results:
            self.out.note("levels", f"{result.dataset.name}, {result.current_description}")
            sources = [
                result.dataset.name,
                result.dataset.get_kind_display(),
                analysis_rules.describe_months(result.available) if result.available else "",
            ]
            self.add("introduction-sources", Block(kind="row", items=sources))
            if self.report.kind == Report.Kind.FULL:
                self.add(
                    "analysis",
                    Block(kind="note", title=result.dataset.name, text=self._headline(result)),
                    self.levels_table(result),
                    self.trend_chart(result),
                    self.categories_chart(result),
                    *self.change_blocks(result),
                    self.seasons_chart(result),
                )
                self.add("locations", *self.hotspot_blocks(result))
                self.add("appendix-data", *self.data_tables(result))
            elif self.report.kind == Report.Kind.REFRESH:
                self.add(
                    "emerging-issues",
                    Block(kind="note", title=result.dataset.name, text=self._headline(result)),
                    *self.change_blocks(result),
                )
            else:
                self.add(
                    "what-the-data-shows",
                    Block(kind="note", title=result.dataset.name, text=self._headline(result)),
                    self.levels_table(result),
                    self.trend_chart(result),
                    self.categories_chart(result),
                )

    def _headline(self, result: Analysis) -> str:
        total = result.total
        if total is None:
            return "No records in the chosen period."
        text = f"{self.count(total.count)} recorded in {result.current_description}"
        if total.rate is not None and not self.public:
            text += f", {total.rate:,.1f} per 1,000 residents"
        text += "."
        if result.comparisons and result.comparisons[0].rows:
            change = result.comparisons[0].rows[-1].change
            if change.percent is not None:
                direction = "up" if change.percent > 0 else "down"
                text += (
                    f" That is {direction} {abs(change.percent):.1f}% on "
                    f"{result.comparisons[0].description.split(' compared with ')[-1]}"
                    f" ({change.verdict.lower()})."
                )
        return text

    def data_tables(self, result: Analysis) -> list[Block | None]:
        blocks: list[Block | None] = []
        if len(result.by_district) > 1:
            blocks.append(
                Block(
                    kind="table",
                    caption=f"{result.dataset.name} by district, {result.current_description}",
                    headers=["District", "Recorded", "Share", "Per 1,000 residents"],
                    numeric=[False, True, True, True],
                    rows=[
                        [d.category, _number(d.count), _percent(d.share), _number(d.rate, 2)]
                        for d in result.by_district
                    ],
                )
            )
        blocks.append(
            Block(
                kind="table",
                caption=f"{result.dataset.name}: recorded each month",
                headers=["Month", "Recorded"],
                numeric=[False, True],
                rows=[
                    [analysis_rules.month_label(m), _number(c) if c is not None else "no data"]
                    for m, c in result.trend
                ],
            )
        )
        if result.outcomes:
            blocks.append(
                Block(
                    kind="table",
                    caption=f"{result.dataset.name}: last recorded outcomes",
                    headers=["Outcome", "Crimes", "Share"],
                    numeric=[False, True, True],
                    rows=[[o, _number(n), _percent(s)] for o, n, s in result.outcomes],
                )
            )
        return blocks

    # Consultation ------------------------------------------------------------------

    def read_consultation(self) -> None:
        surveys = list(
            Survey.objects.filter(year=self.year)
            .exclude(status=Survey.Status.DRAFT)
            .order_by("opens_on")
        )
        for survey in surveys:
            respondents, results = survey_results(survey, moderator=False)
            if respondents:
                self.out.note("community", f"{survey.title}: {self.count(respondents)} responses")
            blocks: list[Block | None] = [
                Block(
                    kind="note",
                    title=survey.title,
                    text=(
                        f"Open from {_day(survey.opens_on)} to {_day(survey.closes_on)}. "
                        f"{self.count(respondents)} people answered."
                    ),
                )
            ]
            for result in results:
                if not result.rows:
                    continue
                rows = result.rows
                blocks.append(
                    Block(
                        kind="table",
                        caption=result.question.text,
                        headers=["Answer", "People"],
                        numeric=[False, True],
                        rows=[[label, self.count(n)] for label, n in rows],
                    )
                )
                shown = [
                    (label, n)
                    for label, n in rows
                    if n and (not self.public or n >= self.threshold)
                ]
                if len(shown) >= 2:
                    top = max(shown, key=lambda pair: pair[1])
                    blocks.append(
                        self.chart(
                            charts.bars,
                            labels=[label for label, _ in shown],
                            values=[n for _, n in shown],
                            x_label="People",
                            alt=(
                                f"Bar chart of answers to '{result.question.text}'. The most "
                                f"common answer was {top[0]}."
                            ),
                        )
                    )
            key = {"full": "context", "refresh": "emerging-issues", "public": "what-you-told-us"}
            self.add(key[self.report.kind], *blocks)
        if not surveys:
            target = "what-you-told-us" if self.public else "context"
            self.add(target, _empty("No consultation has been run for this year yet."))
        if self.public:
            return
        self.read_scanning()
        if self.report.kind == Report.Kind.FULL:
            self.read_rationales()

    def read_scanning(self) -> None:
        issues = [i for i in self.year.issues.all() if i.pestelo]
        key = "context" if self.report.kind == Report.Kind.FULL else "emerging-issues"
        if issues:
            labels = dict(Issue.Pestelo.choices)
            self.add(
                key,
                Block(
                    kind="table",
                    title="The scanning exercise",
                    caption="Horizon-scanning factors (PESTELO) noted on the long list",
                    headers=["Issue", "Factors", "Note"],
                    rows=[
                        [i.title, ", ".join(labels.get(f, f) for f in i.pestelo), i.pestelo_note]
                        for i in issues
                    ],
                ),
            )
        emerging = list(
            EmergingIssue.objects.filter(
                partnership=self.partnership,
                logged_at__date__gte=self.year.starts_on - timedelta(days=365),
            ).order_by("-logged_at")
        )
        if emerging:
            self.add(
                key,
                Block(
                    kind="table",
                    title="Emerging issues logged",
                    headers=["What", "Where", "Source", "Status"],
                    rows=[
                        [e.title, e.location, e.source, e.get_status_display()] for e in emerging
                    ],
                ),
            )
            self.out.note("changes", f"{len(emerging)} emerging issues logged by partners")

    def read_rationales(self) -> None:
        by_issue = accepted_rationales(self.year)
        issues = {i.pk: i for i in self.year.issues.all()}
        found = {theme: [] for theme in THEMES}
        for issue_id, documents in by_issue.items():
            issue = issues.get(issue_id)
            if issue is None:
                continue
            for document in documents:
                theme = (document.theme or issue.theme or "").strip().lower()
                key = next((t for t in THEMES if t.rstrip("s") in theme), None)
                if key is None:
                    continue
                parts = [
                    ("Key information", document.key_information),
                    ("Current work", document.current_work),
                    ("Progress", document.progress),
                    ("Gaps", document.gaps),
                    ("Recommendations", document.recommendations),
                    ("Data sources", document.data_sources),
                ]
                found[key].append(
                    Block(
                        kind="table",
                        title=f"{issue.title}: the theme specialist's rationale",
                        caption=f"Written by {document.specialist.user.get_full_name()}"
                        if document.specialist
                        else "",
                        headers=["Heading", "What the rationale says"],
                        rows=[[label, text] for label, text in parts if text.strip()],
                    )
                )
                if document.progress.strip():
                    self.out.note("plan", f"Rationale on {issue.title} reports progress")
        for theme, blocks in found.items():
            if blocks:
                self.add(theme, *blocks)
            else:
                self.add(
                    theme,
                    _empty("No rationale documents for this theme have been accepted yet."),
                )

    # Scoring -------------------------------------------------------------------------

    def read_scoring(self) -> None:
        ranking = year_ranking(self.year)
        if ranking.round is None:
            note = _empty("No scoring round has been closed for this year yet.")
            self.add("priorities", note)
            self.add("appendix-scoring", note)
            return
        round_ = ranking.round
        matrix = round_.matrix
        self.add(
            "priorities",
            Block(
                kind="note",
                title="How the issues were scored",
                text=(
                    f"Partners scored {len(ranking.rows)} issues in {round_.name} using "
                    f"{matrix.name}. The ranking uses the agreed (moderated) score for each "
                    f"criterion, and the median of partners' scores where none was agreed."
                ),
            ),
        )
        rows = [r for r in ranking.rows if r.total is not None]
        if rows:
            maximum = ranking.maximum
            self.add(
                "priorities",
                self.chart(
                    charts.bars,
                    labels=[r.issue.title for r in rows],
                    values=[round(float(r.total), 1) for r in rows],
                    x_label=f"Total score (out of {_number(maximum, 0)})"
                    if maximum
                    else "Total score",
                    highlight=[r.above_line for r in rows],
                    alt=(
                        f"Bar chart of {len(rows)} issues by total score. The highest is "
                        f"{rows[0].issue.title} with {float(rows[0].total):,.1f}. Issues above "
                        f"the line are shown in blue."
                    ),
                ),
            )
        criteria = ranking.rows[0].cells if ranking.rows else []
        self.add(
            "appendix-scoring",
            Block(
                kind="table",
                title=f"The scoring matrix: {matrix.name}",
                caption=matrix.get_method_display(),
                headers=["Criterion", "Group", "Weight", "What it measures"],
                numeric=[False, False, True, False],
                rows=[
                    [c.name, c.group, _number(float(c.weight), 2), c.meaning]
                    for c in matrix.criteria.all()
                ],
            ),
            Block(
                kind="table",
                title="The ranking",
                caption=f"{round_.name}: issues above the line were put to the board",
                headers=["Rank", "Issue", "Total", "Above the line", "Possible ranks"],
                numeric=[True, False, True, False, False],
                rows=[
                    [
                        r.rank,
                        r.issue.title,
                        _number(r.total, 1),
                        "Yes" if r.above_line else "No",
                        f"{r.rank_range[0]} to {r.rank_range[1]}" if r.rank_range else "–",
                    ]
                    for r in ranking.rows
                ],
            ),
        )
        # The agreed score per criterion, a landscape table for every few criteria so
        # the columns stay readable however many criteria the matrix has.
        for first in range(0, len(criteria), CRITERIA_PER_TABLE):
            chunk = criteria[first : first + CRITERIA_PER_TABLE]
            self.add(
                "appendix-scoring",
                Block(
                    kind="table",
                    wide=True,
                    title="Scores by criterion" if first == 0 else "",
                    caption=(
                        f"Criteria {first + 1} to {first + len(chunk)} of {len(criteria)}. "
                        "Where partners had not agreed a score, the median of theirs."
                    ),
                    headers=["Rank", "Issue"] + [cell[0].name for cell in chunk],
                    numeric=[True, False] + [True] * len(chunk),
                    rows=[
                        [r.rank, r.issue.title]
                        + [
                            _number(value, 1)
                            for _, value, _, _ in r.cells[first : first + CRITERIA_PER_TABLE]
                        ]
                        for r in ranking.rows
                    ],
                ),
            )

    # Priorities -----------------------------------------------------------------------

    def read_priorities(self) -> None:
        priorities = list(
            Priority.objects.filter(year=self.year)
            .select_related("lead_agency", "lead__user")
            .prefetch_related("issues", "kpis__values", "decisions__item__meeting")
            .order_by("position", "title")
        )
        agreed = [p for p in priorities if p.status == Priority.Status.AGREED]
        if self.public:
            published = [p for p in agreed if p.published]
            if published:
                self.out.note("plan", f"{len(published)} published priorities")
                self.add(
                    "our-priorities",
                    Block(
                        kind="list",
                        caption="The partnership agreed these priorities:",
                        items=[
                            p.title + (f" (led by {p.lead_agency.name})" if p.lead_agency else "")
                            for p in published
                        ],
                    ),
                )
            else:
                self.add("our-priorities", _empty("No priorities have been published yet."))
            return
        if self.report.kind == Report.Kind.REFRESH:
            proposed = [p for p in priorities if p.status == Priority.Status.PROPOSED]
            self.add(
                "proposed-additions",
                Block(
                    kind="table",
                    headers=["Proposed priority", "Why", "Issues"],
                    rows=[
                        [p.title, p.rationale, ", ".join(i.title for i in p.issues.all())]
                        for p in proposed
                    ],
                )
                if proposed
                else _empty("No additions to the priorities have been proposed."),
            )
            self.add("progress", *self.measures(agreed, "the current priorities"))
            return
        if agreed:
            rows = []
            for p in agreed:
                decision = max(p.decisions.all(), key=lambda d: d.decided_at, default=None)
                rows.append(
                    [
                        p.title,
                        p.lead_agency.name if p.lead_agency else "",
                        ", ".join(i.title for i in p.issues.all()),
                        f"Agreed on {_day(decision.item.meeting.held_on)}"
                        if decision
                        else "Agreed",
                    ]
                )
            self.add(
                "priorities",
                Block(
                    kind="table",
                    title="The strategic priorities",
                    headers=["Priority", "Lead agency", "Issues it covers", "Board decision"],
                    rows=rows,
                ),
            )
        else:
            self.add(
                "priorities",
                _empty("The board has not agreed any priorities for this year yet."),
            )
        others = [p for p in priorities if p.status != Priority.Status.AGREED]
        if others:
            self.add(
                "priorities",
                Block(
                    kind="table",
                    title="Other proposals",
                    headers=["Proposal", "Status"],
                    rows=[[p.title, p.get_status_display()] for p in others],
                ),
            )
        earlier = previous_year(self.year)
        if earlier is None:
            self.add("current-activity", _empty("There is no earlier year to report on."))
            return
        last = list(
            Priority.objects.filter(year=earlier, status=Priority.Status.AGREED)
            .prefetch_related("kpis__values")
            .order_by("position", "title")
        )
        self.add("current-activity", *self.measures(last, f"the {earlier.label} priorities"))
        actions = list(
            Action.objects.filter(priority__year=earlier).select_related("owner_agency", "priority")
        ) + list(
            Action.objects.filter(priority__year=self.year).select_related(
                "owner_agency", "priority"
            )
        )
        if actions:
            counts = Counter(a.get_status_display() for a in actions)
            self.add(
                "current-activity",
                Block(
                    kind="table",
                    title="Actions from the board",
                    caption=", ".join(
                        f"{n} {label.lower()}" for label, n in sorted(counts.items())
                    ),
                    headers=["Action", "Priority", "Owner", "Due", "Status"],
                    rows=[
                        [
                            a.title,
                            a.priority.title if a.priority else "",
                            a.owner_agency.name if a.owner_agency else "",
                            _day(a.due_on),
                            a.get_status_display(),
                        ]
                        for a in actions
                    ],
                ),
            )

    def measures(self, priorities: list[Priority], described: str) -> list[Block | None]:
        if not priorities:
            return [_empty(f"There are no agreed priorities: {described}.")]
        rows, chart_rows = [], []
        for p in priorities:
            for row in kpi_rows(p.kpis.all()):
                rows.append(
                    [
                        p.title,
                        row.kpi.name,
                        _number(row.kpi.baseline, 1),
                        _number(row.kpi.target, 1),
                        _number(row.latest, 1) if row.latest is not None else "none yet",
                        row.status_label,
                    ]
                )
                if row.latest is not None:
                    chart_rows.append(row)
        self.out.note("plan", f"{len(priorities)} priorities and {len(rows)} measures: {described}")
        blocks: list[Block | None] = [
            Block(
                kind="table",
                title=f"Measures for {described}",
                headers=["Priority", "Measure", "Baseline", "Target", "Latest", "Status"],
                numeric=[False, False, True, True, True, False],
                rows=rows,
            )
            if rows
            else _empty(f"No measures were set for {described}.")
        ]
        if chart_rows:
            met = sum(1 for r in chart_rows if r.status_label == "On track")
            blocks.append(
                self.chart(
                    charts.progress,
                    labels=[r.kpi.name for r in chart_rows],
                    baseline=[float(r.kpi.baseline) for r in chart_rows],
                    latest=[float(r.latest) for r in chart_rows],
                    target=[float(r.kpi.target) for r in chart_rows],
                    alt=(
                        f"Bar chart of progress from baseline to target for {len(chart_rows)} "
                        f"measures; {met} are on track."
                    ),
                )
            )
        return blocks

    # The checklist ---------------------------------------------------------------------

    def read_checklist(self) -> None:
        run = ChecklistRun.objects.filter(year=self.year).order_by("-created_at").first()
        if run is None:
            self.add(
                "appendix-compliance",
                _empty("No compliance checklist has been started for this year yet."),
            )
            return
        items = checklist_items(run)
        progress = checklist_progress(items)
        labels = {"green": "Green", "amber": "Amber", "red": "Red", "not_assessed": "Not assessed"}
        self.add(
            "appendix-compliance",
            Block(
                kind="note",
                title=run.template.name,
                text=(
                    f"{progress.complete} of {progress.total} requirements met "
                    f"({progress.percent}%). "
                    + ", ".join(f"{labels[k]}: {n}" for k, n in progress.by_rag.items())
                    + "."
                ),
            ),
            Block(
                kind="table",
                headers=["Requirement", "Area", "Status", "Development"],
                rows=[
                    [i.requirement.text, i.requirement.section, i.get_rag_display(), i.development]
                    for i in items
                ],
            ),
        )
        gaps = [i for i in items if i.rag in ("red", "amber")]
        if gaps:
            self.add(
                "gaps",
                Block(
                    kind="table",
                    title="Gaps the compliance checklist shows",
                    headers=["Requirement", "Status", "Action"],
                    rows=[[i.requirement.text, i.get_rag_display(), i.action] for i in gaps],
                ),
            )

    def read_introduction(self) -> None:
        sources = self.out.blocks.pop("introduction-sources", [])
        if self.report.kind != Report.Kind.FULL:
            return
        agencies = list(self.partnership.agencies.order_by("name"))
        if agencies:
            self.add(
                "introduction",
                Block(
                    kind="list",
                    title="The partnership",
                    caption="The responsible authorities and partners who contributed:",
                    items=[a.name for a in agencies],
                ),
            )
        self.add(
            "introduction",
            Block(
                kind="table",
                title="Data sources",
                headers=["Source", "Kind", "Months held"],
                rows=[b.items for b in sources],
            )
            if sources
            else _empty("No datasets have been imported yet."),
        )

    def gather(self) -> Gathered:
        self.read_analysis()
        self.read_consultation()
        if not self.public:
            self.read_scoring()
            self.read_checklist()
        self.read_priorities()
        self.read_introduction()
        return self.out


def gather(report: Report, *, charts: bool = True, timings=None) -> Gathered:
    return Reader(report, draw=charts, timings=timings).gather()
