"""Fills a report from consultation: survey results, the scanning exercise, emerging
issues and the theme specialists' accepted rationale documents."""

from consultation.models import EmergingIssue, Question, Survey
from consultation.selectors import QuestionResult, accepted_rationales, survey_results
from csp_assessment import charts
from csp_assessment.dates import day
from csp_assessment.text import and_list
from cycles.models import Issue
from priorities.rules import months_after

from ..blocks import Block, empty
from ..models import Report
from .reader import Reader

THEMES = ("victims", "offenders", "locations")
PUT_FIRST = "Times put first"


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
            if result.rows:
                blocks.extend(_question_blocks(reader, result, respondents))
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


def _question_blocks(
    reader: Reader, result: QuestionResult, respondents: int
) -> list[Block | None]:
    """One question's answers: a table, with those who gave no answer last, and a chart
    of the answers given. A ranking question counts how often each issue was put first
    and how many ranked it, as the results page does; a rating question adds its scale
    and average. In the public summary, counts that add up to the people who answered
    are hidden as a group (`QuestionResult.parts`)."""
    parts = result.parts(respondents)
    rows = parts if parts is not None else result.rows
    counts = [n for _, n in rows]
    if reader.public and parts is not None:
        texts, hide = reader.counts(counts), reader.group_hidden(counts)
    else:
        texts, hide = [reader.count(n) for n in counts], [reader.hidden(n) for n in counts]
    ranking = result.question.kind == Question.Kind.RANKING
    if ranking:
        ranked_by = {title: s.ranked_by for title, s in result.suggestions}
        headers, unit = ["Issue", PUT_FIRST, "Ranked by"], PUT_FIRST
        table = [
            [label, text, reader.count(ranked_by[label]) if label in ranked_by else "–"]
            for (label, _), text in zip(rows, texts, strict=True)
        ]
    else:
        headers, unit = ["Answer", "People"], "People"
        table = [[label, text] for (label, _), text in zip(rows, texts, strict=True)]
    blocks: list[Block | None] = [
        Block(
            kind="table",
            caption=result.question.text,
            headers=headers,
            numeric=[False, *([True] * (len(headers) - 1))],
            rows=table,
        )
    ]
    if result.mean is not None:
        scale = f"{result.question.help_text} " if result.question.help_text else ""
        blocks.append(Block(kind="note", text=f"{scale}Average rating {result.mean:.1f}."))
    answered = len(result.rows)  # "No answer", when there, comes last: not charted
    shown = [
        (label, n)
        for (label, n), h in zip(rows[:answered], hide[:answered], strict=True)
        if n and not h
    ]
    if len(shown) >= 2:
        most = max(n for _, n in shown)
        top = [label for label, n in shown if n == most]
        if ranking:
            said = f"Put first most often: {and_list(top)}."
        elif len(top) == 1:
            said = f"The most common answer was {top[0]}."
        else:
            said = f"The most common answers were {and_list(top)}, equally."
        what = "how often each issue was put first in" if ranking else "answers to"
        blocks.append(
            reader.chart(
                charts.bars,
                labels=[label for label, _ in shown],
                values=[n for _, n in shown],
                x_label=unit,
                alt=f"Bar chart of {what} '{result.question.text}'. {said}",
            )
        )
    return blocks


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
                    [
                        i.title,
                        ", ".join(labels.get(f, f) for f in i.pestelo),
                        i.pestelo_note or "–",
                    ]
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
            # A past year's report does not take in issues logged after its year.
            logged_at__date__lte=reader.year.ends_on,
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
