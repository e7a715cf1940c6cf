"""Pure rules for the partnership plan (a county's community safety agreement): what the
document is called and the law it answers to (each citation verified or to check),
reading the resources table, and what a version changes against the last one the board
agreed, section by section. No ORM, no request."""

import difflib
from dataclasses import dataclass, field

from priorities.rules import agreed_version_refusal

# What the pages say about the law, and how far each statement was checked.
# VERIFIED: read in the text on legislation.gov.uk; TO_CHECK: not seen in the text found.
VERIFIED = "verified"
TO_CHECK = "to check"


@dataclass(frozen=True)
class Citation:
    statement: str
    citation: str
    status: str
    checked_against: str  # after "to check:" it starts in lower case, as a note does


# In carrying out the strategies (the plan's or the agreement's), as both documents say.
SECTION_6_1A = Citation(
    "In carrying out the strategies, each responsible authority must have regard to "
    "the police and crime objectives in the commissioner's police and crime plan.",
    "Crime and Disorder Act 1998, section 6(1A), inserted by the Police Reform and "
    "Social Responsibility Act 2011",
    VERIFIED,
    "Crime and Disorder Act 1998, section 6, current text (legislation.gov.uk)",
)

# A district's or a unitary's partnership plan.
LAW = (
    Citation(
        "The strategy group prepares and carries out a partnership plan for its area on "
        "behalf of the responsible authorities.",
        "SI 2007/1830, regulation 3(1)(b), as substituted by SI 2011/1230",
        VERIFIED,
        "SI 2011/1230, regulation 3, as made (legislation.gov.uk)",
    ),
    Citation(
        "The plan sets out a strategy for meeting the priorities the strategic assessment "
        "found, and how the strategy is to be carried out.",
        "SI 2007/1830, regulations 10 and 11",
        VERIFIED,
        "The explanatory note to SI 2007/1830 (legislation.gov.uk); the regulations' own "
        "words are still to check",
    ),
    Citation(
        "The plan covers three years and is revised every year.",
        "SI 2007/1830, regulations 10 and 11",
        TO_CHECK,
        "not seen in the text found",
    ),
    Citation(
        "The plan says how the partnership will engage its communities, how far people "
        "are involved, and what resources partners commit.",
        "SI 2007/1830, regulation 10",
        TO_CHECK,
        "not seen in the text found",
    ),
    Citation(
        "The strategy group sends a copy of the plan to the police and crime "
        "commissioner (outside the City of London).",
        "SI 2007/1830, regulation 13A, inserted by SI 2012/2660",
        VERIFIED,
        "SI 2012/2660, regulation 2(3), as made (legislation.gov.uk)",
    ),
    SECTION_6_1A,
)

# A county's community safety agreement, in a two-tier area.
AGREEMENT_LAW = (
    Citation(
        "The county strategy group prepares a community safety agreement for the county, "
        "built on the strategic assessments of the districts in it.",
        "SI 2007/1830, regulation 9",
        VERIFIED,
        "The explanatory note to SI 2007/1830 (legislation.gov.uk); the regulation's own "
        "words are still to check",
    ),
    Citation(
        "The agreement sets out how the responsible authorities in the county can meet the "
        "districts' priorities better by working together.",
        "SI 2007/1830, regulation 9",
        TO_CHECK,
        "not in the explanatory note to SI 2007/1830; the regulation's text was not found",
    ),
    Citation(
        "The county strategy group sends a copy of the agreement to the police and crime "
        "commissioner.",
        "SI 2007/1830, regulation 9A, inserted by SI 2012/2660",
        VERIFIED,
        "SI 2012/2660, regulation 2(2), as made (legislation.gov.uk)",
    ),
    SECTION_6_1A,
)

COUNTY = "county"  # Partnership.Kind.COUNTY; the rules read no models


