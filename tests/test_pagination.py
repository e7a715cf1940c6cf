"""Every list that grows with a partnership's records is paged the same way.

For each paged list: more rows than a page, page 1 holds a page, page 2 the rest; the
links keep the other query parameters; a bad page number shows the nearest page, never
an error; and the queries a page takes do not grow with the number of rows.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from analysis.models import Dataset, Upload
from consultation.models import EmergingIssue, RationaleDocument, Survey
from csp_assessment.pagination import page_number
from cycles.models import Issue
from cycles.services import create_cycle_from_template
from partnerships.models import Membership, Partnership, RetentionRun, Role
from plans.models import Plan
from priorities.group_models import Group
from priorities.models import Meeting, Priority
from scoring.matrix_files import load_shipped_matrices
from scoring.models import Matrix, Round
from tests.conftest import make_user

SLUG = "central-bedfordshire"
ROW = re.compile(r"Paged row \d{3}")


@dataclass
class World:
    partnership: Partnership
    year: object
    cast: dict
    member: Callable


@pytest.fixture
def world(partnership, cast, membership_of):
    cycle = create_cycle_from_template(
        partnership=partnership, template_key="annual", start_year=2026
    )
    return World(
        partnership=partnership,
        year=cycle.years.get(),
        cast=cast,
        member=lambda role: membership_of(cast[role], partnership),
    )


def _title(i: int) -> str:
    return f"Paged row {i:03d}"


# Each maker adds rows start..start+count-1, each showing _title(i) on its page.


def make_issues(w: World, start: int, count: int) -> None:
    Issue.objects.bulk_create(
        Issue(year=w.year, title=_title(i), serious_violence=i % 2 == 0)
        for i in range(start, start + count)
    )


def make_emerging(w: World, start: int, count: int) -> None:
    EmergingIssue.objects.bulk_create(
        EmergingIssue(
            partnership=w.partnership,
            title=_title(i),
            logged_by=w.member("analyst"),
            logged_at=timezone.now() - timedelta(minutes=i),
        )
        for i in range(start, start + count)
    )


def make_rationales(w: World, start: int, count: int) -> None:
    RationaleDocument.objects.bulk_create(
        RationaleDocument(
            year=w.year,
            theme=_title(i),
            specialist=w.member("theme_specialist"),
            requested_by=w.member("analyst"),
            due_on=date(2026, 10, 1) + timedelta(days=i),
        )
        for i in range(start, start + count)
    )


def _surveys(w: World, start: int, count: int, status: str) -> None:
    Survey.objects.bulk_create(
        Survey(
            year=w.year,
            title=_title(i),
            audience=Survey.Audience.PUBLIC,
            status=status,
            opens_on=date(2026, 6, 1) + timedelta(days=i),
            closes_on=date(2026, 12, 1),
            created_by=w.member("analyst"),
        )
        for i in range(start, start + count)
    )


def make_surveys(w: World, start: int, count: int) -> None:
    _surveys(w, start, count, Survey.Status.DRAFT)


def make_published_surveys(w: World, start: int, count: int) -> None:
    _surveys(w, start, count, Survey.Status.CLOSED)


def make_uploads(w: World, start: int, count: int) -> None:
    dataset, _ = Dataset.objects.get_or_create(
        partnership=w.partnership, name="Paged police data", kind=Dataset.Kind.PARTNER
    )
    Upload.objects.bulk_create(
        Upload(dataset=dataset, uploaded_by=w.member("analyst"), files=[{"name": _title(i)}])
        for i in range(start, start + count)
    )


def make_rounds(w: World, start: int, count: int) -> None:
    load_shipped_matrices()
    matrix = Matrix.objects.get(partnership=None, key="csp-16", version=1)
    Round.objects.bulk_create(
        Round(year=w.year, name=_title(i), matrix=matrix, deadline=date(2026, 11, 1))
        for i in range(start, start + count)
    )


def make_meetings(w: World, start: int, count: int) -> None:
    Meeting.objects.bulk_create(
        Meeting(partnership=w.partnership, title=_title(i), held_on=date(2026, 1, 1) + timedelta(i))
        for i in range(start, start + count)
    )


def make_groups(w: World, start: int, count: int) -> None:
    Group.objects.bulk_create(
        Group(
            partnership=w.partnership,
            name=_title(i),
            kind=Group.Kind.choices[0][0],
            chair=w.member("board_member"),
        )
        for i in range(start, start + count)
    )


def make_retention_runs(w: World, start: int, count: int) -> None:
    RetentionRun.objects.bulk_create(
        RetentionRun(
            partnership=w.partnership,
            run_on=date(2026, 1, 1) + timedelta(days=i),
            done=[{"count": 1, "what": _title(i)}],
        )
        for i in range(start, start + count)
    )


def make_plans(w: World, start: int, count: int) -> None:
    Plan.objects.bulk_create(
        Plan(partnership=w.partnership, year=w.year, version=i, summary=_title(i))
        for i in range(start, start + count)
    )


def make_people(w: World, start: int, count: int) -> None:
    for i in range(start, start + count):
        # "A ..." sorts before the cast, by first name as the table sorts.
        user = make_user(f"paged{i}@example.org", f"A Paged row {i:03d}", "Test")
        Membership.objects.create(
            user=user, partnership=w.partnership, role=Role.BOARD_MEMBER, accepted_at=timezone.now()
        )


def make_partnerships(w: World, start: int, count: int) -> None:
    """More partnerships for the admin, who chooses among them on the home page."""
    for i in range(start, start + count):
        other = Partnership.objects.create(
            name=_title(i), slug=f"paged-{i}", kind=Partnership.Kind.DISTRICT
        )
        Membership.objects.create(
            user=w.cast["admin"], partnership=other, role=Role.ADMIN, accepted_at=timezone.now()
        )


def make_escalations(w: World, start: int, count: int) -> None:
    """Priorities the county's districts escalate: the county sees them all."""
    Priority.objects.bulk_create(
        Priority(
            year=w.year,
            title=_title(i),
            position=i,
            escalate_to_county=True,
            escalated_at=timezone.now(),
        )
        for i in range(start, start + count)
    )


