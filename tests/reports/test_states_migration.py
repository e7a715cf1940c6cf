"""The migration from the final flag to the version's state: every final made under
the old rule (which waited for the board's agreement) becomes an agreed assessment,
drafts stay drafts, and the way back restores the flag."""

import pytest
from django.utils import timezone

from cycles.services import create_cycle_from_template
from reports import services
from reports.models import RenderRun, Report
from tests.migrating import migrate, migrate_to_latest

BEFORE = [("reports", "0007_comment_for_group")]
AFTER = [("reports", "0008_version_states_and_board_papers")]


@pytest.mark.django_db(transaction=True)
def test_old_finals_become_agreed_assessments_and_drafts_stay_drafts(partnership):
    year = create_cycle_from_template(
        partnership=partnership, template_key="annual", start_year=2026
    ).years.get()
    report = services.create_report(year=year, kind=Report.Kind.FULL)
    old = migrate(BEFORE)
    try:
        Run = old.get_model("reports", "RenderRun")
        now = timezone.now()
        Run.objects.create(report_id=report.pk, version=1, requested_at=now, final=False)
        Run.objects.create(report_id=report.pk, version=2, requested_at=now, final=True)
        new = migrate(AFTER)
        states = dict(new.get_model("reports", "RenderRun").objects.values_list("version", "state"))
        assert states == {1: "draft", 2: "agreed"}
        back = migrate(BEFORE)
        finals = dict(
            back.get_model("reports", "RenderRun").objects.values_list("version", "final")
        )
        assert finals == {1: False, 2: True}
    finally:
        migrate_to_latest()
    assert dict(RenderRun.objects.values_list("version", "state")) == {1: "draft", 2: "agreed"}