@dataclass(frozen=True)
class Document:
    """What a partnership's strategy document is called, and the law it answers to."""

    name: str  # in a sentence: "the partnership plan"
    short: str  # once named: "the plan"
    law: tuple[Citation, ...]
    group: str  # who prepares it: "the strategy group"
    sending_law: str  # the regulation that has it sent to the commissioner
    about: str  # what it is, for the top of its pages
    from_districts: bool  # lists the priorities the districts escalated to it

    @property
    def title(self) -> str:
        """As a heading: "Partnership plan"."""
        return self.name[0].upper() + self.name[1:]


PARTNERSHIP_PLAN = Document(
    name="partnership plan",
    short="plan",
    law=LAW,
    group="the strategy group",
    sending_law="SI 2007/1830, regulation 13A",
    about="The plan sets out how the partnership will meet the priorities the board agreed.",
    from_districts=False,
)
COMMUNITY_SAFETY_AGREEMENT = Document(
    name="community safety agreement",
    short="agreement",
    law=AGREEMENT_LAW,
    group="the county strategy group",
    sending_law="SI 2007/1830, regulation 9A",
    about="The county's community safety agreement is built on the districts' strategic "
    "assessments. It sets out the county's agreed priorities and the ones the districts "
    "escalated to it.",
    from_districts=True,
)


def document(kind: str) -> Document:
    """The one place that says what a partnership's document is called and which law it
    cites: a county prepares a community safety agreement (regulation 9), every other
    partnership a partnership plan (regulation 3(1)(b))."""
    return COMMUNITY_SAFETY_AGREEMENT if kind == COUNTY else PARTNERSHIP_PLAN


class RowsError(ValueError):
    """A resources table the analyst typed could not be read."""


def parse_resources(text: str) -> list[dict[str, str]]:
    """One row a line, "agency | what it commits"; blank lines are skipped."""
    rows = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        parts = [part.strip() for part in line.split("|")]
        if len(parts) != 2 or not all(parts):
            raise RowsError(
                f"Line {number} needs an agency and what it commits, with a | between them."
            )
        rows.append({"agency": parts[0], "commitment": parts[1]})
    return rows


def resources_text(rows: list[dict[str, str]]) -> str:
    return "\n".join(f"{row['agency']} | {row['commitment']}" for row in rows)


# The sections the analyst writes, in the order the plan shows them.
SECTIONS = {
    "summary": "The strategy in brief",
    "engagement": "How we will engage our communities",
    "involvement": "How far people are involved",
}


# The agreement's list of what the districts asked the county to take on.
ESCALATED = "Priorities the districts escalated to the county"


@dataclass(frozen=True)
class Words:
    """A run of words in a changed text: kept, added or removed."""

    kind: str  # "same", "added" or "removed"
    text: str


@dataclass(frozen=True)
class Line:
    """One change within a section. `kind` is said in words on the page, never only
    in colour: added, removed or changed."""

    kind: str
    text: str
    words: list[Words] = field(default_factory=list)


@dataclass(frozen=True)
class SectionChanges:
    section: str
    lines: list[Line]


def word_diff(before: str, after: str) -> list[Words]:
    old, new = before.split(), after.split()
    runs = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            runs.append(Words("same", " ".join(old[a1:a2])))
            continue
        if a2 > a1:
            runs.append(Words("removed", " ".join(old[a1:a2])))
        if b2 > b1:
            runs.append(Words("added", " ".join(new[b1:b2])))
    return runs


def _named(rows: list[dict], key: str) -> dict[str, dict]:
    return {row[key]: row for row in rows}


def _kpi_line(kpi: dict) -> str:
    unit = f" {kpi['unit']}" if kpi.get("unit") else ""
    return f"{kpi['name']} (from {kpi['baseline']} to {kpi['target']}{unit})"


PRIORITY_FACTS = (("emphasis", "emphasis"), ("lead", "lead"), ("lead_agency", "lead agency"))


