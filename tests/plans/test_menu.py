"""The menu names the partnership's document as `plans.rules.document` does: a county
member sees "Agreement", a district or unitary member "Plan"."""

import re

import pytest
from django.urls import reverse

from partnerships.models import Membership, Partnership, Role


def _menu_link(client, slug):
    body = client.get(reverse("cycles:dashboard", kwargs={"slug": slug})).content.decode()
    href = reverse("plans:index", kwargs={"slug": slug})
    return re.search(rf'href="{re.escape(href)}">([^<]*)</a>', body).group(1)


def test_a_county_member_sees_agreement(client_as, kim, county):
    assert _menu_link(client_as(kim), county.slug) == "Agreement"


@pytest.mark.parametrize("kind", [Partnership.Kind.DISTRICT, Partnership.Kind.UNITARY])
def test_a_district_or_unitary_member_sees_plan(client_as, cast, partnership, kind):
    Partnership.objects.filter(pk=partnership.pk).update(kind=kind)
    assert _menu_link(client_as(cast["analyst"]), partnership.slug) == "Plan"


def test_someone_in_both_sees_each_partnerships_name(client_as, cast, partnership, county):
    Membership.objects.create(user=cast["analyst"], partnership=county, role=Role.ANALYST)
    client = client_as(cast["analyst"])
    assert _menu_link(client, county.slug) == "Agreement"
    assert _menu_link(client, partnership.slug) == "Plan"
