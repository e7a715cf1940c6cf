"""The data sources register and the information-sharing agreements: who may see and
change them, what bad input is told, edits that collide, deliveries, the signed
document, and what the dashboard shows."""

import io
import zipfile
from datetime import date, timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError
from django.urls import reverse
from django.utils import timezone

from analysis import dashboard, source_services
from analysis.models import Dataset
from analysis.source_models import DataSource, SharingAgreement, SourceReceipt
from cycles.dashboard import waiting_for
from partnerships.models import Agency, Membership
from tests.commit_refused import commit_refused, files_under
from tests.edit_clash import seen_stamp

SLUG = "central-bedfordshire"
MANAGERS = {"admin", "analyst"}
ROLES = ["admin", "analyst", "theme_specialist", "board_member"]
# Review dates are counted from today: a fixed date would fall into the past.
REVIEW = timezone.localdate() + timedelta(days=120)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


@pytest.fixture
def health(partnership):
    return Agency.objects.create(
        partnership=partnership, name="Bedfordshire NHS", type=Agency.Type.HEALTH
    )


@pytest.fixture
def agreement(partnership, police, council):
    return source_services.add_agreement(
        partnership=partnership,
        title="Community safety data sharing",
        parties=[police, council],
        purpose="Quarterly sharing of prescribed information.",
        lawful_basis=SharingAgreement.LawfulBasis.PUBLIC_TASK,
        signed_on=date(2025, 4, 1),
        review_on=REVIEW,
        status=SharingAgreement.Status.SIGNED,
    )


@pytest.fixture
def source(partnership, health, agreement, cast):
    return source_services.add_source(
        partnership=partnership,
        name="Drug and alcohol treatment",
        agency=health,
        agreement=agreement,
        themes=["substance_misuse"],
        prescribed=True,
    )


def _member(user, partnership):
    return Membership.objects.get(user=user, partnership=partnership)


def _url(name, **kwargs):
    return reverse(f"analysis:{name}", kwargs={"slug": SLUG, **kwargs})


# Access: allowed, forbidden (403) and another partnership (404) for every page ------


def _pages(source, agreement):
    return [
        ("sources", {}, set(ROLES)),
        ("source_new", {}, MANAGERS),
        ("source", {"source_id": source.pk}, set(ROLES)),
        ("source_edit", {"source_id": source.pk}, MANAGERS),
        ("receipt_new", {"source_id": source.pk}, MANAGERS),
        ("agreement_new", {}, MANAGERS),
        ("agreement", {"agreement_id": agreement.pk}, set(ROLES)),
        ("agreement_edit", {"agreement_id": agreement.pk}, MANAGERS),
    ]


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_the_pages_its_rules_allow(client_as, cast, source, agreement, role):
    client = client_as(cast[role])
    for name, kwargs, allowed in _pages(source, agreement):
        status = client.get(_url(name, **kwargs)).status_code
        assert status == (200 if role in allowed else 403), (name, role, status)


def test_a_member_of_another_partnership_finds_nothing(client_as, cast, source, agreement):
    client = client_as(cast["outsider"])
    for name, kwargs, _ in _pages(source, agreement):
        assert client.get(_url(name, **kwargs)).status_code == 404, name
    assert client.get(_url("agreement_document", agreement_id=agreement.pk)).status_code == 404


def test_another_partnerships_source_is_not_found_under_its_own_slug(
    client_as, cast, source, other_partnership
):
    other_agency = Agency.objects.create(
        partnership=other_partnership, name="Luton Police", type=Agency.Type.POLICE
    )
    theirs = source_services.add_source(
        partnership=other_partnership, name="Luton crime", agency=other_agency, themes=["crime"]
    )
    client = client_as(cast["analyst"])
    assert client.get(_url("source", source_id=theirs.pk)).status_code == 404


def test_a_sources_owner_may_record_its_deliveries_though_not_an_analyst(
    client_as, cast, source, partnership
):
    source.owner = _member(cast["board_member"], partnership)
    source.save()
    client = client_as(cast["board_member"])
    page = client.get(_url("source", source_id=source.pk)).content.decode()
    assert "Record a delivery" in page and "Change the source" not in page
    response = client.post(
        _url("receipt_new", source_id=source.pk),
        {"received_on": "2026-10-10", "period_start": "2026-07-01", "period_end": "2026-09-30"},
    )
    assert response.status_code == 302
    assert SourceReceipt.objects.get().recorded_by.user == cast["board_member"]