@dataclass
class Listing:
    name: str
    per_page: int
    url: Callable[[World], str]
    make: Callable[[World, int, int], None]
    role: str = "analyst"
    pattern: re.Pattern = ROW
    ahead: int = 0  # rows the page lists before the ones made here

    def fill(self, w: World, start: int, count: int) -> None:
        """Make rows so that the list holds ``count`` more in all."""
        self.make(w, start, count - (self.ahead if start == 1 else 0))

    def rows(self, response) -> set[str]:
        # The page's own list: the menu's partnership switcher is not part of it.
        main = response.content.decode().split('<main id="main"', 1)[1]
        return set(self.pattern.findall(main))


def _url(name: str, **kwargs) -> Callable[[World], str]:
    def build(w: World) -> str:
        extra = {key: value(w) for key, value in kwargs.items()}
        return reverse(name, kwargs={"slug": w.partnership.slug, **extra})

    return build


def _county_escalations(w: World) -> str:
    return reverse("priorities:escalations", kwargs={"slug": w.partnership.parent.slug})


LISTINGS = [
    Listing(
        "cycles:issue_list", 50, _url("cycles:issue_list", year_id=lambda w: w.year.pk), make_issues
    ),
    Listing("consultation:emerging", 25, _url("consultation:emerging"), make_emerging),
    Listing("consultation:rationales", 25, _url("consultation:rationales"), make_rationales),
    Listing("consultation:surveys", 25, _url("consultation:surveys"), make_surveys),
    Listing("analysis:index", 10, _url("analysis:index"), make_uploads),
    Listing("scoring:rounds", 25, _url("scoring:rounds"), make_rounds),
    Listing("priorities:meetings", 25, _url("priorities:meetings"), make_meetings),
    Listing("priorities:groups", 25, _url("priorities:groups"), make_groups),
    Listing(
        "priorities:you_said_list", 25, _url("priorities:you_said_list"), make_published_surveys
    ),
    Listing(
        "partnerships:retention",
        25,
        _url("partnerships:retention"),
        make_retention_runs,
        role="admin",
    ),
    Listing(
        "plans:index", 25, _url("plans:index"), make_plans, pattern=re.compile(r">Version \d+<")
    ),
    Listing("partnerships:people", 50, _url("partnerships:people"), make_people, role="admin"),
    # The admin's own partnership sorts before the ones made here.
    Listing("home", 25, lambda w: reverse("home"), make_partnerships, role="admin", ahead=1),
    Listing(
        "priorities:escalations",
        25,
        _county_escalations,
        make_escalations,
        role="county_admin",
    ),
]


@pytest.fixture
def viewer(world, client_as, county):
    def sign_in(listing: Listing):
        if listing.role == "county_admin":
            user = make_user("county@example.org", "Cara", "County")
            Membership.objects.create(
                user=user, partnership=county, role=Role.ADMIN, accepted_at=timezone.now()
            )
            return client_as(user)
        return client_as(world.cast[listing.role])

    return sign_in


def _ids(listing: Listing) -> str:
    return listing.name


@pytest.mark.parametrize("listing", LISTINGS, ids=_ids)
def test_page_one_holds_a_page_and_page_two_the_rest(listing, world, viewer):
    listing.fill(world, 1, listing.per_page + 3)
    client = viewer(listing)
    url = listing.url(world)
    first = client.get(url)
    second = client.get(url, {"page": 2})
    assert first.status_code == second.status_code == 200
    shown = listing.rows(first)
    assert len(shown) == listing.per_page - listing.ahead
    rest = listing.rows(second)
    assert len(rest) == 3
    assert not shown & rest
    text = first.content.decode()
    assert 'aria-label="Pagination"' in text
    assert "Page 1 of 2" in text and "Next" in text
    assert 'aria-current="page"' in text
    assert "Page 2 of 2" in second.content.decode() and "Previous" in second.content.decode()


