"""Pure rules for reports: the sections each kind of report has, the statutory
components and whether a report covers them, and small-number suppression for the
public summary, and the states of a version (draft, final, agreed) and when each may be
made. No ORM, no request."""

import hashlib
from dataclasses import dataclass, field

# The four components the regulations require of a strategic assessment, and the
# community's views, which the partnership must seek and take into account.
COMPONENTS = [
    ("levels", "Levels and patterns of crime, disorder and substance misuse"),
    ("changes", "Changes since the last strategic assessment"),
    ("why", "Why those changes happened"),
    ("plan", "How far last year's partnership plan was put into practice"),
    ("community", "The views of the community"),
]
COMPONENT_LABELS = dict(COMPONENTS)


@dataclass(frozen=True)
class SectionSpec:
    key: str
    title: str
    components: tuple[str, ...] = ()  # what its narrative is expected to address
    internal: bool = False  # left out of a public summary (public summaries only)
    prompt: str = ""  # shown to the writer, never printed
    optional: bool = False  # filled in by the workbench; a note of one's own is optional


THEME_PROMPT = (
    "Cover, for this theme: key information; current work; progress; gaps; recommendations."
)

# Seed 002's structure for the full assessment. Appendices are filled in by the
# workbench; their narrative is an optional note above the tables.
FULL_SECTIONS = [
    SectionSpec(
        "executive-summary",
        "Executive summary",
        ("levels", "changes", "plan"),
        prompt="The main findings and the recommended priorities, for a reader with five minutes.",
    ),
    SectionSpec(
        "introduction",
        "Introduction: the team, methodology and data sources",
        prompt="Who wrote the assessment, how it was done and what data it used.",
    ),
    SectionSpec(
        "context",
        "Context and the scanning exercise",
        ("community",),
        prompt="The local picture, the horizon scan (PESTELO) and what the community said.",
    ),
    SectionSpec(
        "analysis",
        "The analysis: levels, patterns and changes",
        ("levels", "changes", "why"),
        prompt="What the data shows, how it has changed since last year, and why.",
    ),
    SectionSpec("victims", "Victims", ("why",), prompt=THEME_PROMPT),
    SectionSpec("offenders", "Offenders", ("why",), prompt=THEME_PROMPT),
    SectionSpec("locations", "Locations", ("levels", "why"), prompt=THEME_PROMPT),
    SectionSpec(
        "current-activity",
        "Current activity and progress",
        ("plan",),
        prompt="How far last year's plan was put into practice: what was done, what was not.",
    ),
    SectionSpec(
        "priorities",
        "Priorities: how they were selected, and the strategic priorities",
        prompt="How the partnership scored the issues and what the board agreed.",
    ),
    SectionSpec(
        "gaps",
        "Gaps in activity, provision and intelligence",
        prompt="Where work, services or knowledge are missing.",
    ),
    SectionSpec("conclusion", "Conclusion and next steps"),
    SectionSpec("appendix-scoring", "Appendix A: scoring matrix and ranking", optional=True),
    SectionSpec("appendix-data", "Appendix B: data tables", optional=True),
    SectionSpec("appendix-compliance", "Appendix C: compliance summary", optional=True),
]

# Seed 000, year 3: a light refresh rather than a full assessment.
REFRESH_SECTIONS = [
    SectionSpec(
        "executive-summary",
        "Executive summary",
        ("changes",),
        prompt="What has changed since the full assessment, in a page.",
    ),
    SectionSpec(
        "emerging-issues",
        "Emerging issues",
        ("changes", "why", "community"),
        prompt="New or growing issues from the data, partners and the community, and why.",
    ),
    SectionSpec(
        "proposed-additions",
        "Proposed additions to the priorities",
        prompt="What the board is asked to add or change, and why.",
    ),
    SectionSpec(
        "progress",
        "Progress on the current priorities",
        ("plan",),
        prompt="How far the plan has been put into practice so far.",
    ),
    SectionSpec("next-steps", "Next steps"),
]

PUBLIC_SECTIONS = [
    SectionSpec(
        "introduction",
        "About this summary",
        prompt="Plain words for residents: what the partnership is and what this summary is.",
    ),
    SectionSpec(
        "what-the-data-shows",
        "What the data shows",
        ("levels", "changes"),
        prompt="The main patterns, in plain words. Small numbers are hidden for you.",
    ),
    SectionSpec(
        "what-you-told-us",
        "What you told us",
        ("community",),
        prompt="What residents said in the consultation and what the partnership did.",
    ),
    SectionSpec(
        "our-priorities",
        "Our priorities",
        ("plan",),
        prompt="The priorities for the coming year and what they mean for residents.",
    ),
    SectionSpec("next-steps", "What happens next"),
]

SECTIONS_BY_KIND = {"full": FULL_SECTIONS, "refresh": REFRESH_SECTIONS, "public": PUBLIC_SECTIONS}


