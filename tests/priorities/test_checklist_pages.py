"""The checklist pages in seed 003's layout: stage and hallmark headings, citations
marked, lines no longer asked shown with their reason and left out of the progress, the
England statement, and a run page whose queries do not grow with its 111 items."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cycles.models import CycleYear
from priorities.services.checklists import update_checklist_item

SLUG = "central-bedfordshire"


def _page(client, run):
    url = reverse("priorities:checklist", kwargs={"slug": SLUG, "run_id": run.pk})
    return client.get(url).content.decode()


def test_the_run_page_groups_items_under_the_seeds_stages_and_hallmarks(client_as, cast, run):
    page = _page(client_as(cast["board_member"]), run)
    assert "Stage 1: Lead and guide" in page and "Stage 11: Evaluating impact" in page
    assert page.index("Stage 2: Governing partnership processes") < page.index(
        "Hallmark: Intelligence-led business processes"
    )
    assert "Stage 10, question 5" in page
    assert "Verified" in page and "To check" in page
    assert "covers partnerships in England" in page
    assert "0 of 107 green" in page and "4 no longer asked, so not counted" in page


def test_a_line_no_longer_asked_shows_why_and_cannot_be_edited(client_as, cast, run):
    page = _page(client_as(cast["analyst"]), run)
    assert "No longer asked:</strong> Local area agreements were ended" in page
    item = run.items.get(requirement__seed_ref="003 stage 6, question 1")
    assert (
        reverse("priorities:checklist_item", kwargs={"slug": SLUG, "item_id": item.pk}) not in page
    )
    response = client_as(cast["analyst"]).post(
        reverse("priorities:checklist_item", kwargs={"slug": SLUG, "item_id": item.pk}),
        {"rag": "amber", "status_key": "", "action": "x", "development": ""},
    )
    assert "This line is no longer asked" in response.content.decode()
    item.refresh_from_db()
    assert item.rag == "not_assessed" and item.action == ""


def test_the_status_key_lists_the_seeds_five_and_marks_ours(client_as, cast, run):
    page = _page(client_as(cast["board_member"]), run)
    for value in [
        "Terms of reference (2007 minimum standards)",
        "Primary care trust (2007 minimum standards)",
        "Awaiting external bodies (2007 minimum standards)",
        "For consideration by the CSP (2007 minimum standards)",
        "Delivery plan (2007 minimum standards)",
        "In place (our addition)",
    ]:
        assert value in page


def test_the_item_page_shows_the_seed_line_and_what_the_citation_was_checked_against(
    client_as, cast, run
):
    item = run.items.get(requirement__seed_ref="003 stage 1, line 2")
    url = reverse("priorities:checklist_item", kwargs={"slug": SLUG, "item_id": item.pk})
    page = client_as(cast["analyst"]).get(url).content.decode()
    assert "Stage 1, line 2 of the 2007 minimum standards checklist (statutory duty)" in page
    assert "Checked against: SI 2011/1230" in page
    assert "Law now:" in page


def test_the_start_form_offers_only_the_newest_checklist(client_as, cast, run, checklists):
    page = client_as(cast["analyst"]).get(f"/p/{SLUG}/priorities/checklists/").content.decode()
    assert f'<option value="{checklists.pk}"' in page
    assert "Hallmarks of effective partnerships" not in page.split("Start a checklist")[1]
    assert "Wales has its own regulations" in page


def test_the_start_form_offers_the_year_running_today(
    client_as, cast, partnership, year, checklists
):
    today = timezone.localdate()
    running = CycleYear.objects.get(
        cycle__partnership=partnership, starts_on__lte=today, ends_on__gte=today
    )
    page = client_as(cast["analyst"]).get(f"/p/{SLUG}/priorities/checklists/").content.decode()
    assert f'<option value="{running.pk}" selected>' in page


def test_the_run_page_queries_do_not_grow_with_owners_and_evidence(client_as, cast, run, member):
    client = client_as(cast["board_member"])
    _page(client, run)  # the first request also loads the session
    with CaptureQueriesContext(connection) as before:
        _page(client, run)
    owner = member(cast["analyst"])
    greens = 0
    for item in run.items.select_related("requirement", "run__year__cycle")[:60]:
        if item.requirement.not_asked:
            continue
        update_checklist_item(
            item=item,
            action="Act",
            development="Done",
            rag="green",
            status_key="terms_of_reference",
            owner=owner,
            due_on=None,
            evidence_link="https://example.org/e",
        )
        greens += 1
    with CaptureQueriesContext(connection) as after:
        page = _page(client, run)
    assert greens > 50 and f"{greens} of 107 green" in page
    assert len(after) == len(before) <= 15


def test_no_page_speaks_of_the_seed_the_checklist_came_from(client_as, cast, run):
    """Users know it as the 2007 minimum standards; loaded wording still says "the seed"."""
    client = client_as(cast["analyst"])
    pages = [_page(client, run), client.get(f"/p/{SLUG}/priorities/checklists/").content.decode()]
    noted = run.items.exclude(requirement__law_note="").order_by("requirement__position")
    for item in noted:
        url = reverse("priorities:checklist_item", kwargs={"slug": SLUG, "item_id": item.pk})
        pages.append(client.get(url).content.decode())
    assert noted.exists()
    assert all("seed" not in page.lower() for page in pages)
    assert "The 2007 standards asked for every responsible authority" in pages[0]


def test_the_priorities_menu_names_the_public_priorities_page(client_as, cast, run):
    page = client_as(cast["analyst"]).get(f"/p/{SLUG}/priorities/checklists/").content.decode()
    public = reverse("public_summary", kwargs={"slug": SLUG})
    assert f'href="{public}">Public priorities page</a>' in page
    assert ">Public summary<" not in page
