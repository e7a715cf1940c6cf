"""The analysis lists drawn as tables: datasets, uploads, a dataset's months, the data
sources register and the agreements sort by a column, keep their caption (and the
register's named scrolling region), and still say when they are empty."""

from datetime import date, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from analysis import source_services
from analysis.models import Dataset, MonthlyCount, Upload
from analysis.source_models import SharingAgreement
from tests.list_queries import assert_queries_stay_flat

SLUG = "central-bedfordshire"


def _order(text: str, *names: str) -> list[str]:
    return sorted(names, key=text.index)


def _page(client, name: str, kwargs=None, **params) -> str:
    url = reverse(f"analysis:{name}", kwargs={"slug": SLUG, **(kwargs or {})})
    return client.get(url, params).content.decode()


def test_the_datasets_and_uploads_sort_each_on_their_own(client_as, cast, partnership, member):
    client = client_as(cast["analyst"])
    empty = _page(client, "index")
    assert "<p>No data has been imported yet. Upload the monthly street-level files" in empty
    assert "<p>No uploads yet.</p>" in empty
    for name in ["Youth offending", "Ambulance call-outs"]:
        dataset = Dataset.objects.create(
            partnership=partnership, name=name, kind=Dataset.Kind.PARTNER
        )
        Upload.objects.create(
            dataset=dataset, uploaded_by=member(cast["analyst"]), files=[{"name": f"{name}.csv"}]
        )
    names = ("Youth offending", "Ambulance call-outs")
    by_name = _page(client, "index", sort="name").split('id="uploads-heading"')
    assert _order(by_name[0], *names) == ["Ambulance call-outs", "Youth offending"]
    assert f"Datasets of {partnership.name} and the months they cover</caption>" in by_name[0]
    assert "No months imported" in by_name[0]
    uploads = [f"{name}.csv" for name in names]
    by_dataset = _page(client, "index", **{"uploads-sort": "-dataset"})
    datasets_part, uploads_part = by_dataset.split('id="uploads-heading"')
    assert _order(uploads_part, *uploads) == ["Youth offending.csv", "Ambulance call-outs.csv"]
    assert 'aria-sort="descending"' not in datasets_part
    ascending = _page(client, "index", **{"uploads-sort": "dataset"}).split('id="uploads-heading"')
    assert _order(ascending[1], *uploads) == ["Ambulance call-outs.csv", "Youth offending.csv"]
    assert "Uploads of police and partner data</caption>" in ascending[1]


def test_the_uploads_list_newest_first_until_the_reader_sorts_it(
    client_as, cast, partnership, member
):
    dataset = Dataset.objects.create(
        partnership=partnership, name="Youth offending", kind=Dataset.Kind.PARTNER
    )
    # Made out of order, so the list follows when each came in, not the order they were saved.
    for name, day in [("middle.csv", 2), ("newest.csv", 3), ("oldest.csv", 1)]:
        upload = Upload.objects.create(
            dataset=dataset, uploaded_by=member(cast["analyst"]), files=[{"name": name}]
        )
        Upload.objects.filter(pk=upload.pk).update(
            created_at=timezone.make_aware(datetime(2026, 5, day, 9, 0))
        )
    names = ("oldest.csv", "middle.csv", "newest.csv")
    client = client_as(cast["analyst"])
    unsorted = _page(client, "index").split('id="uploads-heading"')[1]
    assert _order(unsorted, *names) == ["newest.csv", "middle.csv", "oldest.csv"]
    assert "aria-sort" not in unsorted
    oldest_first = _page(client, "index", **{"uploads-sort": "created_at"})
    assert _order(oldest_first.split('id="uploads-heading"')[1], *names) == list(names)


@pytest.fixture
def dataset(partnership):
    dataset = Dataset.objects.create(
        partnership=partnership, name="Youth offending", kind=Dataset.Kind.PARTNER
    )
    district = partnership.districts.get()
    for month, count in [(date(2026, 1, 1), 1200), (date(2026, 2, 1), 30)]:
        MonthlyCount.objects.create(
            dataset=dataset, month=month, district=district, category="Offences", count=count
        )
    return dataset


def test_a_datasets_months_sort_by_rows_and_only_removers_get_the_link(client_as, cast, dataset):
    kwargs = {"dataset_id": dataset.pk}
    analyst = client_as(cast["analyst"])
    newest_first = _page(analyst, "months", kwargs)
    assert _order(newest_first, "January 2026", "February 2026") == [
        "February 2026",
        "January 2026",
    ]
    by_rows = _page(analyst, "months", kwargs, sort="rows")
    assert _order(by_rows, "January 2026", "February 2026") == ["February 2026", "January 2026"]
    by_rows_descending = _page(analyst, "months", kwargs, sort="-rows")
    assert _order(by_rows_descending, "January 2026", "February 2026") == [
        "January 2026",
        "February 2026",
    ]
    assert '<th scope="row" >January 2026</th>' in by_rows
    assert '<td class="text-end">1,200</td>' in by_rows
    assert "Months with data</caption>" in by_rows
    assert ">Remove<span" in by_rows
    board = _page(client_as(cast["board_member"]), "months", kwargs)
    assert ">Remove<span" not in board and ">Action</span>" not in board

    MonthlyCount.objects.all().delete()
    assert "<p>This dataset holds no months.</p>" in _page(analyst, "months", kwargs)