def section_specs(kind: str) -> list[SectionSpec]:
    if kind == "sna":  # issue 13: the serious violence strategic needs assessment
        from .sv_rules import SNA_SECTIONS

        return SNA_SECTIONS
    return SECTIONS_BY_KIND[kind]


def _spec(kind: str, key: str) -> SectionSpec | None:
    """A section's spec; a full report may also carry the SNA's sections (issue 13)."""
    from .sv_rules import SNA_SECTIONS

    return next((s for s in [*section_specs(kind), *SNA_SECTIONS] if s.key == key), None)


def section_prompt(kind: str, key: str) -> str:
    spec = _spec(kind, key)
    return spec.prompt if spec else ""


def needs_writing(kind: str, key: str) -> bool:
    """Whether a section stays empty unless someone writes it (the appendices are
    filled in by the workbench)."""
    spec = _spec(kind, key)
    return not (spec and spec.optional)


# The statutory-components check ---------------------------------------------------------


@dataclass(frozen=True)
class WrittenSection:
    title: str
    components: tuple[str, ...]
    written: bool


@dataclass
class ComponentCheck:
    key: str
    label: str
    evidence: list[str] = field(default_factory=list)  # what the workbench fills in
    sections: list[str] = field(default_factory=list)  # written sections that address it

    @property
    def covered(self) -> bool:
        return bool(self.sections) and (self.key not in NEEDS_DATA or bool(self.evidence))

    @property
    def covered_by(self) -> list[str]:
        """What covers the component, in the words the report page and the PDF share."""
        lines = []
        if self.sections:
            lines.append(f"Written in: {'; '.join(self.sections)}.")
        if self.evidence:
            lines.append(f"Filled in: {'; '.join(self.evidence)}.")
        if not self.sections:
            lines.append(
                "No written section addresses it yet." if self.evidence else "Nothing yet."
            )
        return lines


# Where the components come from. The explanatory note to SI 2007/1830, on
# legislation.gov.uk, puts the strategic assessment in regulations 5 to 7; which
# paragraph asks for each component was not seen there, so it is marked to check.
COMPONENTS_LAW = (
    "The contents the Crime and Disorder (Formulation and Implementation of Strategy) "
    "Regulations 2007 (SI 2007/1830), regulations 5 to 7, ask of a strategic assessment "
    "(to check: the paragraph for each)."
)

# Components the narrative alone cannot cover: the report must carry the figures.
NEEDS_DATA = {"levels", "changes"}


def check_components(
    evidence: dict[str, list[str]], sections: list[WrittenSection]
) -> list[ComponentCheck]:
    """For each component: covered when a written section addresses it and, for the
    data components, when the report carries the figures to back it up."""
    checks = []
    for key, label in COMPONENTS:
        check = ComponentCheck(key, label, list(evidence.get(key, [])))
        check.sections = [s.title for s in sections if s.written and key in s.components]
        checks.append(check)
    return checks


def missing_components(checks: list[ComponentCheck]) -> list[str]:
    return [c.label for c in checks if not c.covered]


# The themes the levels component spans: crime and disorder (which includes anti-social
# behaviour), substance misuse, and re-offending. Evidence for each comes from the
# imported police data and from the data sources register: a register source counts
# only once received and while no newer delivery is overdue. The themes show where the
# figures come from. A theme without figures does not block the final version outright:
# it is listed on the final checklist, which the requester confirms knowing it.
THEMES = [
    ("crime", "Crime"),
    ("asb", "Anti-social behaviour"),
    ("substance_misuse", "Substance misuse"),
    ("reoffending", "Re-offending"),
]


@dataclass
class ThemeCheck:
    key: str
    label: str
    evidence: list[str] = field(default_factory=list)

    @property
    def covered(self) -> bool:
        return bool(self.evidence)

    @property
    def covered_by(self) -> str:
        return "; ".join(self.evidence) if self.evidence else NO_SOURCE


NO_SOURCE = "No source in date."


def check_themes(evidence: dict[str, list[str]]) -> list[ThemeCheck]:
    return [ThemeCheck(key, label, list(evidence.get(key, []))) for key, label in THEMES]


# The states of a version, and when each may be made -------------------------------------

# Seed 000 runs the reports as: a first draft for feedback, then a final version that
# proposes the priorities and goes to the board, then the assessment the board agreed.
DRAFT, FINAL, AGREED = "draft", "final", "agreed"
STATES = (DRAFT, FINAL, AGREED)
# How each state is named in a version's label.
STATE_NAMES = {DRAFT: "draft", FINAL: "final version for the board", AGREED: "agreed assessment"}
# The mark each state carries across the PDF: none on the agreed assessment, which
# instead cites the board's decision.
STATE_MARKS = {DRAFT: "DRAFT", FINAL: "Final version for the board: proposes priorities"}
# Kinds that follow the year's assessment to the board rather than going themselves:
# the public summary is agreed once the assessment it summarises has been to the board.
FOLLOWS_THE_ASSESSMENT = frozenset({"public"})
# What an agreed version is called on screen: a public summary is not an assessment.
AGREED_NAMES = {"public": "agreed summary"}