def test_the_register_offers_changes_only_to_those_who_may_make_them(client_as, cast, source):
    page = client_as(cast["theme_specialist"]).get(_url("sources")).content.decode()
    assert source.name in page
    assert "Add a data source" not in page and "Add an agreement" not in page
    page = client_as(cast["analyst"]).get(_url("sources")).content.decode()
    assert "Add a data source" in page and "Add an agreement" in page


# Adding and changing sources ------------------------------------------------------


def test_the_analyst_adds_a_source_linked_to_an_imported_dataset(
    client_as, cast, partnership, police, agreement
):
    dataset = Dataset.objects.create(
        partnership=partnership, kind=Dataset.Kind.POLICE_STREET, name="Police recorded crime"
    )
    response = client_as(cast["analyst"]).post(
        _url("source_new"),
        {
            "name": "Police recorded crime",
            "agency": police.pk,
            "agreement": agreement.pk,
            "dataset": dataset.pk,
            "themes": ["crime", "asb"],
            "prescribed": "on",
            "frequency": "3",
            "reliability": "good",
            "reliability_note": "Street-level locations are approximate.",
        },
    )
    saved = DataSource.objects.get()
    assert response.status_code == 302 and response["Location"] == saved.get_absolute_url()
    assert saved.themes == ["crime", "asb"] and saved.dataset == dataset and saved.prescribed
    assert saved.frequency == 3 and saved.history.count() == 1


def test_a_source_without_themes_or_with_a_taken_name_is_refused(client_as, cast, source, health):
    client = client_as(cast["analyst"])
    data = {"name": "New", "agency": health.pk, "frequency": "3", "reliability": "fair"}
    response = client.post(_url("source_new"), data)
    assert response.status_code == 200
    assert "Choose at least one thing the source covers." in response.content.decode()
    response = client.post(
        _url("source_new"), {**data, "name": "drug and alcohol treatment", "themes": ["crime"]}
    )
    assert "The register already has a source called drug and alcohol treatment." in (
        response.content.decode()
    )
    assert DataSource.objects.count() == 1


def test_a_source_cannot_point_at_another_partnerships_agency(
    source, other_partnership, partnership
):
    other_agency = Agency.objects.create(
        partnership=other_partnership, name="Luton Police", type=Agency.Type.POLICE
    )
    with pytest.raises(Exception, match="this partnership"):
        source_services.add_source(
            partnership=partnership, name="Borrowed", agency=other_agency, themes=["crime"]
        )


def _edit_data(source, **changes):
    data = {
        "name": source.name,
        "agency": source.agency_id,
        "themes": source.themes,
        "frequency": str(source.frequency),
        "reliability": source.reliability,
        "reliability_note": "",
    }
    return {**data, **changes}


def test_an_edit_is_saved_with_its_history(client_as, cast, source):
    client = client_as(cast["analyst"])
    page = client.get(_url("source_edit", source_id=source.pk)).content.decode()
    seen = seen_stamp(page)
    response = client.post(
        _url("source_edit", source_id=source.pk),
        _edit_data(source, seen=seen, reliability="poor", themes=["substance_misuse", "crime"]),
    )
    assert response.status_code == 302
    source.refresh_from_db()
    assert source.reliability == "poor" and source.themes == ["crime", "substance_misuse"]
    page = client.get(source.get_absolute_url()).content.decode()
    assert "History" in page and "Poor: use with caution" in page


def test_a_second_edit_of_the_same_version_is_refused_not_overwritten(client_as, cast, source):
    client = client_as(cast["analyst"])
    page = client.get(_url("source_edit", source_id=source.pk)).content.decode()
    seen = seen_stamp(page)
    first = client.post(
        _url("source_edit", source_id=source.pk), _edit_data(source, seen=seen, reliability="good")
    )
    assert first.status_code == 302
    second = client.post(
        _url("source_edit", source_id=source.pk), _edit_data(source, seen=seen, reliability="poor")
    )
    assert second.status_code == 200
    assert "after you opened it" in second.content.decode()
    source.refresh_from_db()
    assert source.reliability == "good"


# Deliveries ------------------------------------------------------------------------


