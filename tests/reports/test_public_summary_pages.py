"""The public summary's pages: publishing and withdrawing it (analysts and admins,
after a confirmation page; other roles 403, other partnerships 404), what its report
page tells members, and the public page and PDF without sign-in, which show only the
published agreed version of this partnership."""

import hashlib

import pytest
from django.urls import reverse
from django.utils import timezone

from priorities.models import Priority
from reports import services
from reports.models import Publication, RenderRun
from reports.publish_services import publish_summary

SLUG = "central-bedfordshire"
PUBLIC = reverse("public_assessment", kwargs={"slug": SLUG})
PUBLIC_PDF = reverse("public_assessment_pdf", kwargs={"slug": SLUG})
WITHDRAW = reverse("reports:withdraw", kwargs={"slug": SLUG})


def _publish_url(run, slug=SLUG):
    return reverse("reports:publish", kwargs={"slug": slug, "run_id": run.pk})


@pytest.fixture
def published(agreed, analyst):
    publish_summary(run=agreed, by=analyst)
    return agreed


# Publishing ------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["analyst", "admin"])
def test_the_analyst_or_an_admin_confirms_then_publishes(client_as, cast, agreed, role):
    client = client_as(cast[role])
    page = client.get(_publish_url(agreed))
    body = page.content.decode()
    assert page.status_code == 200
    assert "<h1>Publish the public summary?</h1>" in body
    made = timezone.localtime(agreed.finished_at).strftime("%-d %B %Y")
    assert (
        f"The public summary for 2026-27: version {agreed.version} (agreed summary), made "
        f"on {made}." in body
    )
    assert f"testserver{PUBLIC}" in body
    assert not Publication.objects.exists(), "asking publishes nothing"
    # A post without the confirmation's yes changes nothing either.
    client.post(_publish_url(agreed), {})
    assert not Publication.objects.exists()

    response = client.post(_publish_url(agreed), {"confirm": "yes"}, follow=True)
    assert response.redirect_chain[-1][0] == agreed.report.get_absolute_url()
    assert "The public summary for 2026-27 is published." in response.content.decode()
    assert Publication.objects.get().run == agreed


@pytest.mark.parametrize("role", ["theme_specialist", "board_member"])
def test_other_roles_may_not_publish_or_withdraw(client_as, cast, published, role):
    client = client_as(cast[role])
    for url in (_publish_url(published), WITHDRAW):
        assert client.get(url).status_code == 403
        assert client.post(url, {"confirm": "yes"}).status_code == 403
    assert Publication.objects.get().run == published


def test_another_partnership_gets_404(client_as, cast, published):
    client = client_as(cast["outsider"])
    for url in (_publish_url(published), WITHDRAW, _publish_url(published, "luton")):
        assert client.get(url).status_code == 404
        assert client.post(url, {"confirm": "yes"}).status_code == 404
    assert Publication.objects.get().run == published


def test_a_draft_is_refused_on_the_confirmation_page_and_on_its_post(client_as, cast, agreed):
    draft = services.request_render(report=agreed.report, by=None)
    client = client_as(cast["analyst"])
    body = client.get(_publish_url(draft)).content.decode()
    assert f"Version {draft.version} is a draft. Only the agreed version" in body
    assert "Yes, publish it" not in body
    assert f"version {draft.version} (draft), made on" in body, "a draft is not called agreed"
    response = client.post(_publish_url(draft), {"confirm": "yes"}, follow=True)
    assert "is a draft" in response.content.decode()
    assert not Publication.objects.exists()


def test_withdrawing_asks_first_then_takes_it_off(client, client_as, cast, published):
    analyst = client_as(cast["analyst"])
    body = analyst.get(WITHDRAW).content.decode()
    assert "<h1>Withdraw the public summary?</h1>" in body
    assert "Yes, withdraw it" in body
    response = analyst.post(WITHDRAW, {"confirm": "yes"}, follow=True)
    assert response.redirect_chain[-1][0] == published.report.get_absolute_url()
    assert "The public summary is withdrawn." in response.content.decode()
    client.logout()
    assert "has not published a summary" in client.get(PUBLIC).content.decode()
    assert client.get(PUBLIC_PDF).status_code == 404


def test_withdrawing_with_nothing_published_says_so(client_as, cast, agreed):
    analyst = client_as(cast["analyst"])
    body = analyst.get(WITHDRAW).content.decode()
    assert "Nothing is published on the public page, so there is nothing to withdraw." in body
    assert "Yes, withdraw it" not in body


# The report page -------------------------------------------------------------------------


def _panel(client, run) -> str:
    body = client.get(run.report.get_absolute_url()).content.decode()
    start = body.index('data-testid="public-page"')
    return body[start : body.index("</section>", start)]


