"""Reads for the terms of reference: a version and its year, the timetable drawn from
the year's stages and activities, the frozen copy the board reads, and what a draft
changes against the last version the board agreed."""

from dataclasses import dataclass
from datetime import date

from django.shortcuts import get_object_or_404

from cycles.models import Activity, CycleYear, Stage
from partnerships.models import Partnership

from . import terms_rules
from .models import Item
from .terms_models import TermsDecision, TermsOfReference


def terms_or_404(partnership: Partnership, terms_id: int) -> TermsOfReference:
    return get_object_or_404(
        TermsOfReference.objects.select_related("year__cycle"),
        pk=terms_id,
        year__cycle__partnership=partnership,
    )


@dataclass(frozen=True)
class TimetableStage:
    name: str
    starts_on: date
    ends_on: date
    activities: list[Activity]


def timetable(year: CycleYear) -> list[TimetableStage]:
    """The year's stages with their windows and their activities' due dates: the
    timetable is the cycle's own, shown read-only on the terms."""
    stages = Stage.objects.filter(year=year).prefetch_related("activities__owner__user")
    return [
        TimetableStage(
            stage.get_kind_display(), stage.starts_on, stage.ends_on, list(stage.activities.all())
        )
        for stage in stages
    ]


def snapshot(terms: TermsOfReference) -> dict:
    """The version as the board reads it, timetable included, in plain values."""
    return {
        "version": terms.version,
        **{name: getattr(terms, name) for name in terms_rules.SECTIONS},
        "roles": list(terms.roles),
        "timetable": [
            {
                "stage": stage.name,
                "starts_on": stage.starts_on.isoformat(),
                "ends_on": stage.ends_on.isoformat(),
                "activities": [
                    {"title": a.title, "due_on": a.due_on.isoformat()} for a in stage.activities
                ],
            }
            for stage in timetable(terms.year)
        ],
    }


def versions(year: CycleYear) -> list[TermsOfReference]:
    """Every version of the year's terms, newest first."""
    return list(TermsOfReference.objects.filter(year=year).order_by("-version"))


def last_approval(terms: TermsOfReference) -> TermsDecision | None:
    """The board's agreement of the newest approved version before `terms`."""
    return TermsDecision.last_approval("terms", terms.version, terms__year_id=terms.year_id)


def changes_since_approval(terms: TermsOfReference) -> list[terms_rules.TermsChange] | None:
    """What a draft changes against what the board agreed last; None when the board
    has agreed no earlier version."""
    approval = last_approval(terms)
    if approval is None:
        return None
    return terms_rules.compare(approval.snapshot, snapshot(terms))


def decisions(terms: TermsOfReference) -> list[TermsDecision]:
    return list(
        terms.decisions.select_related("item__meeting", "recorded_by__user").order_by("decided_at")
    )


def items_for_decision(partnership: Partnership, today: date):
    """Agenda items of the board's open meetings that have taken place: a decision
    cannot be recorded at a meeting still to come, at a group's or at a closed one."""
    return (
        Item.objects.filter(
            meeting__partnership=partnership,
            meeting__held_on__lte=today,
            meeting__group__isnull=True,
            meeting__closed_at__isnull=True,
        )
        .select_related("meeting")
        .order_by("-meeting__held_on", "position", "pk")
    )
