"""The demo's terms of reference (issue 14, seed 001: the partnership and police
analysts draft terms for the assessment before the work starts). Version 1 was agreed
by the Community Safety Executive early in the year; version 2 is a draft that adds
the six-month review and the fire service's data, so the page shows what changed."""

from datetime import timedelta

from django.db import transaction

from cycles.models import Cycle
from demo.meetings_demo import BOARD
from partnerships.models import Membership
from priorities.services import meetings
from priorities.services.terms import record_terms_decision, start_terms, update_terms
from priorities.terms_models import TermsOfReference

ANALYST = "analyst@example.org"

FIRST = {
    "purpose": (
        "Give the Community Safety Executive a forward-looking picture of crime, disorder "
        "and related harm in Central Bedfordshire, so that it can choose its priorities for "
        "the coming year and partners can plan their work."
    ),
    "scope": (
        "Central Bedfordshire, using the latest 12 months of data with the three years "
        "before it for trends. Every issue on the partnership's long list is scored; only "
        "the issues that score as high risk are analysed in depth."
    ),
    "roles": [
        {
            "role": "Lead analyst",
            "who": "Sam Taylor, partnership analyst",
            "responsibility": "Drafts these terms, gathers and analyses the data, writes the "
            "assessment.",
        },
        {
            "role": "Police analyst",
            "who": "Bedfordshire Police",
            "responsibility": "Supplies police recorded crime and incidents, and explains them.",
        },
        {
            "role": "Theme specialists",
            "who": "Lead professionals in each partner agency",
            "responsibility": "Score the risks in their field on the partnership's matrix.",
        },
        {
            "role": "Data owners",
            "who": "Police, council, probation and health",
            "responsibility": "Send the agreed data by the dates in the timetable.",
        },
        {
            "role": "Board",
            "who": "Community Safety Executive",
            "responsibility": "Agrees these terms, the assessment and the priorities.",
        },
    ],
    "data": (
        "Police recorded crime and anti-social behaviour incidents, monthly (Bedfordshire "
        "Police).\nAnti-social behaviour cases and environmental crime (Central "
        "Bedfordshire Council).\nReoffending of the managed cohort (Probation Service).\n"
        "Alcohol-related hospital admissions (public health).\nThe public consultation's "
        "results (the partnership's own survey)."
    ),
    "timetable_note": ("The board meets to agree the priorities once the scoring is moderated."),
    "sign_off": (
        "The operational delivery group reviews the draft. The Community Safety Executive "
        "agrees the final assessment and the priorities at a board meeting; each decision "
        "is minuted in the workbench."
    ),
}

SECOND = {
    **FIRST,
    "timetable_note": (
        "The board meets to agree the priorities once the scoring is moderated. Six months "
        "later the analyst reports back on the priorities and on the issues not chosen."
    ),
    "roles": [
        *(row for row in FIRST["roles"] if row["role"] != "Data owners"),
        {
            "role": "Data owners",
            "who": "Police, fire and rescue, council, probation and health",
            "responsibility": "Send the agreed data by the dates in the timetable.",
        },
    ],
    "data": FIRST["data"]
    + "\nDeliberate fires and secondary fires (Bedfordshire Fire and Rescue Service).",
}


@transaction.atomic
def build_terms_demo(cycle: Cycle, today) -> None:
    year = cycle.years.get(number=1)
    if TermsOfReference.objects.filter(year=year).exists():
        return
    analyst = Membership.objects.get(partnership=cycle.partnership, user__username=ANALYST)
    held_on = min(year.starts_on + timedelta(days=21), today)
    meeting = meetings.create_meeting(partnership=cycle.partnership, held_on=held_on, title=BOARD)
    item = meetings.add_item(meeting=meeting, title="Terms of reference for the assessment")
    first = update_terms(terms=start_terms(year=year), **FIRST)
    record_terms_decision(
        terms=first,
        item=item,
        outcome="agreed",
        minute="The executive agreed the terms as drafted.",
        recorded_by=analyst,
        today=today,
    )
    update_terms(terms=start_terms(year=year), **SECOND)
