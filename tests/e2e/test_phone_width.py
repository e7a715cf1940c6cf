"""The pages the four roles use most fit a 390 pixel phone: a wide table scrolls inside
its own labelled region, which keyboard users can reach, and the page itself never
scrolls sideways."""

import pytest
from django.urls import reverse
from django.utils import timezone

from cycles.services import create_cycle_from_template
from priorities.models import Meeting
from priorities.services.proposals import publish_priorities
from tests.e2e.conftest import assert_accessible, sign_in
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


def test_the_most_used_pages_never_scroll_sideways_on_a_phone(new_page, cast, agreed):
    wide = 0
    for role, urls in _pages(agreed, Meeting.objects.get().pk).items():
        page = new_page(width=PHONE)
        if role:
            sign_in(page, cast[role])
        for url in urls:
            page.goto(url)
            scroll, width = page.evaluate(
                "() => [document.documentElement.scrollWidth, window.innerWidth]"
            )
            assert scroll <= width, f"{url} as {role}: {scroll} > {width} pixels"
            assert page.evaluate(UNREACHABLE) == [], f"{url} as {role}"
            wide += page.evaluate(WIDE)
            assert_accessible(page)
    assert wide, "no table was wider than the phone, so the regions were not tried"
