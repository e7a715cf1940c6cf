"""The pages the four roles use most, a page each of scoring, analysis, the terms of
reference and the checklist, and the rest of the pages with hand-written tables
(priorities, cycles, settings, sign-in domains, cookies) fit a 390 pixel phone: a wide
table scrolls inside its own labelled region, which keyboard users can reach, and the page
itself never scrolls sideways."""

# ruff: noqa: F811 - shared fixtures are requested by name

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from analysis import source_services
from cycles.services import create_cycle_from_template
from partnerships import sso
from partnerships.models import Membership, Role, SignInDomain
from priorities.checklist_files import load_shipped_checklists
from priorities.models import ChecklistTemplate, Meeting, Priority
from priorities.services.checklists import start_checklist
from priorities.services.kpis import add_kpi, enter_kpi_value
from priorities.services.proposals import publish_priorities
from priorities.services.terms import start_terms, update_terms
from scoring.matrix_files import load_shipped_matrices
from scoring.models import Matrix
from tests.conftest import make_user
from tests.consultation.conftest import build_survey
from tests.e2e.conftest import assert_accessible, sign_in
from tests.priorities.conftest import closed_round, issues, last_year  # noqa: F401 - fixtures
from tests.reports.conftest import agreed_public_summary

SLUG = "central-bedfordshire"
PHONE = 390


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def agreed(partnership, cast, member, media):
    """The running year's public summary, agreed at a board meeting held today, with a
    long priority title and minute, so the board's decisions make a wide table."""
    today = timezone.localdate()
    start = today.year - (1 if today.month < 4 else 0)
    year = create_cycle_from_template(
        partnership=partnership, template_key="four-year", start_year=start
    ).years.get(number=1)
    run = agreed_public_summary(
        year,
        analyst=member(cast["analyst"]),
        board_member=member(cast["board_member"]),
        held_on=today,
        render=False,
    )
    publish_priorities(year=year)
    return run


# Each region that scrolls sideways, and what it lacks to be a named stop for the keyboard.
UNREACHABLE = """() => [...document.querySelectorAll('.table-responsive')]
    .filter(box => box.scrollWidth > box.clientWidth)
    .filter(box => box.getAttribute('tabindex') !== '0' || box.getAttribute('role') !== 'region'
        || !(box.getAttribute('aria-label') || '').trim())
    .map(box => box.querySelector('caption')?.textContent.trim() || box.outerHTML.slice(0, 80))"""
WIDE = """() => [...document.querySelectorAll('.table-responsive')]
    .filter(box => box.scrollWidth > box.clientWidth).length"""
# The same for every table's box, wide here or not: with longer rows it will be.
UNLABELLED = """() => [...document.querySelectorAll('.table-responsive')]
    .filter(box => box.getAttribute('tabindex') !== '0' || box.getAttribute('role') !== 'region'
        || !(box.getAttribute('aria-label') || '').trim())
    .map(box => box.querySelector('caption')?.textContent.trim() || box.outerHTML.slice(0, 80))"""


def _pages(run, meeting_id):
    return {
        "analyst": [
            reverse("cycles:dashboard", kwargs={"slug": SLUG}),
            reverse("reports:report", kwargs={"slug": SLUG, "report_id": run.report_id}),
        ],
        "board_member": [
            reverse("cycles:dashboard", kwargs={"slug": SLUG}),
            reverse("priorities:meeting", kwargs={"slug": SLUG, "meeting_id": meeting_id}),
        ],
        "admin": [reverse("cycles:dashboard", kwargs={"slug": SLUG})],
        None: [reverse("public_summary", kwargs={"slug": SLUG})],
    }


def _fits_the_phone(page, url: str, role) -> int:
    """Visit the page: it must not scroll sideways, every table wider than the phone must
    scroll in a labelled region, and axe must find nothing. Returns how many did."""
    page.goto(url)
    scroll, width = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert scroll <= width, f"{url} as {role}: {scroll} > {width} pixels"
    assert page.evaluate(UNREACHABLE) == [], f"{url} as {role}"
    assert_accessible(page)
    return page.evaluate(WIDE)


