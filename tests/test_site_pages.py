"""The accessibility statement (/accessibility/) and the cookies page (/cookies/): open
to everyone, linked from the footer of every page (public and signed in, and the
bare error pages), and the cookie list is the truth: a walk through the service,
public and signed in, sets exactly the cookies the page lists."""

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from csp_assessment.site_pages import cookies_set
from cycles.services import create_cycle_from_template, save_issue
from tests.conftest import PASSWORD
from tests.consultation.conftest import build_survey
from tests.consultation.test_public_survey import _post_data

ACCESSIBILITY = reverse("accessibility")
COOKIES = reverse("cookies")
FOOTER_LINKS = (
    f'href="{ACCESSIBILITY}">Accessibility statement</a>',
    f'href="{COOKIES}">Cookies</a>',
)


@pytest.fixture
def survey(partnership, cast):
    cycle = create_cycle_from_template(
        partnership=partnership, template_key="four-year", start_year=2026
    )
    year = cycle.years.get(number=1)
    issues = [save_issue(year=year, title=t) for t in ("Anti-social behaviour", "Domestic abuse")]
    return build_survey(year), issues


def _footer(html: str) -> str:
    return html.split('<footer class="site-footer">')[1].split("</footer>")[0]


# The accessibility statement ----------------------------------------------------------


def test_anyone_can_read_the_accessibility_statement(client, client_as, cast):
    for response in (client.get(ACCESSIBILITY), client_as(cast["board_member"]).get(ACCESSIBILITY)):
        assert response.status_code == 200
        html = response.content.decode()
        assert "<h1>Accessibility statement</h1>" in html
        assert "Web Content Accessibility Guidelines version 2.2</a> AA standard" in html


def test_the_statement_says_how_to_report_a_problem_and_the_enforcement_procedure(client, settings):
    settings.ACCESSIBILITY_CONTACT_EMAIL = "access@central-beds.example"
    settings.SERVICE_OPERATOR = "Central Bedfordshire Council"
    html = client.get(ACCESSIBILITY).content.decode()
    assert 'href="mailto:access@central-beds.example"' in html
    assert "This service is run by Central Bedfordshire Council." in html
    assert "<h2>Enforcement procedure</h2>" in html
    assert "https://www.legislation.gov.uk/uksi/2018/952/regulation/12" in html
    assert "Equality Advisory and Support Service" in html
    # The enforcement bodies were checked against the government's source and say so.
    assert 'data-testid="checked"' in html and "memorandum of understanding" in html
    assert "To check" not in html.split("<h2>Enforcement procedure</h2>")[1].split("<h2>")[0]


def test_with_no_operator_set_the_statement_still_reads_as_sentences(client, settings):
    from csp_assessment import settings as defaults

    settings.SERVICE_OPERATOR = defaults.SERVICE_OPERATOR
    html = client.get(ACCESSIBILITY).content.decode()
    assert "This service is run by the community safety partnership that uses it." in html
    assert "<p>The community safety partnership that uses it is committed to making" in html


def test_a_named_operator_starts_its_sentence_as_written(client, settings):
    settings.SERVICE_OPERATOR = "Central Bedfordshire Council"
    html = client.get(ACCESSIBILITY).content.decode()
    assert "<p>Central Bedfordshire Council is committed to making" in html


def test_the_known_issues_follow_the_settings_they_describe(client, settings):
    settings.SESSION_IDLE_MINUTES = 45
    html = client.get(ACCESSIBILITY).content.decode()
    issues = html.split('data-testid="known-issues">')[1].split("</ul>")[0]
    assert "You are signed out after 45 minutes" in issues
    assert "axe-core</a> 4.14" in html  # the version package.json pins


def test_the_statement_only_answers_get(client, cast):
    assert client.post(ACCESSIBILITY).status_code == 405


# The footer on every page --------------------------------------------------------------


