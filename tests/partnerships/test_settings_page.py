"""Admins keep the partnership's details, districts and agencies up to date."""

from django.urls import reverse

from partnerships.models import Agency, District, Partnership

SLUG = "central-bedfordshire"


def test_settings_show_districts_agencies_and_total_population(client_as, cast, police):
    response = client_as(cast["admin"]).get(reverse("partnerships:settings", kwargs={"slug": SLUG}))
    page = response.content.decode()
    assert "E06000056" in page
    assert "294,200" in page
    assert "Bedfordshire Police" in page


def test_admin_renames_the_partnership(client_as, cast, partnership, county):
    response = client_as(cast["admin"]).post(
        reverse("partnerships:settings", kwargs={"slug": SLUG}),
        {
            "name": "Central Bedfordshire Community Safety Partnership",
            "kind": "district",
        },
    )
    assert response.status_code == 302
    partnership.refresh_from_db()
    assert partnership.name == "Central Bedfordshire Community Safety Partnership"


def test_a_county_cannot_have_a_parent(client_as, cast, partnership, county):
    response = client_as(cast["admin"]).post(
        reverse("partnerships:settings", kwargs={"slug": SLUG}),
        {"name": partnership.name, "kind": "county"},
    )
    assert response.status_code == 200
    assert (
        "A county partnership has no parent. Leave the county first." in response.content.decode()
    )
    partnership.refresh_from_db()
    assert partnership.kind == Partnership.Kind.DISTRICT


def test_admin_adds_a_district(client_as, cast, partnership):
    response = client_as(cast["admin"]).post(
        reverse("partnerships:district_new", kwargs={"slug": SLUG}),
        {
            "name": "Bedford",
            "code": "e06000055",
            "population": "185300",
            "population_source": "Census 2021",
        },
    )
    assert response.status_code == 302
    assert partnership.districts.get(code="E06000055").population == 185300


def test_a_malformed_district_code_is_refused(client_as, cast, partnership):
    response = client_as(cast["admin"]).post(
        reverse("partnerships:district_new", kwargs={"slug": SLUG}),
        {"name": "Bedford", "code": "Bedford", "population": "", "population_source": ""},
    )
    assert "Enter an ONS code: a letter followed by 8 digits, like E06000056." in (
        response.content.decode()
    )
    assert partnership.districts.count() == 1


def test_a_district_code_used_twice_is_refused(client_as, cast, partnership):
    response = client_as(cast["admin"]).post(
        reverse("partnerships:district_new", kwargs={"slug": SLUG}),
        {
            "name": "Central Beds again",
            "code": "E06000056",
            "population": "",
            "population_source": "",
        },
    )
    assert response.status_code == 200
    assert "There is already a district with this ONS code." in response.content.decode()
    assert District.objects.filter(partnership=partnership).count() == 1


def test_a_district_or_agency_named_again_in_other_capitals_is_refused(
    client_as, cast, partnership, police
):
    """Partner files are placed by name whatever its capitals: a second "central
    bedfordshire " quietly took every row of the next upload."""
    client = client_as(cast["admin"])
    district = client.post(
        reverse("partnerships:district_new", kwargs={"slug": SLUG}),
        {"name": " central  bedfordshire ", "code": "E06000099", "population": "1000"},
    )
    assert "There is already a district with this name." in district.content.decode()
    assert District.objects.filter(partnership=partnership).count() == 1
    agency = client.post(
        reverse("partnerships:agency_new", kwargs={"slug": SLUG}),
        {"name": f"{police.name.upper()} ", "type": "police"},
    )
    assert "There is already an agency with this name." in agency.content.decode()
    assert Agency.objects.filter(partnership=partnership, name__iexact=police.name).count() == 1
    # Its own name, in new capitals, is no clash with itself.
    client.post(
        reverse("partnerships:agency_edit", kwargs={"slug": SLUG, "pk": police.pk}),
        {"name": police.name.upper(), "type": "police"},
    )
    police.refresh_from_db()
    assert police.name.isupper()


def test_admin_adds_and_edits_an_agency(client_as, cast, partnership):
    client = client_as(cast["admin"])
    client.post(
        reverse("partnerships:agency_new", kwargs={"slug": SLUG}),
        {
            "name": "Bedfordshire Fire and Rescue Service",
            "type": "fire_and_rescue",
            "is_responsible_authority": "on",
        },
    )
    agency = Agency.objects.get(
        partnership=partnership, name="Bedfordshire Fire and Rescue Service"
    )
    assert agency.is_responsible_authority
    client.post(
        reverse("partnerships:agency_edit", kwargs={"slug": SLUG, "pk": agency.pk}),
        {"name": agency.name, "type": "fire_and_rescue"},
    )
    agency.refresh_from_db()
    assert not agency.is_responsible_authority


def test_admin_adds_a_unitary_council(client_as, cast, partnership):
    client = client_as(cast["admin"])
    response = client.post(
        reverse("partnerships:agency_new", kwargs={"slug": SLUG}),
        {"name": "Luton Borough Council", "type": "unitary_council"},
    )
    assert response.status_code == 302
    agency = Agency.objects.get(partnership=partnership, name="Luton Borough Council")
    assert agency.type == Agency.Type.UNITARY_COUNCIL
    page = client.get(reverse("partnerships:settings", kwargs={"slug": SLUG}))
    assert "Unitary council" in page.content.decode()
