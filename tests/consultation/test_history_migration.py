"""The migration that turned the hand-written transition tables into django-simple-history
rows: every transition arrives with its date, person, state and note, and history goes
back to transitions."""

from datetime import UTC, datetime

import pytest

from consultation import selectors
from consultation.models import EmergingIssue, RationaleDocument, Survey
from consultation.services import emerging_issues
from tests.migrating import migrate, migrate_to_latest

BEFORE = [("consultation", "0001_initial")]


def at(day: int, hour: int = 9) -> datetime:
    # After the fixtures' own rows were made, as the transitions would have been.
    return datetime(2030, 3, day, hour, tzinfo=UTC)


# One test goes back and forth, as each trip through every app's migrations takes the
# best part of a minute.
@pytest.mark.django_db(transaction=True)
def test_history_goes_back_to_transitions_and_transitions_become_history(
    rationale, survey, partnership, cast, member
):
    emerging = emerging_issues.log_emerging_issue(
        partnership=partnership, by=member(cast["board_member"]), title="Fly-tipping"
    )
    sam, jo = member(cast["analyst"]), member(cast["theme_specialist"])
    old = migrate(BEFORE)
    try:
        # Backwards: the rationale's history becomes its transitions again.
        steps = old.get_model("consultation", "RationaleTransition").objects.filter(
            document_id=rationale.pk
        )
        assert [(s.from_state, s.to_state, s.by_id, s.comment) for s in steps] == [
            ("", "requested", sam.pk, "Please cover repeat victims.")
        ]
        # Forwards: transitions written in the old tables become history.
        for name in ["RationaleTransition", "SurveyTransition", "EmergingIssueTransition"]:
            old.get_model("consultation", name).objects.all().delete()  # made by the way back
        old.get_model("consultation", "RationaleDocument").objects.filter(pk=rationale.pk).update(
            state="returned"
        )
        old.get_model("consultation", "RationaleTransition").objects.bulk_create(
            [
                old.get_model("consultation", "RationaleTransition")(
                    document_id=rationale.pk,
                    from_state=a,
                    to_state=b,
                    by_id=by.pk,
                    at=when,
                    comment=note,
                )
                for a, b, by, when, note in [
                    ("", "requested", sam, at(1), "Please cover repeat victims."),
                    ("requested", "submitted", jo, at(2), ""),
                    ("submitted", "returned", sam, at(3), "Add figures."),
                ]
            ]
        )
        old.get_model("consultation", "SurveyTransition").objects.create(
            survey_id=survey.pk, from_state="draft", to_state="published", by_id=sam.pk, at=at(4)
        )
        old.get_model("consultation", "EmergingIssueTransition").objects.create(
            emerging_issue_id=emerging.pk,
            from_state="open",
            to_state="closed",
            by_id=sam.pk,
            at=at(5),
            note="Covered by ASB.",
        )
    finally:
        migrate_to_latest()

    document = RationaleDocument.objects.get(pk=rationale.pk)
    steps = selectors.state_changes(document, "state", partnership)
    assert [(c.at, c.by, c.old_state, c.state, c.note) for c in steps] == [
        (at(1), sam, "", "requested", "Please cover repeat victims."),
        (at(2), jo, "requested", "submitted", ""),
        (at(3), sam, "submitted", "returned", "Add figures."),
    ]
    survey_steps = selectors.state_changes(Survey.objects.get(pk=survey.pk), "status", partnership)
    assert [(c.old_state, c.state) for c in survey_steps] == [("", "draft"), ("draft", "published")]
    assert survey_steps[-1].at == at(4) and survey_steps[-1].by == sam
    triage = selectors.state_changes(
        EmergingIssue.objects.get(pk=emerging.pk), "status", partnership
    )
    assert [(c.state, c.by, c.note) for c in triage] == [
        ("open", member(cast["board_member"]), ""),
        ("closed", sam, "Covered by ASB."),
    ]