def agreed_name(kind: str) -> str:
    """The name of a report's agreed version: "agreed assessment", or "agreed summary"
    for the public summary."""
    return AGREED_NAMES.get(kind, STATE_NAMES[AGREED])


BOARD_NOT_AGREED = (
    "The agreed version can be made once the board has agreed the cycle's priorities. "
    "Until then, make the final version and send it to the board to decide."
)
PROPOSALS_WAITING = (
    "The board has still to decide on {count} of this year's proposed priorities. The "
    "agreed version can be made once the board has decided on every one."
)
NOT_SENT = (
    "The agreed version can be made once a final version has gone to the board. Make "
    "the final version, then send it to a board meeting."
)
MISSING_COMPONENTS = (
    "The report does not yet cover everything it must (the checklist lists what is "
    "missing). Confirm on the checklist to make the version without it."
)
NOT_CONFIRMED = (
    "The version is made only once you have read the checklist and confirmed. "
    "Nothing has been made."
)
CHECKLIST_CHANGED = (
    "The checklist changed after you opened it. Nothing has been made. Read it again "
    "below, then confirm if you still want the version."
)


@dataclass(frozen=True)
class FinalVerdict:
    """Whether a final version (or the agreed assessment) may be made, and why not.

    `blockers` stop it whatever the requester says; missing components stop it only
    until the requester confirms they want it without them."""

    blockers: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()  # labels of the components the report does not cover
    confirmed: bool = False

    @property
    def offered(self) -> bool:
        """The page may offer it (with a box to tick when components are missing)."""
        return not self.blockers

    @property
    def reasons(self) -> tuple[str, ...]:
        unconfirmed = (MISSING_COMPONENTS,) if self.missing and not self.confirmed else ()
        return self.blockers + unconfirmed

    @property
    def allowed(self) -> bool:
        return not self.reasons


def final_verdict(*, missing: list[str] | tuple[str, ...], confirmed: bool) -> FinalVerdict:
    """The rule for the final version, the one that proposes priorities to the board.
    Nothing blocks it: the board decides on it, so it comes before the board's
    agreement. A report that does not cover every statutory component (`missing`)
    needs the requester to have `confirmed` that it goes without them."""
    return FinalVerdict(missing=tuple(missing), confirmed=confirmed)


def agreed_verdict(
    *,
    agreed: int,
    proposed: int,
    sent: int,
    missing: list[str] | tuple[str, ...],
    confirmed: bool,
) -> FinalVerdict:
    """The rule for the agreed assessment. A final version must have gone to the board
    (`sent`: final versions sent to a board meeting), the board must have agreed the
    cycle's priorities (`agreed`: priorities agreed in this or an earlier year of the
    cycle) and none of this year's may still wait for its decision (`proposed`). The
    statutory components are confirmed as for the final version."""
    blockers = []
    if not sent:
        blockers.append(NOT_SENT)
    if not agreed:
        blockers.append(BOARD_NOT_AGREED)
    if proposed:
        blockers.append(PROPOSALS_WAITING.format(count=proposed))
    return FinalVerdict(blockers=tuple(blockers), missing=tuple(missing), confirmed=confirmed)


# The checklist shown before the final version is made ---------------------------------


@dataclass(frozen=True)
class ChecklistEntry:
    text: str
    section_key: str = ""  # the section it is about, to link to


@dataclass(frozen=True)
class FinalChecklist:
    """What is still unfinished in a report, shown before its final version is made.

    `blockers` stop it whatever the requester says (`final_verdict`, `agreed_verdict`);
    everything else is for the requester to weigh, and they confirm knowing it."""

    open_comments: tuple[ChecklistEntry, ...] = ()
    empty_sections: tuple[ChecklistEntry, ...] = ()
    missing_components: tuple[str, ...] = ()
    unmoderated_issues: tuple[str, ...] = ()
    themes_without_figures: tuple[str, ...] = ()  # no in-date source gives figures
    blockers: tuple[str, ...] = ()
    state: str = FINAL  # the version it is the checklist for: final or agreed

    @property
    def all_clear(self) -> bool:
        return not (
            self.open_comments
            or self.empty_sections
            or self.missing_components
            or self.unmoderated_issues
            or self.themes_without_figures
        )

    @property
    def offered(self) -> bool:
        return not self.blockers

    @property
    def token(self) -> str:
        """A short fingerprint of what the checklist says, so a confirmation given on
        one checklist is not taken for a different one."""
        return hashlib.sha256(repr(self).encode()).hexdigest()[:16]


def state_name(kind: str, state: str) -> str:
    """How a version in `state` of a report of `kind` is named: the agreed version is
    named for what the report is."""
    return agreed_name(kind) if state == AGREED else STATE_NAMES[state]


def version_label(kind_label: str, version: int, state: str, kind: str = "") -> str:
    return f"{kind_label}, version {version} ({state_name(kind, state)})"
