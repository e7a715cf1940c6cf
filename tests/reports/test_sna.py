"""The serious violence strategic needs assessment: its own report kind, or its
sections added to a full assessment; what the workbench fills into them; and that
asking for it on the wrong kind of report is refused and changes nothing."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from analysis import sv_services
from analysis.models import Dataset, IssueCrimeTypes, MonthlyCount
from cycles.services import create_cycle_from_template, save_issue
from priorities.models import KPI, Priority
from priorities.services.proposals import propose_priority
from reports import content, rules, services, sv_rules
from reports.filled.gather import gather
from reports.models import Report

SLUG = "central-bedfordshire"
SNA_KEYS = [s.key for s in sv_rules.SNA_SECTIONS]


@pytest.fixture
def violence_data(partnership):
    district = partnership.districts.first()
    dataset = Dataset.objects.create(
        partnership=partnership, kind=Dataset.Kind.POLICE_STREET, name="Police recorded crime"
    )
    counts = {"Violence and sexual offences": 30, "Possession of weapons": 4, "Burglary": 66}
    MonthlyCount.objects.bulk_create(
        MonthlyCount(
            dataset=dataset, district=district, month=date(2026, 3, 1), category=c, count=n
        )
        for c, n in counts.items()
    )
    return dataset


def _texts(blocks) -> str:
    return " ".join(
        " ".join([b.title, b.caption, b.text, *b.items, *(str(c) for row in b.rows for c in row)])
        for b in blocks
    )


def test_an_sna_has_its_own_sections(year):
    report = services.create_report(year=year, kind=Report.Kind.SNA)
    assert list(report.sections.values_list("key", flat=True)) == SNA_KEYS
    assert report.title.endswith("serious violence strategic needs assessment 2026-27")


def test_a_full_assessment_can_carry_the_sna_before_its_appendices(year):
    report = services.create_report(year=year, kind=Report.Kind.FULL, with_sna=True)
    keys = list(report.sections.values_list("key", flat=True))
    full = [s.key for s in rules.FULL_SECTIONS]
    assert (
        keys
        == full[: full.index("appendix-scoring")]
        + SNA_KEYS
        + full[full.index("appendix-scoring") :]
    )


def test_a_full_assessment_without_it_has_no_sna_sections(year):
    report = services.create_report(year=year, kind=Report.Kind.FULL)
    assert not report.sections.filter(key__startswith="sv-").exists()
    assert not any(k.startswith("sv-") for k in gather(report, charts=False).blocks)


@pytest.mark.parametrize("kind", [Report.Kind.REFRESH, Report.Kind.PUBLIC, Report.Kind.SNA])
def test_only_a_full_assessment_may_include_the_sna(year, kind):
    with pytest.raises(ValidationError) as refused:
        services.create_report(year=year, kind=kind, with_sna=True)
    assert "with_sna" in refused.value.message_dict
    assert not Report.objects.exists()


def test_the_sna_prompts_and_the_law_section_is_optional():
    assert "section 8(3)(a)" in rules.section_prompt("full", "sv-kinds")
    assert rules.needs_writing("sna", "sv-kinds")
    assert not rules.needs_writing("full", "sv-law")


def test_the_kinds_section_reads_the_strand_and_the_violent_categories(year, violence_data, police):
    knife = save_issue(year=year, title="Knife crime", serious_violence=True, lead_agency=police)
    save_issue(year=year, title="Shoplifting")
    IssueCrimeTypes.objects.create(issue=knife, crime_types=["Possession of weapons"])
    report = services.create_report(year=year, kind=Report.Kind.SNA)
    text = _texts(gather(report, charts=False).blocks["sv-kinds"])
    assert "Knife crime" in text and "Bedfordshire Police" in text
    assert "Shoplifting" not in text
    assert "Violence and sexual offences" in text and "Possession of weapons" in text
    assert "Burglary" not in text
    assert "30" in text and "30.0%" in text


def test_the_causes_section_lists_the_factors_recorded_on_the_strand(year):
    save_issue(
        year=year,
        title="Knife crime",
        serious_violence=True,
        pestelo=["social", "economic"],
        pestelo_note="Youth services cut in 2025.",
    )
    report = services.create_report(year=year, kind=Report.Kind.SNA)
    text = _texts(gather(report, charts=False).blocks["sv-causes"])
    assert "Knife crime" in text and "Social, Economic" in text
    assert "Youth services cut in 2025." in text


def test_the_partnership_section_lists_who_took_part_and_who_is_missing(year, police, council):
    sv_services.record_participation(year=year, agency=police, contributions=["data"])
    sv_services.record_participation(
        year=year, agency=council, contributions=["analysis", "attendance"]
    )
    report = services.create_report(year=year, kind=Report.Kind.FULL, with_sna=True)
    blocks = gather(report, charts=False).blocks["sv-partnership"]
    text = _texts(blocks)
    assert "Bedfordshire Police" in text and "Shared data" in text
    assert "Central Bedfordshire Council" in text and "Local authority" in text
    missing = next(b for b in blocks if b.kind == "list")
    assert "Youth offending team" in missing.items
    assert "Chief officer of police" not in missing.items


def test_the_objectives_section_lists_the_cycles_serious_violence_priorities(year):
    issue = save_issue(year=year, title="Knife crime", serious_violence=True)
    objective = propose_priority(
        year=year, title="Reduce knife crime", issues=[issue], serious_violence=True
    )
    propose_priority(year=year, title="Shoplifting", issues=[save_issue(year=year, title="Shop")])
    Priority.objects.filter(pk=objective.pk).update(status=Priority.Status.AGREED)
    KPI.objects.create(
        priority=objective, name="Knife crime offences", baseline=40, target=30, direction="down"
    )
    report = services.create_report(year=year, kind=Report.Kind.SNA)
    text = _texts(gather(report, charts=False).blocks["sv-objectives"])
    assert "Reduce knife crime" in text and "Knife crime offences" in text and "Agreed" in text
    assert "Shoplifting" not in text


def test_empty_sections_say_so_plainly(year):
    report = services.create_report(year=year, kind=Report.Kind.SNA)
    blocks = gather(report, charts=False).blocks
    assert "No authority's part is recorded" in _texts(blocks["sv-partnership"])
    assert "No issue on this year's long list is marked serious violence" in _texts(
        blocks["sv-kinds"]
    )
    assert "No priority is marked" in _texts(blocks["sv-objectives"])


def test_the_law_section_prints_each_statement_with_its_status(year):
    report = services.create_report(year=year, kind=Report.Kind.SNA)
    html = services.build_html(report, version=1)
    assert "section 8(3)(a) and (b)" in html
    assert "To check" in html and "Verified" in html


def test_the_new_report_form_offers_the_combined_report(client_as, cast, year):
    response = client_as(cast["analyst"]).post(
        reverse("reports:index", kwargs={"slug": SLUG}),
        {"year": year.pk, "kind": "full", "marking": "OFFICIAL", "with_sna": "on"},
    )
    report = Report.objects.get()
    assert response.status_code == 302
    assert report.sections.filter(key__startswith="sv-").count() == len(SNA_KEYS)


def test_the_form_refuses_the_combination_on_a_refresh(client_as, cast, year):
    response = client_as(cast["analyst"]).post(
        reverse("reports:index", kwargs={"slug": SLUG}),
        {"year": year.pk, "kind": "refresh", "marking": "OFFICIAL", "with_sna": "on"},
    )
    assert "Only a full strategic assessment can include" in response.content.decode()
    assert not Report.objects.exists()


def test_an_sna_is_checked_against_what_it_must_cover_not_the_csp_components(client_as, cast, year):
    report = services.create_report(year=year, kind=Report.Kind.SNA)
    checks, themes = content.checks(report)
    assert [c.key for c in checks] == [key for key, _ in sv_rules.SNA_COMPONENTS]
    assert themes == [] and rules.missing_components(checks) == [
        label for _, label in sv_rules.SNA_COMPONENTS
    ]
    report.sections.filter(key="sv-kinds").update(narrative="Knife crime and robbery.")
    checks, _ = content.checks(report)
    assert [c.key for c in checks if c.covered] == ["sv-kinds"]
    page = client_as(cast["analyst"]).get(report.get_absolute_url()).content.decode()
    assert "What the needs assessment must cover" in page
    assert "statutory component" not in page
    assert 'data-testid="themes"' not in page


def test_a_combined_assessment_is_checked_against_both(year):
    full = services.create_report(year=year, kind=Report.Kind.FULL, with_sna=True)
    keys = [c.key for c in content.checks(full)[0]]
    assert keys == [key for key, _ in rules.COMPONENTS] + [
        key for key, _ in sv_rules.SNA_COMPONENTS
    ]
    plain = services.create_report(
        year=create_cycle_from_template(
            partnership=year.cycle.partnership, template_key="annual", start_year=2031
        ).years.get(),
        kind=Report.Kind.FULL,
    )
    assert [c.key for c in content.checks(plain)[0]] == [key for key, _ in rules.COMPONENTS]
