"""The plan's PDF: made by the report renderer, claimed once, failures recorded in
words and shown on the plan page."""

from django.urls import reverse
from django.utils import timezone

from plans import rendering
from plans.models import PlanRender
from plans.services import publish_plan


def _render(plan):
    return PlanRender.objects.create(plan=plan, requested_at=timezone.now())


def test_a_render_stores_the_pdf_and_the_public_can_download_it(
    agreed, settings, tmp_path, client, member, cast
):
    settings.MEDIA_ROOT = tmp_path / "media"
    render = _render(agreed)
    assert rendering.run_render(render_id=render.pk) == "done"
    render.refresh_from_db()
    assert render.status == PlanRender.Status.DONE and render.pages >= 1
    assert render.pdf.read().startswith(b"%PDF")
    assert rendering.run_render(render_id=render.pk) == "not claimed"
    download = reverse(
        "plans:pdf_download", kwargs={"slug": "central-bedfordshire", "render_id": render.pk}
    )
    client.force_login(cast["board_member"])
    assert client.get(download).status_code == 200
    client.logout()
    publish_plan(plan=agreed, by=member(cast["analyst"]))
    response = client.get(reverse("public_plan_pdf", kwargs={"slug": "central-bedfordshire"}))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"


def test_a_failure_is_recorded_in_words_and_shown(agreed, settings, tmp_path, client_as, cast):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the media folder should be")
    settings.MEDIA_ROOT = blocker
    render = _render(agreed)
    assert rendering.run_render(render_id=render.pk) == "failed"
    render.refresh_from_db()
    assert render.status == PlanRender.Status.FAILED
    assert render.error.startswith("The PDF could not be made:")
    page = client_as(cast["board_member"]).get(agreed.get_absolute_url()).content.decode()
    assert "The PDF could not be made." in page


def test_the_pdf_html_carries_the_plan(agreed):
    html = rendering.build_html(agreed)
    assert "Anti-social behaviour" in html and "Two officers" in html
    assert "<script" not in html