def test_a_delivery_moves_the_source_on_and_an_older_one_does_not(source, cast, partnership):
    by = _member(cast["analyst"], partnership)
    source_services.record_receipt(
        source=source,
        received_on=date(2026, 10, 12),
        period_start=date(2026, 7, 1),
        period_end=date(2026, 9, 30),
        recorded_by=by,
    )
    source.refresh_from_db()
    assert source.period_end == date(2026, 9, 30) and source.last_received_on == date(2026, 10, 12)
    source_services.record_receipt(
        source=source,
        received_on=date(2026, 10, 20),
        period_start=date(2026, 4, 1),
        period_end=date(2026, 6, 30),
    )
    source.refresh_from_db()
    assert source.period_end == date(2026, 9, 30) and source.receipts.count() == 2


def test_a_delivery_with_impossible_dates_is_refused_and_nothing_changes(client_as, cast, source):
    response = client_as(cast["analyst"]).post(
        _url("receipt_new", source_id=source.pk),
        {"received_on": "2026-10-10", "period_start": "2026-09-30", "period_end": "2026-07-01"},
    )
    assert response.status_code == 200
    assert "The period must end on or after the day it starts." in response.content.decode()
    future = (timezone.localdate() + timedelta(days=3)).isoformat()
    response = client_as(cast["analyst"]).post(
        _url("receipt_new", source_id=source.pk),
        {"received_on": future, "period_start": "2026-07-01", "period_end": "2026-09-30"},
    )
    assert "The date received cannot be in the future." in response.content.decode()
    assert not SourceReceipt.objects.exists()
    source.refresh_from_db()
    assert source.period_end is None


def test_a_period_ending_after_the_delivery_is_refused_and_nothing_changes(client_as, cast, source):
    response = client_as(cast["analyst"]).post(
        _url("receipt_new", source_id=source.pk),
        {"received_on": "2026-01-10", "period_start": "2025-10-01", "period_end": "2026-12-31"},
    )
    assert response.status_code == 200
    assert "The period cannot end after the day the data was received." in response.content.decode()
    assert not SourceReceipt.objects.exists()
    source.refresh_from_db()
    assert source.period_end is None


@pytest.mark.parametrize("far", [date(9999, 12, 31), date(1, 1, 1)])
def test_a_stored_delivery_with_a_far_date_breaks_no_page(client_as, cast, source, agreement, far):
    # Saved before the form refused such periods: the pages that read it still open.
    DataSource.objects.filter(pk=source.pk).update(
        period_start=far, period_end=far, last_received_on=far
    )
    SourceReceipt.objects.create(source=source, received_on=far, period_start=far, period_end=far)
    SharingAgreement.objects.filter(pk=agreement.pk).update(review_on=far)
    client = client_as(cast["analyst"])
    for url in [
        _url("sources"),
        _url("source", source_id=source.pk),
        _url("agreement", agreement_id=agreement.pk),
        reverse("cycles:dashboard", kwargs={"slug": SLUG}),
    ]:
        assert client.get(url).status_code == 200, url


# Agreements and the signed document -----------------------------------------------


def _agreement_data(police, council, **changes):
    data = {
        "title": "Health data sharing",
        "parties": [police.pk, council.pk],
        "purpose": "Hospital admissions for the strategic assessment.",
        "lawful_basis": "public_task",
        "gateway": "s115",
        "status": "signed",
        "signed_on": "2026-02-01",
        "review_on": REVIEW.isoformat(),
    }
    return {**data, **changes}


def test_the_analyst_adds_an_agreement_with_its_signed_pdf_and_members_download_it(
    client_as, cast, police, council
):
    client = client_as(cast["analyst"])
    data = _agreement_data(police, council)
    data["document"] = SimpleUploadedFile("signed.pdf", PDF, content_type="application/pdf")
    response = client.post(_url("agreement_new"), data)
    saved = SharingAgreement.objects.get()
    assert response.status_code == 302 and saved.document
    assert set(saved.parties.all()) == {police, council}
    download = client_as(cast["board_member"]).get(
        _url("agreement_document", agreement_id=saved.pk)
    )
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF


def test_a_word_document_is_accepted(client_as, cast, police, council):
    data = _agreement_data(police, council)
    data["document"] = SimpleUploadedFile("signed.docx", _docx())
    assert client_as(cast["analyst"]).post(_url("agreement_new"), data).status_code == 302


@pytest.mark.parametrize(
    "name,content",
    [("signed.pdf", b"MZ\x90\x00 not a pdf at all"), ("signed.docx", b"PK\x03\x04broken")],
)
def test_a_file_that_is_not_a_pdf_or_word_document_is_refused(
    client_as, cast, police, council, name, content
):
    data = _agreement_data(police, council)
    data["document"] = SimpleUploadedFile(name, content)
    response = client_as(cast["analyst"]).post(_url("agreement_new"), data)
    assert response.status_code == 200
    assert "must be a PDF or a Word (.docx) file" in response.content.decode()
    assert not SharingAgreement.objects.exists()