def test_the_most_used_pages_never_scroll_sideways_on_a_phone(new_page, cast, agreed):
    wide = 0
    for role, urls in _pages(agreed, Meeting.objects.get().pk).items():
        page = new_page(width=PHONE)
        if role:
            sign_in(page, cast[role])
        for url in urls:
            wide += _fits_the_phone(page, url, role)
    assert wide, "no table was wider than the phone, so the regions were not tried"


@pytest.fixture
def less_used(partnership, police, agreed):
    """A page each of scoring (a shipped matrix), analysis (a data source with a
    delivery), the terms of reference (with who does what) and the checklist (a run of
    the statutory duties), in the running year."""
    year = agreed.report.year
    load_shipped_matrices()
    load_shipped_checklists()
    source = source_services.add_source(
        partnership=partnership, name="Police ASB incidents", agency=police, themes=["asb"]
    )
    source_services.record_receipt(
        source=source,
        received_on=date(2025, 1, 10),
        period_start=date(2024, 10, 1),
        period_end=date(2024, 12, 31),
        note="Late: the force's new records system held the October extract back a week.",
    )
    terms = start_terms(year=year)
    update_terms(
        terms=terms,
        purpose="Show the board where the risks are.",
        scope="The whole of Central Bedfordshire.",
        roles=[
            {
                "role": "Lead analyst",
                "who": "Central Bedfordshire Council community safety team",
                "responsibility": "Gathers the partners' data, writes the assessment and "
                "presents it to the Community Safety Executive for agreement.",
            }
        ],
        data="Police recorded crime and the partners' own data.",
        timetable_note="",
        sign_off="The executive agrees the final assessment.",
    )
    template = ChecklistTemplate.objects.filter(key="statutory-duties").order_by("-version")
    run = start_checklist(year=year, template=template.first())
    return [
        reverse("scoring:matrix", kwargs={"slug": SLUG, "matrix_id": Matrix.objects.first().pk}),
        reverse("analysis:source", kwargs={"slug": SLUG, "source_id": source.pk}),
        reverse("priorities:terms", kwargs={"slug": SLUG, "year_id": year.pk}),
        reverse("priorities:checklist", kwargs={"slug": SLUG, "run_id": run.pk}),
    ]


def test_scoring_analysis_terms_and_checklist_pages_fit_a_phone(new_page, cast, less_used):
    page = new_page(width=PHONE)
    sign_in(page, cast["analyst"])
    wide = 0
    for url in less_used:
        wide += _fits_the_phone(page, url, "analyst")
        assert page.evaluate("() => document.querySelectorAll('.table-responsive').length"), url
        assert page.evaluate(UNLABELLED) == [], url
    assert wide, "no table was wider than the phone, so the regions were not tried"


# Each table not inside a region keyboard users can reach and hear named.
UNREGIONED = """() => [...document.querySelectorAll('table')]
    .filter(table => !(table.closest('[role="region"][tabindex="0"]')
        ?.getAttribute('aria-label') || '').trim())
    .map(table => table.querySelector('caption')?.textContent.trim()
        || table.outerHTML.slice(0, 80))"""

PROVIDERS = {
    "westshire": {
        "name": "Westshire Council",
        "discovery_url": "https://login.example.org/westshire/.well-known/openid-configuration",
        "client_id": "id",
    }
}


@pytest.fixture
def year(agreed):
    """The running year of the agreed summary, for the priorities fixtures."""
    return agreed.report.year


