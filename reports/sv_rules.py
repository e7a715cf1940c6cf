"""The sections of a serious violence strategic needs assessment (Police, Crime,
Sentencing and Courts Act 2022 s.8(3); see docs/serious-violence.md), as their own
report kind or added to a full strategic assessment. Every key starts "sv-", so a full
report that carries them keeps its own keys. Pure: no ORM, no request."""

from .rules import ComponentCheck, SectionSpec

PREFIX = "sv-"

SNA_SECTIONS = [
    SectionSpec(
        "sv-summary",
        "Serious violence: summary",
        prompt="The main findings on serious violence and what the strategy should focus on.",
    ),
    SectionSpec(
        "sv-partnership",
        "Serious violence: the partnership and who took part",
        prompt="Which partnership leads the duty locally and how the authorities worked "
        "together. The record of who took part is filled in below.",
    ),
    SectionSpec(
        "sv-definition",
        "Serious violence: what it means here",
        prompt="The local definition of serious violence the authorities agreed.",
    ),
    SectionSpec(
        "sv-kinds",
        "Serious violence: the kinds in the area",
        prompt="Which kinds of serious violence happen here and how often (section 8(3)(a)).",
    ),
    SectionSpec(
        "sv-causes",
        "Serious violence: causes, drivers and risk factors",
        prompt="What drives serious violence here, as far as it can be known (section 8(3)(b)).",
    ),
    SectionSpec(
        "sv-people",
        "Serious violence: the people affected",
        prompt="Victims, those who offend and those at risk of either: ages, groups, repeats.",
    ),
    SectionSpec(
        "sv-places",
        "Serious violence: the places affected",
        prompt="Where serious violence concentrates, and when.",
    ),
    SectionSpec(
        "sv-data",
        "Serious violence: data from the specified authorities",
        prompt="What each authority's data shows and where data is missing.",
    ),
    SectionSpec(
        "sv-objectives",
        "Serious violence: the strategy's objectives",
        prompt="The objectives the strategy should adopt, with their measures and actions.",
    ),
    SectionSpec(
        "sv-law",
        "Serious violence: the duty and its sources",
        optional=True,
    ),
]


def is_sna_section(key: str) -> bool:
    return key.startswith(PREFIX)


def combined(full_sections: list[SectionSpec]) -> list[SectionSpec]:
    """A full assessment's sections with the needs assessment's before the appendices."""
    cut = next(
        (i for i, s in enumerate(full_sections) if s.key.startswith("appendix-")),
        len(full_sections),
    )
    return [*full_sections[:cut], *SNA_SECTIONS, *full_sections[cut:]]


def carries_sna(keys) -> bool:
    """Whether a report with these section keys carries the needs assessment."""
    return any(is_sna_section(k) for k in keys)


# What a needs assessment must cover, and the section that covers each. The first two
# are the Act's words (section 8(3)); the rest come from the statutory guidance, whose
# own paragraphs we have not seen (docs/serious-violence.md, statement 9).
SNA_COMPONENTS = [
    ("sv-kinds", "The kinds of serious violence in the area (section 8(3)(a))"),
    ("sv-causes", "Their causes, as far as they can be found (section 8(3)(b))"),
    ("sv-people", "The people affected (guidance, to check)"),
    ("sv-places", "The places affected (guidance, to check)"),
    ("sv-data", "Data from the specified authorities (guidance, to check)"),
]


def check_sna(written: dict[str, str]) -> list[ComponentCheck]:
    """For each thing a needs assessment must cover: covered once its section is
    written. `written` maps the keys of the sections with narrative to their titles."""
    return [
        ComponentCheck(key, label, sections=[written[key]] if key in written else [])
        for key, label in SNA_COMPONENTS
    ]
