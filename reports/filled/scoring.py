"""Fills a report from scoring: how the issues were scored, the ranking chart, and
appendix A's matrix, ranking and scores by criterion."""

from csp_assessment import charts
from csp_assessment.plurals import counted
from csp_assessment.text import figure
from priorities.selectors import year_ranking
from scoring import rules as scoring_rules

from ..blocks import Block, empty
from .reader import Reader, number

CRITERIA_PER_TABLE = 8


def read_scoring(reader: Reader) -> None:
    ranking = year_ranking(reader.year)
    if ranking.round is None:
        note = empty("No scoring round has been closed for this year yet.")
        reader.add("priorities", note)
        reader.add("appendix-scoring", note)
        return
    round_ = ranking.round
    matrix = round_.matrix
    reader.add(
        "priorities",
        Block(
            kind="note",
            title="How the issues were scored",
            text=(
                f"Partners scored {counted(len(ranking.rows), 'issue')} in {round_.name} using "
                f"{matrix.name}. The ranking uses the agreed (moderated) score for each "
                f"criterion, and the median of partners' scores where none was agreed."
            ),
        ),
    )
    rows = [r for r in ranking.rows if r.total is not None]
    if rows:
        maximum = ranking.maximum
        reader.add(
            "priorities",
            reader.chart(
                charts.bars,
                labels=[r.issue.title for r in rows],
                values=[round(float(r.total), 1) for r in rows],
                x_label=f"Total score (out of {number(maximum, 0)})" if maximum else "Total score",
                highlight=[r.above_line for r in rows],
                alt=(
                    f"Bar chart of {counted(len(rows), 'issue')} by total score. The highest is "
                    f"{rows[0].issue.title} with {float(rows[0].total):,.1f}. Issues above "
                    f"the line are shown in blue."
                ),
            ),
        )
    criteria = ranking.rows[0].cells if ranking.rows else []
    reader.add(
        "appendix-scoring",
        Block(
            kind="table",
            title=f"The scoring matrix: {matrix.name}",
            caption=matrix.get_method_display(),
            headers=["Criterion", "Group", "Weight", "What it measures"],
            numeric=[False, False, True, False],
            rows=[
                [c.name, c.group, number(float(c.weight), 2), c.meaning]
                for c in matrix.criteria.all()
            ],
        ),
        Block(
            kind="table",
            title="The ranking",
            caption=(
                f"{round_.name}: issues above the line go forward for deeper analysis. "
                "A total is provisional until every criterion is agreed."
            ),
            headers=[
                "Rank",
                "Issue",
                f"Total (of {figure(ranking.maximum)})" if ranking.maximum else "Total",
                "Deeper analysis",
                "Rank with each partner left out",
                "Criteria agreed",
            ],
            numeric=[True, False, True, False, False, False],
            rows=[
                [
                    r.rank,
                    r.issue.title,
                    "–" if r.total is None else figure(r.total),
                    "Yes" if r.above_line else "No",
                    scoring_rules.describe_rank_range(r.rank_range) or "–",
                    f"{r.moderated} of {len(criteria)}",
                ]
                for r in ranking.rows
            ],
        ),
    )
    # The agreed score per criterion, a landscape table for every few criteria so
    # the columns stay readable however many criteria the matrix has.
    for first in range(0, len(criteria), CRITERIA_PER_TABLE):
        chunk = criteria[first : first + CRITERIA_PER_TABLE]
        reader.add(
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
                        "–" if value is None else figure(value)
                        for _, value, _, _ in r.cells[first : first + CRITERIA_PER_TABLE]
                    ]
                    for r in ranking.rows
                ],
            ),
        )