@pytest.fixture
def the_rest(settings, partnership, cast, member, agreed, last_year, closed_round):
    """The running year with its agreed priority (a KPI with a figure), a closed scoring
    round, last cycle's year to compare with and a published consultation; and a
    partnership that signs in through Westshire Council, one domain confirmed by site
    staff and one waiting for them."""
    settings.OIDC_PROVIDERS = PROVIDERS
    year = agreed.report.year
    priority = Priority.objects.get(year=year, status=Priority.Status.AGREED)
    kpi = add_kpi(
        priority=priority,
        name="Repeat victims of anti-social behaviour",
        baseline=120,
        target=90,
        direction="down",
    )
    enter_kpi_value(
        kpi=kpi,
        period_ending=date(year.starts_on.year, 6, 30),
        value=100,
        entered_by=member(cast["board_member"]),
        note="From the police log of anti-social behaviour across the whole partnership area",
    )
    build_survey(year)
    staff = make_user("help@service.example", "Hana", "Support")
    staff.is_staff = True
    staff.save()
    sso.save_single_sign_on(
        partnership=partnership,
        provider="westshire",
        domains=["westshire.gov.uk", "westshire-council.org.uk"],
        by=cast["admin"],
    )
    sso.confirm_domain(domain=SignInDomain.objects.get(domain="westshire.gov.uk"), by=staff)
    slug, cycle = {"slug": SLUG}, {"slug": SLUG, "cycle_id": year.cycle_id}
    in_year = {**slug, "year_id": year.pk}
    # Each page, as the role that uses it, with how many tables it shows at least.
    return {
        "analyst": [
            (reverse("priorities:year", kwargs=in_year), 3),
            (reverse("priorities:review_record", kwargs=in_year), 1),
            (reverse("priorities:priority", kwargs={**slug, "priority_id": priority.pk}), 1),
            (reverse("priorities:propose", kwargs=in_year), 1),
            (reverse("priorities:you_said_list", kwargs=slug), 1),
            (reverse("cycles:detail", kwargs=cycle), 1),
            (reverse("cycles:timeline", kwargs=cycle), 1),
        ],
        "admin": [(reverse("partnerships:settings", kwargs=slug), 1)],
        "staff": [(reverse("sign_in_domains"), 2)],
        None: [(reverse("cookies"), 1)],
    }, staff


def test_the_last_pages_with_tables_put_each_in_a_labelled_region(new_page, cast, the_rest):
    pages, staff = the_rest
    for role, urls in pages.items():
        page = new_page(width=PHONE)
        if role:
            sign_in(page, staff if role == "staff" else cast[role])
        for url, least in urls:
            _fits_the_phone(page, url, role)
            assert page.evaluate("() => document.querySelectorAll('table').length") >= least, url
            assert page.evaluate(UNREGIONED) == [], f"{url} as {role}"


@pytest.mark.parametrize("width", [320, PHONE, 1280])
def test_the_partnership_switcher_fits_a_phone(new_page, cast, partnership, county, width):
    """Someone in two partnerships has the switcher under the menu. A partnership's full
    name is wider than a phone: the switcher wraps and its list narrows, so the page still
    does not scroll sideways and the list and its button stay on the screen. On a wide
    screen it keeps to one line."""
    partnership.name = "Central Bedfordshire Community Safety Partnership"
    partnership.save()
    Membership.objects.create(user=cast["board_member"], partnership=county, role=Role.BOARD_MEMBER)
    page = new_page(width=width)
    sign_in(page, cast["board_member"])
    _fits_the_phone(page, reverse("cycles:dashboard", kwargs={"slug": SLUG}), "board_member")
    for control in (page.get_by_label("Partnership"), page.get_by_role("button", name="Switch")):
        box = control.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width, box
    if width > 1000:  # the label's and the button's middles are level with the list
        row = page.locator(".partnership-switcher select").bounding_box()
        for tag in ("label", "button"):
            box = page.locator(f".partnership-switcher {tag}").bounding_box()
            assert row["y"] < box["y"] + box["height"] / 2 < row["y"] + row["height"], tag
    page.get_by_label("Partnership").select_option(county.slug)
    page.get_by_role("button", name="Switch").click()
    page.wait_for_url(f"**/p/{county.slug}/")
