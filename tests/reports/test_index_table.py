"""Each year's reports drawn as a table of their own: it sorts by a column without
moving the other years' tables, keeps its caption, and a year without reports says so."""

from django.urls import reverse
from django.utils import timezone

from cycles.services import create_cycle_from_template
from reports import services
from reports.models import RenderRun, Report
from tests.list_queries import assert_queries_stay_flat

SLUG = "central-bedfordshire"


def test_a_years_reports_sort_by_kind_and_an_empty_year_says_so(client_as, cast, partnership):
    year = create_cycle_from_template(
        partnership=partnership, template_key="annual", start_year=2026
    ).years.get()
    client = client_as(cast["board_member"])
    url = reverse("reports:index", kwargs={"slug": SLUG})
    assert "<p>No reports for this year yet.</p>" in client.get(url).content.decode()

    full = services.create_report(year=year, kind=Report.Kind.FULL)
    public = services.create_report(year=year, kind=Report.Kind.PUBLIC)
    sort = f"y{year.pk}-sort"
    ascending = client.get(url, {sort: "kind"}).content.decode()
    descending = client.get(url, {sort: "-kind"}).content.decode()
    assert ascending.index(f">{full.title}</a>") < ascending.index(f">{public.title}</a>")
    assert descending.index(f">{public.title}</a>") < descending.index(f">{full.title}</a>")
    assert f"Reports for {year.label}</caption>" in ascending
    assert f'href="?{sort}=-kind"' in ascending
    assert "<td >None yet</td>" in ascending


def test_the_reports_queries_do_not_grow_with_reports(client_as, cast, partnership, member):
    years = list(
        create_cycle_from_template(
            partnership=partnership, template_key="four-year", start_year=2026
        ).years.order_by("number")
    )
    kinds = [Report.Kind.FULL, Report.Kind.PUBLIC]

    def add(start, count):
        for n in range(start, start + count):
            report = services.create_report(year=years[(n - 1) // 2], kind=kinds[n % 2])
            if n % 2:
                RenderRun.objects.create(
                    report=report,
                    version=1,
                    requested_by=member(cast["analyst"]),
                    requested_at=timezone.now(),
                    status=RenderRun.Status.DONE,
                )

    url = reverse("reports:index", kwargs={"slug": SLUG})
    assert_queries_stay_flat(client_as(cast["board_member"]), url, add)