@pytest.mark.parametrize("listing", LISTINGS, ids=_ids)
def test_a_list_that_fits_on_one_page_has_no_page_links(listing, world, viewer):
    listing.fill(world, 1, 2)
    response = viewer(listing).get(listing.url(world))
    assert response.status_code == 200
    assert len(listing.rows(response)) == 2 - listing.ahead
    assert 'aria-label="Pagination"' not in response.content.decode()


@pytest.mark.parametrize("listing", LISTINGS, ids=_ids)
def test_the_page_links_keep_the_other_query_parameters(listing, world, viewer):
    listing.fill(world, 1, listing.per_page * 2 + 1)
    response = viewer(listing).get(listing.url(world), {"page": 2, "keep": "this one"})
    text = response.content.decode()
    for number in (1, 3):
        assert f'href="?page={number}&amp;keep=this+one"' in text or (
            f'href="?keep=this+one&amp;page={number}"' in text
        )


BAD_PAGES = [("abc", 1), ("0", 1), ("-3", 1), ("99999", 2), ("", 1), ("2.5", 1), ("9" * 40, 2)]


@pytest.mark.parametrize("listing", LISTINGS, ids=_ids)
def test_a_bad_page_number_shows_the_nearest_page(listing, world, viewer):
    listing.fill(world, 1, listing.per_page + 3)
    client = viewer(listing)
    for asked, shown in BAD_PAGES:
        response = client.get(listing.url(world), {"page": asked})
        assert response.status_code == 200, asked
        assert f"Page {shown} of 2" in response.content.decode(), asked


@pytest.mark.parametrize("listing", LISTINGS, ids=_ids)
def test_the_queries_a_page_takes_do_not_grow_with_the_rows(listing, world, viewer):
    client = viewer(listing)
    url = listing.url(world)
    listing.fill(world, 1, listing.per_page)
    client.get(url)  # the session and any first-visit work, out of the count
    with CaptureQueriesContext(connection) as one_page:
        assert client.get(url).status_code == 200
    listing.fill(world, listing.per_page + 1, listing.per_page * 2)
    with CaptureQueriesContext(connection) as three_pages:
        response = client.get(url)
    assert re.search(r"Page 1 of [34]<", response.content.decode())
    assert len(three_pages) == len(one_page), [q["sql"] for q in three_pages.captured_queries]


def test_the_long_list_filter_survives_paging(world, client_as):
    make_issues(world, 1, 130)  # 65 on the serious violence strand
    url = reverse("cycles:issue_list", kwargs={"slug": SLUG, "year_id": world.year.pk})
    response = client_as(world.cast["analyst"]).get(url, {"strand": "serious-violence"})
    text = response.content.decode()
    assert "Page 1 of 2" in text
    assert 'href="?strand=serious-violence&amp;page=2"' in text
    second = client_as(world.cast["analyst"]).get(url, {"strand": "serious-violence", "page": 2})
    assert len(ROW.findall(second.content.decode())) == 15


def test_the_people_table_pages_after_sorting(world, client_as):
    make_people(world, 1, 60)
    url = reverse("partnerships:people", kwargs={"slug": SLUG})
    response = client_as(world.cast["admin"]).get(url, {"sort": "-name", "page": 2})
    text = response.content.decode()
    assert "Page 2 of 2" in text
    assert 'href="?sort=-name&amp;page=1"' in text
    # Last names first: the second page holds the alphabetically first ones.
    assert "Paged row 001" in text and "Paged row 060" not in text
    assert len(ROW.findall(text.split('<main id="main"')[1])) == 14


@pytest.mark.parametrize(
    "raw, pages, expected",
    [("3", 5, 3), ("abc", 5, 1), (None, 5, 1), ("0", 5, 1), ("-1", 5, 1), ("9" * 30, 5, 5)],
)
def test_page_number_reads_the_nearest_page(raw, pages, expected):
    assert page_number(raw, pages) == expected


def test_a_groups_meetings_page(world, client_as):
    group = Group.objects.create(
        partnership=world.partnership, name="Community safety group", kind=Group.Kind.choices[0][0]
    )
    Meeting.objects.bulk_create(
        Meeting(
            partnership=world.partnership,
            group=group,
            title=_title(i),
            held_on=date(2026, 1, 1) + timedelta(i),
        )
        for i in range(1, 29)
    )
    url = reverse("priorities:group", kwargs={"slug": SLUG, "group_id": group.pk})
    client = client_as(world.cast["analyst"])
    first, second = client.get(url), client.get(url, {"page": 2})
    main = [r.content.decode().split('<main id="main"')[1] for r in (first, second)]
    assert len(set(ROW.findall(main[0]))) == 25 and len(set(ROW.findall(main[1]))) == 3
    assert "Page 2 of 2" in main[1]
    assert client.get(url, {"page": "abc"}).status_code == 200