def test_a_document_over_ten_megabytes_is_refused(client_as, cast, police, council):
    data = _agreement_data(police, council)
    data["document"] = SimpleUploadedFile("big.pdf", PDF + b"0" * (10 * 1024 * 1024))
    response = client_as(cast["analyst"]).post(_url("agreement_new"), data)
    assert "The document must be 10 MB or smaller." in response.content.decode()
    assert not SharingAgreement.objects.exists()


def test_an_agreement_needs_two_parties_and_a_signed_date_when_signed(
    client_as, cast, police, council
):
    client = client_as(cast["analyst"])
    response = client.post(
        _url("agreement_new"), _agreement_data(police, council, parties=[police.pk])
    )
    assert "An agreement needs at least two parties." in response.content.decode()
    response = client.post(_url("agreement_new"), _agreement_data(police, council, signed_on=""))
    assert "Give the date it was signed, or mark it a draft." in response.content.decode()
    response = client.post(
        _url("agreement_new"), _agreement_data(police, council, review_on="2025-01-01")
    )
    assert "The review date must be after the date signed." in response.content.decode()
    assert not SharingAgreement.objects.exists()


@pytest.mark.parametrize(
    "changes,message",
    [
        ({"review_on": "2005-01-01"}, "The review date must be after the date signed."),
        (
            {"status": "draft", "signed_on": "", "review_on": "2005-01-01"},
            "The review date cannot be in the past.",
        ),
        (
            {"review_on": (timezone.localdate() - timedelta(days=1)).isoformat()},
            "The review date cannot be in the past.",
        ),
        ({"review_on": "2090-12-31"}, "The review date must be within 5 years from today"),
        ({"review_on": "9999-12-31"}, "Enter a date from 1 January 1998 to 31 December 2099."),
        ({"review_on": "0001-01-01"}, "Enter a date from 1 January 1998 to 31 December 2099."),
    ],
)
def test_an_absurd_review_date_is_refused_on_the_field(
    client_as, cast, police, council, changes, message
):
    response = client_as(cast["analyst"]).post(
        _url("agreement_new"), _agreement_data(police, council, **changes)
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not SharingAgreement.objects.exists()


def test_a_review_date_five_years_ahead_is_the_furthest_allowed(client_as, cast, police, council):
    today = timezone.localdate()
    latest = source_services.source_rules.latest_review(today)
    client = client_as(cast["analyst"])
    late = _agreement_data(police, council, review_on=(latest + timedelta(days=1)).isoformat())
    response = client.post(_url("agreement_new"), late)
    assert f"by {latest.day} {latest:%B} {latest.year} at the latest" in response.content.decode()
    ok = _agreement_data(police, council, review_on=latest.isoformat())
    assert client.post(_url("agreement_new"), ok).status_code == 302
    assert SharingAgreement.objects.get().review_on == latest


def test_a_signed_date_in_the_future_is_refused_but_a_stored_one_may_be_kept(
    client_as, cast, agreement, police, council
):
    client = client_as(cast["analyst"])
    tomorrow = timezone.localdate() + timedelta(days=1)
    future = _agreement_data(police, council, title="Later", signed_on=tomorrow.isoformat())
    response = client.post(_url("agreement_new"), future)
    assert response.status_code == 200
    assert "The date signed cannot be in the future." in response.content.decode()
    assert not SharingAgreement.objects.filter(title="Later").exists()
    # One stored before the rule came in stays as it is when other fields change.
    SharingAgreement.objects.filter(pk=agreement.pk).update(signed_on=tomorrow)
    kept = _agreement_edit(client, agreement, police, council, signed_on=tomorrow.isoformat())
    assert kept.status_code == 302
    agreement.refresh_from_db()
    assert agreement.signed_on == tomorrow and agreement.purpose.startswith("Hospital")


def _agreement_edit(client, agreement, police, council, **changes):
    url = _url("agreement_edit", agreement_id=agreement.pk)
    seen = seen_stamp(client.get(url).content.decode())
    data = _agreement_data(police, council, title=agreement.title, seen=seen, **changes)
    return client.post(url, data)


def test_an_overdue_review_date_may_be_kept_but_not_moved_into_the_past(
    client_as, cast, agreement, police, council
):
    overdue = timezone.localdate() - timedelta(days=3)
    SharingAgreement.objects.filter(pk=agreement.pk).update(review_on=overdue)
    client = client_as(cast["analyst"])
    earlier = (overdue - timedelta(days=1)).isoformat()
    response = _agreement_edit(client, agreement, police, council, review_on=earlier)
    assert "The review date cannot be in the past." in response.content.decode()
    agreement.refresh_from_db()
    assert agreement.review_on == overdue and agreement.purpose.startswith("Quarterly")
    kept = _agreement_edit(client, agreement, police, council, review_on=overdue.isoformat())
    assert kept.status_code == 302
    agreement.refresh_from_db()
    assert agreement.review_on == overdue and agreement.purpose.startswith("Hospital")


def test_an_agreement_without_a_document_has_nothing_to_download(client_as, cast, agreement):
    response = client_as(cast["analyst"]).get(_url("agreement_document", agreement_id=agreement.pk))
    assert response.status_code == 404


# The dashboard ------------------------------------------------------------------


def test_an_overdue_source_shows_to_those_who_keep_the_register_and_its_owner(
    source, cast, partnership
):
    today = timezone.localdate()
    source_services.record_receipt(
        source=source,
        received_on=date(2025, 4, 10),
        period_start=date(2025, 1, 1),
        period_end=date(2025, 3, 31),
    )
    analyst = _member(cast["analyst"], partnership)
    board = _member(cast["board_member"], partnership)
    items = dashboard.sources_overdue(analyst, today)
    assert [i.title for i in items] == ["Drug and alcohol treatment (Bedfordshire NHS)"]
    assert items[0].due_on == date(2025, 9, 30) and "31 March 2025" in items[0].detail
    assert dashboard.sources_overdue(board, today) == []
    DataSource.objects.filter(pk=source.pk).update(owner=board)
    assert len(dashboard.sources_overdue(board, today)) == 1
    groups = {g.kind: g for g in waiting_for(analyst, today)}
    assert groups["Data sources to chase"].overdue_count == 1


def test_a_source_in_date_is_not_on_the_dashboard(source, cast, partnership):
    today = timezone.localdate()
    source_services.record_receipt(
        source=source, received_on=today, period_start=today - timedelta(days=80), period_end=today
    )
    assert dashboard.sources_overdue(_member(cast["analyst"], partnership), today) == []


def test_an_agreement_shows_from_thirty_days_before_its_review_and_once(
    agreement, cast, partnership
):
    analyst = _member(cast["analyst"], partnership)
    review = agreement.review_on
    assert dashboard.agreements_for_review(analyst, review - timedelta(days=31)) == []
    soon = dashboard.agreements_for_review(analyst, review - timedelta(days=30))
    assert [i.title for i in soon] == ["Community safety data sharing"]
    late = {g.kind: g for g in waiting_for(analyst, review + timedelta(days=1))}
    group = late["Information-sharing agreements to review"]
    assert len(group.items) == 1 and group.overdue_count == 1
    board = _member(cast["board_member"], partnership)
    assert dashboard.agreements_for_review(board, review) == []
    agreement.status = SharingAgreement.Status.ENDED
    agreement.save()
    assert dashboard.agreements_for_review(analyst, review) == []


def test_the_dashboard_providers_run_a_fixed_number_of_queries(
    django_assert_num_queries, source, agreement, cast, partnership, health
):
    for n in range(3):
        source_services.add_source(
            partnership=partnership, name=f"Extra {n}", agency=health, themes=["crime"]
        )
    analyst = Membership.objects.select_related("partnership").get(
        user=cast["analyst"], partnership=partnership
    )
    with django_assert_num_queries(1):
        dashboard.sources_overdue(analyst, date(2030, 1, 1))
    with django_assert_num_queries(1):
        dashboard.agreements_for_review(analyst, date(2030, 1, 1))


def test_an_agreement_whose_commit_fails_leaves_no_document_behind(
    transactional_db, partnership, police, council, media_in_tmp
):
    with commit_refused(SharingAgreement), pytest.raises(DatabaseError):
        source_services.add_agreement(
            partnership=partnership,
            title="Health data sharing",
            parties=[police, council],
            purpose="Hospital admissions for the strategic assessment.",
            lawful_basis=SharingAgreement.LawfulBasis.PUBLIC_TASK,
            document=ContentFile(PDF, name="signed.pdf"),
        )
    assert not SharingAgreement.objects.exists()
    assert files_under(media_in_tmp) == []
