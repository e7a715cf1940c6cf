"""The Serious Violence Duty page and the record of who took part: who may read and
record it, what bad input is told (and that it changes nothing), and what the page
shows of the law and of the authorities with no record yet."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from analysis import sv_rules, sv_services
from analysis.sv_models import SvParticipation
from cycles.services import create_cycle_from_template
from partnerships.models import Agency

SLUG = "central-bedfordshire"
ROLES = ["admin", "analyst", "theme_specialist", "board_member"]
RECORDERS = {"admin", "analyst"}


@pytest.fixture
def school(partnership):
    return Agency.objects.create(
        partnership=partnership, name="Sandy Upper School", type=Agency.Type.OTHER
    )


@pytest.fixture
def record(year, police):
    return sv_services.record_participation(
        year=year, agency=police, contributions=["data", "attendance"]
    )


def _page(year=None):
    url = reverse("analysis:serious_violence", kwargs={"slug": SLUG})
    return f"{url}?year={year.pk}" if year else url


@pytest.mark.parametrize("role", ROLES)
def test_every_member_reads_the_page(client_as, cast, year, record, role):
    response = client_as(cast[role]).get(_page(year))
    assert response.status_code == 200
    assert "Bedfordshire Police" in response.content.decode()
    offers = reverse("analysis:sv_new", kwargs={"slug": SLUG, "year_id": year.pk})
    assert (offers in response.content.decode()) == (role in RECORDERS)


def test_another_partnerships_member_gets_404(client_as, cast, year):
    assert client_as(cast["outsider"]).get(_page()).status_code == 404


def test_a_year_of_another_partnership_is_not_found(client_as, cast, year, other_partnership):
    other = create_cycle_from_template(
        partnership=other_partnership, template_key="four-year", start_year=2026
    ).years.get(number=1)
    response = client_as(cast["analyst"]).get(_page(other))
    assert response.status_code == 404


@pytest.mark.parametrize("role", ROLES)
def test_only_those_who_run_the_cycle_may_record(client_as, cast, year, record, role):
    new = reverse("analysis:sv_new", kwargs={"slug": SLUG, "year_id": year.pk})
    edit = reverse("analysis:sv_edit", kwargs={"slug": SLUG, "participation_id": record.pk})
    expected = 200 if role in RECORDERS else 403
    client = client_as(cast[role])
    assert client.get(new).status_code == expected
    assert client.get(edit).status_code == expected


def test_an_outsider_cannot_reach_the_record_pages(client_as, cast, year, record):
    client = client_as(cast["outsider"])
    new = reverse("analysis:sv_new", kwargs={"slug": SLUG, "year_id": year.pk})
    edit = reverse("analysis:sv_edit", kwargs={"slug": SLUG, "participation_id": record.pk})
    assert client.get(new).status_code == 404
    assert client.get(edit).status_code == 404


def test_an_analyst_in_their_own_partnership_cannot_open_anothers_record(
    client_as, cast, record, other_partnership
):
    url = reverse("analysis:sv_edit", kwargs={"slug": "luton", "participation_id": record.pk})
    assert client_as(cast["outsider"]).get(url).status_code == 404


def test_recording_works_out_the_kind_from_the_agency_type(client_as, cast, year, police):
    url = reverse("analysis:sv_new", kwargs={"slug": SLUG, "year_id": year.pk})
    response = client_as(cast["analyst"]).post(
        url, {"agency": police.pk, "authority": "", "contributions": ["data", "analysis"]}
    )
    assert response.status_code == 302
    saved = SvParticipation.objects.get(year=year, agency=police)
    assert saved.authority == "police"
    assert saved.contributions == ["data", "analysis"]
    assert saved.recorded_by.user == cast["analyst"]


@pytest.mark.parametrize("kind", Agency.COUNCILS)
def test_any_kind_of_council_is_the_local_authority(client_as, cast, year, partnership, kind):
    council = Agency.objects.create(partnership=partnership, name="The council", type=kind)
    url = reverse("analysis:sv_new", kwargs={"slug": SLUG, "year_id": year.pk})
    response = client_as(cast["analyst"]).post(
        url, {"agency": council.pk, "authority": "", "contributions": ["data"]}
    )
    assert response.status_code == 302
    assert SvParticipation.objects.get(year=year, agency=council).authority == "local_authority"
    body = client_as(cast["board_member"]).get(_page(year)).content.decode()
    assert "Local authority</li>" not in body


def test_no_contribution_is_refused_by_name(client_as, cast, year, police):
    url = reverse("analysis:sv_new", kwargs={"slug": SLUG, "year_id": year.pk})
    response = client_as(cast["analyst"]).post(url, {"agency": police.pk})
    assert response.status_code == 200
    assert "Choose at least one thing the authority contributed." in response.content.decode()
    assert not SvParticipation.objects.exists()


def test_an_agency_of_type_other_needs_its_kind(client_as, cast, year, school):
    url = reverse("analysis:sv_new", kwargs={"slug": SLUG, "year_id": year.pk})
    response = client_as(cast["analyst"]).post(
        url, {"agency": school.pk, "contributions": ["consulted"]}
    )
    assert response.status_code == 200
    assert "Say which kind of authority Sandy Upper School is" in response.content.decode()
    assert not SvParticipation.objects.exists()
    client_as(cast["analyst"]).post(
        url, {"agency": school.pk, "authority": "educational", "contributions": ["consulted"]}
    )
    saved = SvParticipation.objects.get(agency=school)
    assert saved.group == sv_rules.RELEVANT


def test_the_same_authority_twice_in_a_year_is_refused(client_as, cast, year, record, police):
    url = reverse("analysis:sv_new", kwargs={"slug": SLUG, "year_id": year.pk})
    response = client_as(cast["analyst"]).post(
        url, {"agency": police.pk, "contributions": ["resources"]}
    )
    assert "Bedfordshire Police is already recorded for year 1" in response.content.decode()
    assert SvParticipation.objects.get().contributions == ["data", "attendance"]


def test_another_partnerships_agency_is_refused(year, other_partnership):
    theirs = Agency.objects.create(
        partnership=other_partnership, name="Luton Council", type=Agency.Type.DISTRICT_COUNCIL
    )
    with pytest.raises(ValidationError) as refused:
        sv_services.record_participation(year=year, agency=theirs, contributions=["data"])
    assert "agency" in refused.value.message_dict
    assert not SvParticipation.objects.exists()


def test_an_unknown_contribution_is_refused(year, police):
    with pytest.raises(ValidationError) as refused:
        sv_services.record_participation(year=year, agency=police, contributions=["cake"])
    assert "contributions" in refused.value.message_dict


def test_editing_changes_the_record_and_keeps_its_history(client_as, cast, record, police):
    url = reverse("analysis:sv_edit", kwargs={"slug": SLUG, "participation_id": record.pk})
    client = client_as(cast["analyst"])
    form = client.get(url).context["form"]
    response = client.post(
        url,
        {
            "seen": form.initial["seen"],
            "agency": police.pk,
            "authority": "police",
            "contributions": ["data", "actions"],
            "note": "  Knife crime extract, quarterly.  ",
        },
    )
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.contributions == ["data", "actions"]
    assert record.note == "Knife crime extract, quarterly."
    assert record.history.count() == 2


def test_an_edit_saved_by_someone_else_meanwhile_is_refused(client_as, cast, record, police):
    url = reverse("analysis:sv_edit", kwargs={"slug": SLUG, "participation_id": record.pk})
    client = client_as(cast["analyst"])
    seen = client.get(url).context["form"].initial["seen"]
    sv_services.update_participation(record=record, agency=police, contributions=["resources"])
    response = client.post(url, {"seen": seen, "agency": police.pk, "contributions": ["analysis"]})
    assert response.status_code == 200
    record.refresh_from_db()
    assert record.contributions == ["resources"]


def test_the_page_names_the_specified_authorities_with_no_record(client_as, cast, year, record):
    body = client_as(cast["board_member"]).get(_page(year)).content.decode()
    assert "No record yet for 5 kinds of specified authority" in body
    assert "Youth offending team" in body
    assert "Chief officer of police</li>" not in body


def test_the_page_cites_every_statement_with_its_status(client_as, cast, year):
    body = client_as(cast["theme_specialist"]).get(_page(year)).content.decode()
    for statement in sv_rules.STATEMENTS:
        assert statement.citation in body
    assert body.count('class="tag citation-verified"') == sum(
        s.status == sv_rules.VERIFIED for s in sv_rules.STATEMENTS
    )
    assert 'class="tag citation-to_check"' in body


def test_every_agency_type_but_other_has_a_kind():
    for value in Agency.Type.values:
        if value == Agency.Type.OTHER:
            assert value not in sv_rules.KIND_FOR_AGENCY_TYPE
        else:
            assert sv_rules.KIND_FOR_AGENCY_TYPE[value] in sv_rules.KIND_LABELS


def test_missing_specified_lists_only_the_absent_kinds():
    assert sv_rules.missing_specified(set(sv_rules.SPECIFIED_KINDS)) == []
    assert sv_rules.missing_specified({"police", "educational"}) == [
        "Fire and rescue authority",
        "Integrated care board (or local health board in Wales)",
        "Local authority",
        "Youth offending team",
        "Probation services provider",
    ]