def test_the_footer_links_both_pages_on_public_pages(client, partnership, survey):
    survey, _ = survey
    for url in (
        reverse("consultation_public:survey", args=[survey.public_key]),
        "/survey/no-such-key/",
        f"/public/{partnership.slug}/priorities/",
        f"/public/{partnership.slug}/plan/",
        "/accounts/sign-in/",
        ACCESSIBILITY,
        COOKIES,
        "/no-such-page/",
    ):
        response = client.get(url)
        footer = _footer(response.content.decode())
        for link in FOOTER_LINKS:
            assert link in footer, (url, response.status_code)


def test_the_footer_links_both_pages_when_signed_in(client_as, cast, partnership):
    client = client_as(cast["analyst"])
    for url in (reverse("cycles:dashboard", args=[partnership.slug]), reverse("calendar")):
        footer = _footer(client.get(url).content.decode())
        for link in FOOTER_LINKS:
            assert link in footer, url


def test_the_bare_error_pages_link_both_pages_too():
    for template in ("400.html", "500.html"):
        html = render_to_string(template)
        assert '<a href="/accessibility/">Accessibility statement</a>' in html
        assert '<a href="/cookies/">Cookies</a>' in html
    assert ACCESSIBILITY == "/accessibility/" and COOKIES == "/cookies/"


# Cookies --------------------------------------------------------------------------------


def test_the_cookies_page_lists_each_cookie_by_the_name_the_settings_give(client, settings):
    settings.SESSION_COOKIE_NAME = "workbench_session"
    html = client.get(COOKIES).content.decode()
    table = html.split('data-testid="cookie-table">')[1].split("</table>")[0]
    assert "<code>workbench_session</code>" in table
    assert f"<code>{settings.CSRF_COOKIE_NAME}</code>" in table
    assert "<code>messages</code>" in table
    assert "52 weeks (about a year)" in table  # Django's CSRF_COOKIE_AGE
    assert "60 minutes after your last page" in table
    assert "regulation 6 of the Privacy and Electronic Communications Regulations 2003" in html


def _cookie_names(response) -> set[str]:
    """The names in the response's Set-Cookie headers (a deletion counts too)."""
    return set(response.cookies.keys())


def test_the_service_sets_exactly_the_cookies_the_page_lists(client, cast, partnership, survey):
    """Walk the public pages, answer the survey, sign in, work and sign out, collecting
    every Set-Cookie. A cookie the page does not list fails; so does a listed cookie
    the walk never sees (the list would be stale, or the walk too short)."""
    survey, issues = survey
    survey_url = reverse("consultation_public:survey", args=[survey.public_key])
    seen: dict[str, str] = {}

    def visit(method, url, data=None):
        response = getattr(client, method)(url, data or {})
        for name in _cookie_names(response):
            seen.setdefault(name, url)
        return response

    visit("get", f"/public/{partnership.slug}/priorities/")
    visit("get", f"/public/{partnership.slug}/plan/")
    visit("get", ACCESSIBILITY)
    visit("get", COOKIES)
    visit("get", survey_url)
    assert visit("post", survey_url, _post_data(survey, issues)).status_code == 302
    visit("get", survey_url + "thanks/")
    visit("get", "/accounts/sign-in/")
    response = visit(
        "post", "/accounts/sign-in/", {"username": cast["analyst"].email, "password": "x"}
    )
    assert response.status_code == 200  # a wrong password: still no stray cookie
    response = visit(
        "post", "/accounts/sign-in/", {"username": cast["analyst"].email, "password": PASSWORD}
    )
    assert response.status_code == 302
    visit("get", reverse("cycles:dashboard", args=[partnership.slug]))
    visit("get", reverse("calendar"))
    assert visit("post", reverse("calendar_reset"), {"confirm": "yes"}).status_code == 302
    visit("get", reverse("calendar"))
    visit("post", reverse("accounts:logout"))

    listed = {cookie.name for cookie in cookies_set()}
    assert set(seen) == listed, seen
    html = client.get(COOKIES).content.decode()
    for name in seen:
        assert f"<code>{name}</code>" in html
