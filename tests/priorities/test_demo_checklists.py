"""The demo's checklist: seed 003's full self-assessment about half done, with
developments, the seed's status key and evidence links; safe to build twice."""

from demo.checklists_demo import build_checklists_demo
from priorities import selectors
from priorities.models import ChecklistItem, ChecklistRun


def test_the_demo_checklist_is_the_full_seed_003_set_about_half_done(year):
    run = build_checklists_demo(year.cycle)
    assert run.template.version == 2 and run.items.count() == 111
    progress = selectors.checklist_progress(selectors.checklist_items(run))
    assessed = progress.total - progress.by_rag["not_assessed"]
    assert progress.total == 107 and assessed == 53
    assert progress.by_rag["green"] and progress.by_rag["amber"] and progress.by_rag["red"]
    answered = ChecklistItem.objects.filter(run=run).exclude(rag="not_assessed")
    assert all(item.development and item.status_key for item in answered)
    assert answered.exclude(evidence_link="").count() > 20
    assert answered.filter(status_key="primary_care_trust").exists()
    assert not ChecklistItem.objects.filter(run=run, requirement__not_asked__gt="").exclude(
        rag="not_assessed"
    )


def test_building_the_demo_checklist_twice_changes_nothing(year):
    run = build_checklists_demo(year.cycle)
    saved = list(ChecklistItem.objects.filter(run=run).values_list("pk", "updated_at"))
    assert build_checklists_demo(year.cycle) == run
    assert ChecklistRun.objects.filter(year=year).count() == 1
    assert list(ChecklistItem.objects.filter(run=run).values_list("pk", "updated_at")) == saved
