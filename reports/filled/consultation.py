"""Fills a report from consultation: survey results, the scanning exercise, emerging
issues and the theme specialists' accepted rationale documents."""

from consultation.models import EmergingIssue, Survey
from consultation.selectors import accepted_rationales, survey_results
from csp_assessment import charts
from csp_assessment.dates import day
from cycles.models import Issue
from priorities.rules import months_after

from ..blocks import Block, empty
from ..models import Report
from .reader import Reader

THEMES = ("victims", "offenders", "locations")


def read_consultation(reader: Reader) -> None:
    surveys = list(
        Survey.objects.filter(year=reader.year)
        .exclude(status=Survey.Status.DRAFT)
        .order_by("opens_on")
    )
    for survey in surveys:
        respondents, results = survey_results(survey, moderator=False)
        shown = reader.count(respondents)
        # The noun agrees with what is printed: "fewer than 10 people", not "person".
        one = respondents == 1 and not reader.hidden(respondents)
        if respondents:
            responses = "response" if one else "responses"
            reader.out.note("community", f"{survey.title}: {shown} {responses}")
        blocks: list[Block | None] = [
            Block(
                kind="note",
                title=survey.title,
                text=(
                    f"Open from {day(survey.opens_on)} to {day(survey.closes_on)}. "
                    f"{shown} {'person' if one else 'people'} answered."
                ),
            )
        ]
        for result in results:
            if not result.rows:
                continue
            # In the public summary, counts that add up to the people who answered are
            # hidden as a group (`QuestionResult.parts`), "No answer" among them.
            parts = result.parts(respondents) if reader.public else None
            if parts is None:
                rows = result.rows
                texts = [reader.count(n) for _, n in rows]
                hide = [reader.hidden(n) for _, n in rows]
            else:
                rows, counts = parts, [n for _, n in parts]
                texts, hide = reader.counts(counts), reader.group_hidden(counts)
            blocks.append(
                Block(
                    kind="table",
                    caption=result.question.text,
                    headers=["Answer", "People"],
                    numeric=[False, True],
                    rows=[[label, text] for (label, _), text in zip(rows, texts, strict=True)],
                )
            )
            answered = len(result.rows)  # "No answer", when there, comes last: not charted
            shown = [
                (label, n)
                for (label, n), h in zip(rows[:answered], hide[:answered], strict=True)
                if n and not h
            ]
            if len(shown) >= 2:
                top = max(shown, key=lambda pair: pair[1])
                blocks.append(
                    reader.chart(
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
        # A needs assessment has no section for the public's views: the duty asks the
        # authorities to consult each other, not the public.
        key = {"full": "context", "refresh": "emerging-issues", "public": "what-you-told-us"}
        if reader.report.kind in key:
            reader.add(key[reader.report.kind], *blocks)
    if not surveys:
        target = "what-you-told-us" if reader.public else "context"
        reader.add(target, empty("No consultation has been run for this year yet."))
    if reader.public:
        return
    read_scanning(reader)
    if reader.report.kind == Report.Kind.FULL:
        read_rationales(reader)


def read_scanning(reader: Reader) -> None:
    issues = [i for i in reader.year.issues.all() if i.pestelo]
    key = "context" if reader.report.kind == Report.Kind.FULL else "emerging-issues"
    if issues:
        labels = dict(Issue.Pestelo.choices)
        reader.add(
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
            partnership=reader.partnership,
            # The same day a year before the year starts (29 February: the 28th), not
            # 365 days, which falls a day short across a leap day.
            logged_at__date__gte=months_after(reader.year.starts_on, -12),
        ).order_by("-logged_at")
    )
    if emerging:
        reader.add(
            key,
            Block(
                kind="table",
                title="Emerging issues logged",
                headers=["What", "Where", "Source", "Status"],
                rows=[[e.title, e.location, e.source, e.get_status_display()] for e in emerging],
            ),
        )
        reader.out.note("changes", f"{len(emerging)} emerging issues logged by partners")


def read_rationales(reader: Reader) -> None:
    by_issue = accepted_rationales(reader.year)
    issues = {i.pk: i for i in reader.year.issues.all()}
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
                reader.out.note("plan", f"Rationale on {issue.title} reports progress")
    for theme, blocks in found.items():
        if blocks:
            reader.add(theme, *blocks)
        else:
            reader.add(
                theme,
                empty("No rationale documents for this theme have been accepted yet."),
            )
