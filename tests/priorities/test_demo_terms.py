"""The demo's terms of reference: version 1 agreed at a board meeting, version 2 a
draft with changes; building the demo twice adds nothing."""

from datetime import date

from demo.builder import build_demo
from priorities import terms_selectors
from priorities.terms_models import TermsDecision, TermsOfReference


def test_the_demo_has_agreed_terms_and_a_changed_draft(db):
    cycle = build_demo(date(2026, 11, 24))["cycle"]
    year = cycle.years.get(number=1)
    first, second = TermsOfReference.objects.filter(year=year).order_by("version")
    assert first.status == TermsOfReference.Status.APPROVED
    decision = TermsDecision.objects.get(terms=first)
    assert decision.approves() and decision.item.meeting.held_on <= date(2026, 11, 24)
    assert decision.item.outcome.startswith("Terms of reference, version 1: agreed.")
    assert second.is_draft()
    changed = {c.section for c in terms_selectors.changes_since_approval(second)}
    assert changed == {"Data and who supplies it", "Timetable note", "Who does what: Data owners"}

    counts = (TermsOfReference.objects.count(), TermsDecision.objects.count())
    build_demo(date(2026, 11, 24))
    assert (TermsOfReference.objects.count(), TermsDecision.objects.count()) == counts
