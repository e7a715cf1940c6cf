"""The public plan page: no sign-in, only a published version, never a draft."""

from django.urls import reverse

from plans.services import publish_plan
from priorities.models import Priority

PUBLIC = reverse("public_plan", kwargs={"slug": "central-bedfordshire"})
PUBLIC_PDF = reverse("public_plan_pdf", kwargs={"slug": "central-bedfordshire"})


def test_nothing_shows_before_publication(client, agreed):
    body = client.get(PUBLIC).content.decode()
    assert "has not published its plan yet" in body
    assert "Focus on repeat victims." not in body
    assert client.get(PUBLIC_PDF).status_code == 404


def test_the_published_plan_reads_without_signing_in(client, agreed, member, cast):
    publish_plan(plan=agreed, by=member(cast["analyst"]))
    response = client.get(PUBLIC)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Focus on repeat victims." in body and "Anti-social behaviour" in body
    assert "Repeat victims of ASB" in body and "Two officers" in body
    assert '<meta name="viewport" content="width=device-width' in body
    first = agreed.year.starts_on.year
    assert f"over the three years {first} to {first + 3}." in body
    # A priority lasts its cycle: the plan says when the board agreed it, not "for" a year.
    assert f"<dt>Agreed by the board in</dt><dd>{agreed.year.label}</dd>" in body


def test_an_unknown_partnership_is_not_found(client, db):
    assert client.get(reverse("public_plan", kwargs={"slug": "nowhere"})).status_code == 404


SUMMARY = reverse("public_summary", kwargs={"slug": "central-bedfordshire"})
READ_ON = "Read the partnership plan: how the partners will work together"


def test_the_published_priorities_link_on_to_the_plan_once_it_is_published(
    client, agreed, asb, member, cast, other_partnership
):
    Priority.objects.filter(pk=asb.pk).update(published=True)
    assert READ_ON not in client.get(SUMMARY).content.decode()

    publish_plan(plan=agreed, by=member(cast["analyst"]))

    summary = client.get(SUMMARY).content.decode()
    assert f'<a href="{PUBLIC}">{READ_ON}</a>' in summary
    other = reverse("public_summary", kwargs={"slug": other_partnership.slug})
    assert READ_ON not in client.get(other).content.decode()
    plan_page = client.get(PUBLIC).content.decode()
    assert f'<a href="{SUMMARY}">See the partnership\'s priorities</a>' in plan_page


def test_the_plan_does_not_link_to_priorities_that_are_not_published(client, agreed, member, cast):
    publish_plan(plan=agreed, by=member(cast["analyst"]))
    page = client.get(PUBLIC).content.decode()
    assert "Focus on repeat victims." in page
    assert "See the partnership's priorities" not in page