def test_the_report_page_offers_publishing_the_agreed_version(client_as, cast, agreed):
    panel = _panel(client_as(cast["analyst"]), agreed)
    assert "<strong>Not published.</strong>" in panel
    assert f'href="{_publish_url(agreed)}"' in panel


def test_every_member_sees_it_is_published_and_where(client_as, cast, published):
    panel = _panel(client_as(cast["board_member"]), published)
    assert "<strong>Published.</strong>" in panel
    assert "published by Sam Taylor" in panel
    assert f'href="{PUBLIC}"' in panel
    assert "Withdraw" not in panel and "reports:publish" not in panel
    assert "/publish/" not in panel
    analyst_panel = _panel(client_as(cast["analyst"]), published)
    assert f'href="{WITHDRAW}"' in analyst_panel
    assert "/publish/" not in analyst_panel  # already published: nothing to offer


def test_a_report_of_another_kind_has_no_public_page_panel(client_as, cast, agreed, year):
    full = agreed.report.year.reports.get(kind="full")
    body = client_as(cast["analyst"]).get(full.get_absolute_url()).content.decode()
    assert 'data-testid="public-page"' not in body


# The public page -------------------------------------------------------------------------


def test_nothing_shows_before_publication(client, agreed):
    body = client.get(PUBLIC).content.decode()
    assert "has not published a summary of its strategic assessment yet" in body
    assert "Download the public summary" not in body
    assert client.get(PUBLIC_PDF).status_code == 404


def test_an_unknown_partnership_is_not_found(client, db):
    assert client.get(reverse("public_assessment", kwargs={"slug": "nowhere"})).status_code == 404
    url = reverse("public_assessment_pdf", kwargs={"slug": "nowhere"})
    assert client.get(url).status_code == 404


def test_the_public_reads_the_published_summary_without_signing_in(client, published):
    response = client.get(PUBLIC)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Central Bedfordshire CSP: our strategic assessment 2026-27" in body
    assert "agreed by the board on 14 October 2026" in body
    assert "Small numbers are not given exactly" in body
    assert '<meta name="viewport" content="width=device-width' in body
    assert f'<a href="{PUBLIC_PDF}">Download the public summary as a PDF</a>' in body
    assert f"({published.pages} page" in body
    pdf = client.get(PUBLIC_PDF)
    content = b"".join(pdf.streaming_content)
    assert pdf["Content-Type"] == "application/pdf"
    assert "central-bedfordshire-public-summary-2026-27.pdf" in pdf["Content-Disposition"]
    assert content.startswith(b"%PDF-")
    assert hashlib.sha256(content).hexdigest() == published.sha256


def test_a_newer_draft_or_final_is_never_served(client, published, analyst):
    draft = services.request_render(report=published.report, by=analyst)
    assert services.run_render(run_id=draft.pk) == "done"
    draft.refresh_from_db()
    pdf = b"".join(client.get(PUBLIC_PDF).streaming_content)
    assert hashlib.sha256(pdf).hexdigest() == published.sha256 != draft.sha256
    # Even a published row turned into something else is not served.
    RenderRun.objects.filter(pk=published.pk).update(state="final")
    assert client.get(PUBLIC_PDF).status_code == 404
    assert "has not published a summary" in client.get(PUBLIC).content.decode()


def test_another_partnerships_public_page_shows_nothing_of_ours(
    client, published, other_partnership
):
    other = reverse("public_assessment", kwargs={"slug": other_partnership.slug})
    body = client.get(other).content.decode()
    assert "Luton CSP: strategic assessment" in body
    assert "Central Bedfordshire" not in body
    url = reverse("public_assessment_pdf", kwargs={"slug": other_partnership.slug})
    assert client.get(url).status_code == 404


READ_ON = "Read the public summary of our strategic assessment"
SUMMARY = reverse("public_summary", kwargs={"slug": SLUG})


def test_the_published_priorities_link_on_to_it_once_it_is_published(
    client, agreed, analyst, other_partnership
):
    Priority.objects.filter(year=agreed.report.year).update(published=True)
    assert READ_ON not in client.get(SUMMARY).content.decode()
    assert (
        f'<a href="{SUMMARY}">See the partnership\'s priorities</a>'
        in client.get(PUBLIC).content.decode()
    )
    publish_summary(run=agreed, by=analyst)
    assert f'<a href="{PUBLIC}">{READ_ON}</a>' in client.get(SUMMARY).content.decode()
    other = reverse("public_summary", kwargs={"slug": other_partnership.slug})
    assert READ_ON not in client.get(other).content.decode()