def _priority_changes(before: list[dict], after: list[dict]) -> list[Line]:
    old, new = _named(before, "title"), _named(after, "title")
    lines = [Line("added", f"Priority: {title}") for title in new if title not in old]
    lines += [Line("removed", f"Priority: {title}") for title in old if title not in new]
    for title in (t for t in new if t in old):
        was, now = old[title], new[title]
        for key, label in PRIORITY_FACTS:
            if was.get(key, "") != now.get(key, ""):
                lines.append(
                    Line(
                        "changed",
                        f"{title}, {label}: {was.get(key) or 'none'} to {now.get(key) or 'none'}",
                    )
                )
        was_kpis = {_kpi_line(k) for k in was.get("kpis", [])}
        now_kpis = {_kpi_line(k) for k in now.get("kpis", [])}
        lines += [Line("added", f"{title}, KPI: {k}") for k in sorted(now_kpis - was_kpis)]
        lines += [Line("removed", f"{title}, KPI: {k}") for k in sorted(was_kpis - now_kpis)]
        was_serves = {f"{o['plan']}: {o['wording']}" for o in was.get("objectives", [])}
        now_serves = {f"{o['plan']}: {o['wording']}" for o in now.get("objectives", [])}
        lines += [Line("added", f"{title}, serves: {o}") for o in sorted(now_serves - was_serves)]
        lines += [Line("removed", f"{title}, serves: {o}") for o in sorted(was_serves - now_serves)]
        was_actions = {a["title"] for a in was.get("actions", [])}
        now_actions = {a["title"] for a in now.get("actions", [])}
        now_done = {a["title"] for a in now.get("done", [])}
        done = (was_actions - now_actions) & now_done
        lines += [Line("added", f"{title}, action: {a}") for a in sorted(now_actions - was_actions)]
        lines += [Line("changed", f"{title}, action done: {a}") for a in sorted(done)]
        lines += [
            Line("removed", f"{title}, action: {a}")
            for a in sorted(was_actions - now_actions - done)
        ]
    return lines


def _resource_changes(before: list[dict], after: list[dict]) -> list[Line]:
    old, new = _named(before, "agency"), _named(after, "agency")
    lines = [
        Line("added", f"{agency}: {row['commitment']}")
        for agency, row in new.items()
        if agency not in old
    ]
    lines += [
        Line("removed", f"{agency}: {row['commitment']}")
        for agency, row in old.items()
        if agency not in new
    ]
    lines += [
        Line(
            "changed",
            agency,
            word_diff(old[agency]["commitment"], row["commitment"]),
        )
        for agency, row in new.items()
        if agency in old and old[agency]["commitment"] != row["commitment"]
    ]
    return lines


def _escalation_changes(before: list[dict], after: list[dict]) -> list[Line]:
    def named(rows):
        return [f"{row['title']}, from {row['district']}" for row in rows]

    old, new = named(before), named(after)
    return [Line("added", row) for row in new if row not in old] + [
        Line("removed", row) for row in old if row not in new
    ]


def compare(before: dict, after: dict) -> list[SectionChanges]:
    """What `after` changes against `before` (two plan snapshots), section by section.
    A section with no change is left out."""
    found = []
    old_period, new_period = before.get("period", ""), after.get("period", "")
    if old_period and old_period != new_period:
        found.append(
            SectionChanges(
                "The years it covers",
                [Line("changed", "Covers", word_diff(old_period, new_period))],
            )
        )
    for name, label in SECTIONS.items():
        old, new = before.get(name, "").strip(), after.get(name, "").strip()
        if old != new:
            found.append(SectionChanges(label, [Line("changed", label, word_diff(old, new))]))
    priorities = _priority_changes(before.get("priorities", []), after.get("priorities", []))
    if priorities:
        found.append(SectionChanges("Priorities, leads, KPIs and actions", priorities))
    escalated = _escalation_changes(before.get("escalations", []), after.get("escalations", []))
    if escalated:
        found.append(SectionChanges(ESCALATED, escalated))
    resources = _resource_changes(before.get("resources", []), after.get("resources", []))
    if resources:
        found.append(SectionChanges("What partners commit", resources))
    return found


def frozen_message(version) -> str:
    """Why an agreed version cannot change."""
    return agreed_version_refusal(version.version, "Start the next version to revise it.")
