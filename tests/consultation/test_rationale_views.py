"""Rationale pages: request, write, attach, review; bad files re-display with a message."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError, connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from consultation import rules
from consultation.models import RationaleAttachment, RationaleDocument
from consultation.services import rationales
from cycles.models import Theme
from tests.commit_refused import commit_refused, files_under

from .conftest import PDF, SECTIONS, docx_bytes

SLUG = "central-bedfordshire"


def test_the_analyst_requests_a_rationale(client_as, cast, year, issues, member):
    response = client_as(cast["analyst"]).post(
        reverse("consultation:rationale_request", args=[SLUG, year.pk]),
        {
            "issue": issues[0].pk,
            "specialist": member(cast["theme_specialist"]).pk,
            "due_on": "2026-10-09",
            "message": "Cover the night-time economy.",
        },
    )
    assert response.status_code == 302
    document = RationaleDocument.objects.get()
    assert document.issue == issues[0] and document.due_on == date(2026, 10, 9)


def test_a_request_without_issue_or_theme_says_so(client_as, cast, year, issues, member):
    response = client_as(cast["analyst"]).post(
        reverse("consultation:rationale_request", args=[SLUG, year.pk]),
        {"specialist": member(cast["theme_specialist"]).pk, "due_on": "2026-10-09"},
    )
    assert "Choose an issue, or a theme." in response.content.decode()
    assert not RationaleDocument.objects.exists()


def test_the_specialist_saves_then_submits(client_as, cast, rationale):
    client = client_as(cast["theme_specialist"])
    url = reverse("consultation:rationale_write", args=[SLUG, rationale.pk])
    client.post(url, {**SECTIONS, "gaps": "", "action": "save"})
    rationale.refresh_from_db()
    assert rationale.state == "draft" and rationale.gaps == ""
    response = client.post(url, {**SECTIONS, "gaps": "", "action": "submit"})
    assert "Write this section before you submit." in response.content.decode()
    rationale.refresh_from_db()
    assert rationale.state == "draft"
    client.post(url, {**SECTIONS, "action": "submit"})
    rationale.refresh_from_db()
    assert rationale.state == "submitted"


def test_the_analyst_returns_with_a_comment_and_the_specialist_sees_it(client_as, cast, submitted):
    review = reverse("consultation:rationale_review", args=[SLUG, submitted.pk])
    response = client_as(cast["analyst"]).post(review, {"decision": "return", "comment": ""})
    assert "Say what needs changing" in response.content.decode()
    client_as(cast["analyst"]).post(review, {"decision": "return", "comment": "Add 2025 figures."})
    submitted.refresh_from_db()
    assert submitted.state == "returned"
    page = client_as(cast["theme_specialist"]).get(
        reverse("consultation:rationale_write", args=[SLUG, submitted.pk])
    )
    assert "Add 2025 figures." in page.content.decode()


@pytest.mark.parametrize(
    "name,content,message",
    [
        ("virus.pdf", b"MZ\x90\x00\x03", "whatever its name says"),
        ("plan.pdf", docx_bytes(), "ends .pdf but its content is Word (DOCX)"),
        ("big.pdf", PDF + b"0" * rules.MAX_ATTACHMENT_BYTES, "the limit is 10 MB"),
    ],
)
def test_bad_attachments_are_refused_with_a_specific_message(
    client_as, cast, rationale, media, name, content, message
):
    response = client_as(cast["theme_specialist"]).post(
        reverse("consultation:rationale_attach", args=[SLUG, rationale.pk]),
        {"file": SimpleUploadedFile(name, content)},
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not RationaleAttachment.objects.exists()


def test_a_pdf_with_a_very_long_name_is_accepted_and_keeps_its_ending(
    client_as, cast, rationale, media
):
    name = "Evidence pack " + "x" * 200 + ".pdf"
    response = client_as(cast["theme_specialist"]).post(
        reverse("consultation:rationale_attach", args=[SLUG, rationale.pk]),
        {"file": SimpleUploadedFile(name, PDF + b" evidence")},
    )
    assert response.status_code == 302
    attachment = RationaleAttachment.objects.get()
    assert attachment.original_name.startswith("Evidence pack xxx")
    assert attachment.original_name.endswith("x.pdf") and len(attachment.original_name) == 200


def test_an_attachment_is_served_only_through_the_checking_view(
    client_as, cast, rationale, media, settings
):
    client = client_as(cast["theme_specialist"])
    client.post(
        reverse("consultation:rationale_attach", args=[SLUG, rationale.pk]),
        {"file": SimpleUploadedFile("Evidence.pdf", PDF)},
    )
    attachment = RationaleAttachment.objects.get()
    response = client_as(cast["analyst"]).get(
        reverse("consultation:attachment", args=[SLUG, rationale.pk, attachment.pk])
    )
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="Evidence.pdf"' in response["Content-Disposition"]
    media_url = "/" + settings.MEDIA_URL + attachment.file.name
    assert client.get(media_url).status_code == 404


def test_the_list_flags_overdue_requests_in_a_fixed_number_of_queries(
    client_as, cast, year, issues, member
):
    client = client_as(cast["analyst"])
    url = reverse("consultation:rationales", args=[SLUG])

    def add(issue):
        rationales.request_rationale(
            year=year,
            issue=issue,
            specialist=member(cast["theme_specialist"]),
            requested_by=member(cast["analyst"]),
            due_on=date(2020, 1, 1),
        )

    add(issues[0])
    client.get(url)  # the first visit stores the current partnership in the session
    with CaptureQueriesContext(connection) as one:
        response = client.get(url)
    assert "Overdue" in response.content.decode()
    add(issues[1])
    add(issues[2])
    with CaptureQueriesContext(connection) as three:
        client.get(url)
    assert len(three) == len(one)


def test_a_request_for_a_whole_theme_offers_only_the_partnerships_themes(
    client_as, cast, year, issues, member, partnership, other_partnership
):
    Theme.objects.create(partnership=other_partnership, name="Luton's own theme")
    url = reverse("consultation:rationale_request", args=[SLUG, year.pk])
    client = client_as(cast["analyst"])

    page = client.get(url).content.decode()
    assert '<option value="Victims">Victims</option>' in page
    assert "Luton&#x27;s own theme" not in page

    response = client.post(
        url,
        {
            "theme": "Victims",
            "specialist": member(cast["theme_specialist"]).pk,
            "due_on": "2026-10-09",
        },
    )
    assert response.status_code == 302
    assert RationaleDocument.objects.get().theme == "Victims"


def test_a_theme_the_partnership_does_not_have_is_refused_and_nothing_is_saved(
    client_as, cast, year, issues, member, other_partnership
):
    Theme.objects.create(partnership=other_partnership, name="Luton's own theme")
    response = client_as(cast["analyst"]).post(
        reverse("consultation:rationale_request", args=[SLUG, year.pk]),
        {
            "theme": "Luton's own theme",
            "specialist": member(cast["theme_specialist"]).pk,
            "due_on": "2026-10-09",
        },
    )
    page = response.content.decode()
    assert "Choose one of the partnership&#x27;s themes." in page
    assert "Select a valid choice" not in page
    assert "Choose an issue, or a theme." not in page
    assert not RationaleDocument.objects.exists()
    with pytest.raises(ValidationError, match="Choose one of the partnership's themes"):
        rationales.request_rationale(
            year=year,
            theme="Luton's own theme",
            specialist=member(cast["theme_specialist"]),
            requested_by=member(cast["analyst"]),
            due_on=date(2026, 10, 9),
        )
    assert not RationaleDocument.objects.exists()


def test_a_theme_typed_in_another_case_takes_the_partnerships_spelling(year, member, cast):
    document = rationales.request_rationale(
        year=year,
        theme="victims",
        specialist=member(cast["theme_specialist"]),
        requested_by=member(cast["analyst"]),
        due_on=date(2026, 10, 9),
    )
    assert document.theme == "Victims"


def test_an_attachment_whose_commit_fails_leaves_no_file_behind(
    transactional_db, rationale, cast, member, media
):
    with commit_refused(RationaleAttachment), pytest.raises(DatabaseError):
        rationales.add_attachment(
            document=rationale,
            by=member(cast["theme_specialist"]),
            name="Evidence.pdf",
            content=PDF,
        )
    assert not RationaleAttachment.objects.exists()
    assert files_under(media) == []


def test_the_history_starts_each_line_with_a_capital(client_as, cast, submitted):
    page = client_as(cast["analyst"]).get(
        reverse("consultation:rationale", args=[SLUG, submitted.pk])
    )
    text = page.content.decode()
    assert ": Requested, by " in text
    assert ": Requested to submitted, by " in text
    assert ": requested, by " not in text
