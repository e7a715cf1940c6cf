"""The Serious Violence Duty as data: the kinds of authority the Police, Crime,
Sentencing and Courts Act 2022 names, the default kind for each of our agency types,
and every statement of the duty the workbench shows, with its citation and whether it
was verified (docs/serious-violence.md lists the same, with what each was checked
against). Pure: no ORM, no request."""

from dataclasses import dataclass

SPECIFIED = "specified"
RELEVANT = "relevant"
OTHER = "other"

GROUP_LABELS = {
    SPECIFIED: "Specified authority (duty holder)",
    RELEVANT: "Relevant authority (consulted, must collaborate when asked)",
    OTHER: "Other partner",
}

# (value, label, group): the authorities of Schedules 1 and 2 as the guidance groups them.
AUTHORITY_KINDS = [
    ("police", "Chief officer of police", SPECIFIED),
    ("fire_and_rescue", "Fire and rescue authority", SPECIFIED),
    ("health", "Integrated care board (or local health board in Wales)", SPECIFIED),
    ("local_authority", "Local authority", SPECIFIED),
    ("youth_offending", "Youth offending team", SPECIFIED),
    ("probation", "Probation services provider", SPECIFIED),
    ("educational", "Educational authority", RELEVANT),
    ("prison", "Prison authority", RELEVANT),
    ("youth_custody", "Youth custody authority", RELEVANT),
    ("local_policing_body", "Local policing body (police and crime commissioner)", OTHER),
    ("other", "Other partner (voluntary sector, community, another body)", OTHER),
]
KIND_LABELS = {value: label for value, label, _ in AUTHORITY_KINDS}
KIND_GROUPS = {value: group for value, _, group in AUTHORITY_KINDS}
SPECIFIED_KINDS = [value for value, _, group in AUTHORITY_KINDS if group == SPECIFIED]

# partnerships.Agency.Type -> the kind it usually is. Councils are local authorities;
# "other" needs the analyst to say which.
KIND_FOR_AGENCY_TYPE = {
    "police": "police",
    "fire_and_rescue": "fire_and_rescue",
    "health": "health",
    "probation": "probation",
    "district_council": "local_authority",
    "county_council": "local_authority",
    "unitary_council": "local_authority",
    "pcc": "local_policing_body",
}

CONTRIBUTIONS = [
    ("data", "Shared data"),
    ("analysis", "Analysis or interpretation"),
    ("attendance", "Attended the partnership's meetings"),
    ("consulted", "Responded when consulted on the strategy"),
    ("actions", "Took on actions in the strategy"),
    ("resources", "Committed staff, money or other resources"),
]
CONTRIBUTION_LABELS = dict(CONTRIBUTIONS)


def group_of(kind: str) -> str:
    return KIND_GROUPS.get(kind, OTHER)


def missing_specified(recorded_kinds: set[str]) -> list[str]:
    """The specified authorities' kinds no record for the year covers, as labels."""
    return [KIND_LABELS[k] for k in SPECIFIED_KINDS if k not in recorded_kinds]


VERIFIED = "verified"
TO_CHECK = "to_check"
STATUS_LABELS = {VERIFIED: "Verified", TO_CHECK: "To check"}

ACT = "Police, Crime, Sentencing and Courts Act 2022"
GUIDANCE = "Serious Violence Duty statutory guidance (Home Office, December 2022)"


@dataclass(frozen=True)
class Statement:
    key: str
    text: str  # in our own words
    citation: str
    status: str
    checked: str  # what it was checked against

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]


STATEMENTS = [
    Statement(
        "collaborate",
        "The specified authorities for an area must work together, and plan together, to "
        "prevent and reduce serious violence there.",
        f"{ACT}, section 8(1) and (2)",
        VERIFIED,
        "legislation.gov.uk, ukpga/2022/32/section/8 (as enacted)",
    ),
    Statement(
        "kinds-causes",
        "They must find out which kinds of serious violence happen in the area and, as far "
        "as they can, what causes them.",
        f"{ACT}, section 8(3)(a) and (b)",
        VERIFIED,
        "legislation.gov.uk, ukpga/2022/32/section/8 (as enacted)",
    ),
    Statement(
        "strategy",
        "They must prepare a strategy to prevent and reduce serious violence in the area, "
        "and put it into practice.",
        f"{ACT}, section 8(3)(c)",
        VERIFIED,
        "legislation.gov.uk, ukpga/2022/32/section/8 (as enacted)",
    ),
    Statement(
        "consult",
        "While preparing the strategy they must make sure each educational, prison and youth "
        "custody authority for the area is consulted; the strategy may give those "
        "authorities actions to carry out.",
        f"{ACT}, section 8(4) and (5)",
        VERIFIED,
        "legislation.gov.uk, ukpga/2022/32/section/8 (as enacted)",
    ),
    Statement(
        "specified",
        "The specified authorities are chief officers of police, fire and rescue "
        "authorities, integrated care boards (local health boards in Wales), local "
        "authorities, youth offending teams and providers of probation services.",
        f"{ACT}, section 11 and Schedule 1",
        VERIFIED,
        f"{GUIDANCE}, paragraph 4 (gov.uk); Schedule 1 as revised (legislation.gov.uk text "
        "via crimeline.co.uk)",
    ),
    Statement(
        "relevant",
        "Educational, prison and youth custody authorities are the relevant authorities: "
        "they and a specified authority must work together when either asks, and they must "
        "carry out actions the strategy gives them.",
        f"{ACT}, section 12, Schedule 2 and section 15",
        VERIFIED,
        "legislation.gov.uk, ukpga/2022/32/section/15; guidance paragraph 5",
    ),
    Statement(
        "csp",
        "A community safety partnership's strategies now include one for preventing people "
        "becoming involved in serious violence and reducing it in the area.",
        f"Crime and Disorder Act 1998, section 6(1)(d), inserted by {ACT}, section 20",
        VERIFIED,
        "legislation.gov.uk, ukpga/2022/32/section/20",
    ),
    Statement(
        "partnership",
        "The authorities may choose which partnership leads the duty locally; a community "
        "safety partnership can be that partnership.",
        GUIDANCE,
        TO_CHECK,
        "Guidance paragraph 3 says the 1998 Act changes make serious violence a priority "
        "for community safety partnerships; the passage on choosing the partnership was "
        "not seen.",
    ),
    Statement(
        "sna",
        "The strategy should rest on a strategic needs assessment: the kinds of serious "
        "violence, their drivers, the people and places most affected, drawing on the "
        "specified authorities' data.",
        f"{GUIDANCE}; Serious Violence Duty: strategic needs assessment guidance (Home "
        "Office and Public Health England, May 2021)",
        TO_CHECK,
        "The May 2021 guidance (gov.uk) describes the assessment; the December 2022 "
        "guidance's own paragraphs on it were not seen.",
    ),
    Statement(
        "publish-review",
        "The strategy is published and reviewed each year.",
        f"{GUIDANCE} (and any regulations under section 8)",
        TO_CHECK,
        "Not found in section 8(1) to (6) as seen; the guidance's passage on publishing "
        "and reviewing was not seen.",
    ),
]
