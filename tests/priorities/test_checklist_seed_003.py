"""The checklist against seed 003, line by line: the statutory lines per stage and the
hallmark questions, written here from a reading of the seed, so an edit that drops,
moves or repeats a line fails. Also the citations' verified / to check marks, the lines
no longer asked, and the older versions that runs already started keep."""

import pytest
import yaml

from priorities.checklist_files import CHECKLIST_DIR, ChecklistFileError, parse_checklist
from priorities.checklist_layout import offered_templates
from priorities.models import ChecklistItem, ChecklistTemplate, Requirement
from priorities.services.checklists import start_checklist

# Stage, statutory lines, hallmark questions: as seed 003 has them.
SEED_003 = [
    ("Lead and guide", 8, 0),
    ("Governing partnership processes", 2, 9),
    ("Visibility and accountability", 9, 7),
    ("Assess", 5, 5),
    ("Determine priorities", 3, 7),
    ("Partnership working and two-tier areas", 2, 8),
    ("Plan for action – prepare the plan", 7, 10),
    ("Publish summary", 1, 5),
    ("Deliver", 2, 5),
    ("Solving problems", 0, 5),
    ("Evaluating impact", 2, 9),
]
HALLMARKS = {
    "Empowered and effective leadership",
    "Visible and constructive accountability",
    "Intelligence-led business processes",
    "Effective and responsive delivery structures",
    "Engaged communities",
    "Appropriate skills and knowledge",
}
NOT_ASKED = {
    "003 stage 1, line 3",  # senior representative: regulation 3 replaced in 2011
    "003 stage 3, line 5",  # the seed repeats line 4
    "003 stage 6, question 1",  # local area agreements
    "003 stage 8, question 3",  # local policing summaries
}


def _expected_refs():
    refs = []
    for number, (_, lines, questions) in enumerate(SEED_003, start=1):
        refs += [f"003 stage {number}, line {n}" for n in range(1, lines + 1)]
        refs += [f"003 stage {number}, question {n}" for n in range(1, questions + 1)]
    return refs


@pytest.fixture
def seed_checklist(checklists):
    return list(checklists.requirements.order_by("position"))


def test_the_seed_has_41_statutory_lines_and_70_hallmark_questions():
    assert sum(lines for _, lines, _ in SEED_003) == 41
    assert sum(questions for _, _, questions in SEED_003) == 70


def test_each_stage_holds_the_seeds_lines_and_questions_in_order(seed_checklist):
    found = []
    for requirement in seed_checklist:
        if not found or found[-1][0] != requirement.section:
            found.append([requirement.section, 0, 0])
        found[-1][1 if requirement.kind == Requirement.Kind.STATUTORY else 2] += 1
    assert [tuple(stage) for stage in found] == SEED_003


def test_statutory_lines_come_before_the_hallmark_questions_in_each_stage(seed_checklist):
    for stage, _, _ in SEED_003:
        kinds = [r.kind for r in seed_checklist if r.section == stage]
        assert kinds == sorted(kinds, key=lambda kind: kind != Requirement.Kind.STATUTORY)


def test_every_seed_line_appears_exactly_once(seed_checklist):
    refs = [r.seed_ref for r in seed_checklist]
    assert sorted(refs) == sorted(_expected_refs())
    assert len(refs) == len(set(refs)) == 111


def test_every_hallmark_question_sits_under_one_of_the_six_hallmarks(seed_checklist):
    questions = [r for r in seed_checklist if r.kind == Requirement.Kind.HALLMARK]
    assert {r.hallmark for r in questions} == HALLMARKS
    assert not any(r.hallmark for r in seed_checklist if r.kind == Requirement.Kind.STATUTORY)


def test_every_statutory_citation_is_verified_or_to_check_with_what_it_was_checked_against(
    seed_checklist,
):
    lines = [r for r in seed_checklist if r.kind == Requirement.Kind.STATUTORY]
    assert all(r.citation and r.citation_status and r.checked_against for r in lines)
    verified = {r.seed_ref for r in lines if r.citation_status == "verified"}
    # Regulation 3 as substituted in 2011, the prescribed information regulations.
    assert "003 stage 1, line 2" in verified and "003 stage 4, line 1" in verified
    representation = next(r for r in lines if r.seed_ref == "003 stage 1, line 2")
    assert "SI 2011/1230" in representation.citation and "2011" in representation.law_note


def test_lines_no_longer_asked_stay_with_a_reason_and_no_suggested_action(seed_checklist):
    not_asked = {r.seed_ref: r for r in seed_checklist if r.not_asked}
    assert set(not_asked) == NOT_ASKED
    assert "Local area agreements" in not_asked["003 stage 6, question 1"].not_asked
    assert not any(r.suggested_action for r in not_asked.values())


def test_only_the_newest_checklist_is_offered_and_old_versions_stay(checklists):
    assert list(offered_templates()) == [checklists]
    assert checklists.version == 2 and checklists.replaces == ["hallmarks"]
    older = ChecklistTemplate.objects.get(key="statutory-duties", version=1)
    assert older.requirements.count() == 21
    assert ChecklistTemplate.objects.get(key="hallmarks", version=1).requirements.count() == 20


def test_a_run_started_on_an_old_version_keeps_it(year, checklists):
    older = ChecklistTemplate.objects.get(key="statutory-duties", version=1)
    run = start_checklist(year=year, template=older)
    assert run.items.count() == 21
    assert set(run.items.values_list("requirement__template", flat=True)) == {older.pk}


def test_a_file_that_uses_a_seed_line_twice_is_refused():
    with (CHECKLIST_DIR / "statutory-duties-v2.yaml").open(encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    data["stages"][1]["lines"].append(data["stages"][0]["lines"][0])
    with pytest.raises(ChecklistFileError, match="003 stage 1, line 1"):
        parse_checklist(data, "test.yaml")


def test_a_citation_without_its_check_is_refused():
    data = {
        "key": "k",
        "version": 1,
        "name": "K",
        "stages": [{"stage": "S", "lines": [{"ref": "r", "text": "t", "citation": "SI 1"}]}],
    }
    with pytest.raises(ChecklistFileError, match="verified"):
        parse_checklist(data, "test.yaml")


def test_the_old_health_partner_key_becomes_the_seeds_primary_care_trust(run):
    from importlib import import_module

    from django.apps import apps

    migration = import_module("priorities.migrations.0008_checklists_as_seed_003")
    item = run.items.first()
    ChecklistItem.objects.filter(pk=item.pk).update(status_key="health_partner")
    migration.restore_seed_status_keys(apps, None)
    item.refresh_from_db()
    assert item.status_key == "primary_care_trust"
    assert item.get_status_key_display() == "Primary care trust"
