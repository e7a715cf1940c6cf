"""A public page of a partnership is headed by the partnership's name, the service's
name small under it: the public came for their partnership, not for the tool."""

import re

import pytest
from django.urls import reverse

from cycles.services import save_issue
from tests.consultation.conftest import build_survey

BRAND = re.compile(r'<a class="navbar-brand[^"]*" href="([^"]+)">(.*?)</a>', re.S)


def _brand(html: str) -> tuple[str, str]:
    href, inside = BRAND.search(html).groups()
    return href, re.sub(r"<[^>]+>", " ", inside).split()


@pytest.mark.parametrize("name", ["public_summary", "public_assessment", "public_plan"])
def test_the_partnerships_public_pages_name_it_in_the_header(client, partnership, name):
    html = client.get(reverse(name, args=[partnership.slug])).content.decode()
    href, words = _brand(html)
    assert href == reverse("public_summary", args=[partnership.slug])
    assert " ".join(words) == "Central Bedfordshire CSP Assessment workbench"


def test_a_public_survey_and_its_thanks_name_the_partnership(client, year):
    save_issue(year=year, title="Anti-social behaviour")  # the survey ranks the long list
    survey = build_survey(year)
    for url in (
        reverse("consultation_public:survey", args=[survey.public_key]),
        reverse("consultation_public:thanks", args=[survey.public_key]),
    ):
        _, words = _brand(client.get(url).content.decode())
        assert " ".join(words) == "Central Bedfordshire CSP Assessment workbench", url


def test_a_member_of_another_partnership_sees_no_menu_of_theirs_on_its_public_page(
    client_as, cast, partnership, other_partnership
):
    """Signed in to Central Bedfordshire, Priya reads Luton's public priorities: the page
    is Luton's, so her own partnership's name, role and menu stay off it."""
    html = client_as(cast["admin"]).get(reverse("public_summary", args=[other_partnership.slug]))
    html = html.content.decode()
    assert "Luton CSP" in html
    assert "partnership-bar" not in html
    assert "Central Bedfordshire CSP" not in html
    assert "(Admin)" not in html