def test_the_register_and_agreements_sort_each_on_their_own(
    client_as, cast, partnership, police, council
):
    client = client_as(cast["analyst"])
    empty = _page(client, "sources")
    assert "<p>The register is empty. Add the sources partners share" in empty
    assert "<p>No agreements recorded yet.</p>" in empty
    for title in ["Youth justice sharing", "Community safety data sharing"]:
        source_services.add_agreement(
            partnership=partnership,
            title=title,
            parties=[police, council],
            purpose="Quarterly sharing.",
            lawful_basis=SharingAgreement.LawfulBasis.PUBLIC_TASK,
        )
    for name in ["Police recorded crime", "Council ASB reports"]:
        source_services.add_source(
            partnership=partnership, name=name, agency=police, themes=["substance_misuse"]
        )
    register, agreements = _page(client, "sources", sort="-source").split('id="agreements-heading"')
    assert _order(register, "Police recorded crime", "Council ASB reports") == [
        "Police recorded crime",
        "Council ASB reports",
    ]
    assert 'role="region" aria-label="Table of data sources"' in register
    assert "Data sources, who provides them and when they last came in</caption>" in register
    assert "Never received" in register
    titles = ("Youth justice sharing", "Community safety data sharing")
    sorted_agreements = _page(client, "sources", **{"agreements-sort": "agreement"})
    register, agreements = sorted_agreements.split('id="agreements-heading"')
    assert _order(agreements, *titles) == list(reversed(titles))
    assert 'aria-label="Table of information-sharing agreements"' in agreements
    assert "Not set" in agreements
    assert "aria-sort" not in register


# The queries each list takes do not grow with its rows, sorted or not.


def test_the_analysis_page_queries_do_not_grow_with_datasets_and_uploads(
    client_as, cast, partnership, member
):
    district = partnership.districts.get()

    def add(start, count):
        for n in range(start, start + count):
            dataset = Dataset.objects.create(
                partnership=partnership, name=f"Dataset {n}", kind=Dataset.Kind.PARTNER
            )
            MonthlyCount.objects.create(
                dataset=dataset, month=date(2026, n, 1), district=district, category="A", count=n
            )
            Upload.objects.create(
                dataset=dataset,
                uploaded_by=member(cast["analyst"]) if n % 2 else None,
                files=[{"name": f"upload-{n}.csv"}],
                files_deleted_on=date(2026, 6, 1) if n % 3 == 0 else None,
            )

    url = reverse("analysis:index", kwargs={"slug": SLUG})
    assert_queries_stay_flat(client_as(cast["analyst"]), url, add, tables=2)


def test_a_datasets_months_queries_do_not_grow_with_months(client_as, cast, partnership, member):
    dataset = Dataset.objects.create(
        partnership=partnership, name="Youth offending", kind=Dataset.Kind.PARTNER
    )
    district = partnership.districts.get()

    def add(start, count):
        for n in range(start, start + count):
            month = date(2026, n, 1)
            MonthlyCount.objects.create(
                dataset=dataset, month=month, district=district, category="A", count=n
            )
            if n % 2:  # the others' upload is unknown
                Upload.objects.create(
                    dataset=dataset,
                    uploaded_by=member(cast["analyst"]),
                    status=Upload.Status.DONE,
                    finished_at=timezone.now(),
                    months=[f"{month:%Y-%m}"],
                    month_warnings=["2025-12"] if n % 3 == 0 else [],
                )

    url = reverse("analysis:months", kwargs={"slug": SLUG, "dataset_id": dataset.pk})
    assert_queries_stay_flat(client_as(cast["analyst"]), url, add)


def test_the_sources_page_queries_do_not_grow_with_sources_and_agreements(
    client_as, cast, partnership, police, council, member
):
    def add(start, count):
        for n in range(start, start + count):
            agreement = source_services.add_agreement(
                partnership=partnership,
                title=f"Agreement {n}",
                parties=[police, council],
                purpose="Quarterly sharing.",
                lawful_basis=SharingAgreement.LawfulBasis.PUBLIC_TASK,
            )
            if n % 2:  # some reviews long past, set as stored before the form refused them
                review = date(2026, 1, 1) + timedelta(days=60 * n)
                SharingAgreement.objects.filter(pk=agreement.pk).update(review_on=review)
            dataset = Dataset.objects.create(
                partnership=partnership, name=f"Dataset {n}", kind=Dataset.Kind.PARTNER
            )
            source = source_services.add_source(
                partnership=partnership,
                name=f"Source {n}",
                agency=[police, council][n % 2],
                owner=member(cast["analyst"]) if n % 2 else None,
                agreement=agreement,
                dataset=dataset,
                prescribed=n % 2 == 0,
                themes=["substance_misuse"],
            )
            if n % 2:
                source_services.record_receipt(
                    source=source,
                    received_on=date(2026, 4, 10),
                    period_start=date(2026, 1, 1),
                    period_end=date(2026, 3, 31),
                )

    url = reverse("analysis:sources", kwargs={"slug": SLUG})
    assert_queries_stay_flat(client_as(cast["analyst"]), url, add, tables=2)
