"""Every analysis page for every role: members read, admins and analysts upload, a member
of another partnership gets 404 and a signed-out visitor is sent to sign in."""

import pytest
from django.urls import reverse

from analysis.models import Upload
from tests.analysis.conftest import BEDS_2017, extract

MANAGERS = {"admin", "analyst"}
EVERYONE = {"admin", "analyst", "theme_specialist", "board_member"}
ROLES = ["admin", "analyst", "theme_specialist", "board_member", "outsider"]


@pytest.fixture
def objects(import_files):
    upload = import_files([(BEDS_2017, extract(BEDS_2017))])
    return {"upload_id": upload.pk, "dataset_id": upload.dataset_id}


PAGES = [
    ("analysis:index", {}, "get", EVERYONE),
    ("analysis:crime", {}, "get", EVERYONE),
    ("analysis:upload", {}, "get", MANAGERS),
    ("analysis:upload", {}, "post", MANAGERS),
    ("analysis:partner_upload", {}, "get", MANAGERS),
    ("analysis:upload_detail", {"upload_id": "upload_id"}, "get", EVERYONE),
    ("analysis:dataset", {"dataset_id": "dataset_id"}, "get", EVERYONE),
    (
        "analysis:export",
        {"dataset_id": "dataset_id", "table": "=changes-1", "fmt": "=csv"},
        "get",
        EVERYONE,
    ),
]


def _url(name, kwargs, objects, slug="central-bedfordshire"):
    values = {k: v[1:] if v.startswith("=") else objects[v] for k, v in kwargs.items()}
    return reverse(name, kwargs={"slug": slug, **values})


@pytest.mark.parametrize("name,kwargs,method,allowed", PAGES, ids=[f"{p[0]}-{p[2]}" for p in PAGES])
@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_what_it_should(
    client_as, cast, objects, role, name, kwargs, method, allowed
):
    response = getattr(client_as(cast[role]), method)(_url(name, kwargs, objects))
    if role == "outsider":
        assert response.status_code == 404
    elif role in allowed:
        assert response.status_code in (200, 302), response.content[:500]
        if response.status_code == 302:
            assert "/accounts/" not in response["Location"]
    else:
        assert response.status_code == 403


@pytest.mark.parametrize("name,kwargs,method,allowed", PAGES, ids=[f"{p[0]}-{p[2]}" for p in PAGES])
def test_signed_out_visitors_are_sent_to_sign_in(client, objects, name, kwargs, method, allowed):
    response = getattr(client, method)(_url(name, kwargs, objects))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_objects_of_another_partnership_are_404_under_your_own_slug(
    client_as, cast, objects, other_partnership
):
    client = client_as(cast["outsider"])  # an admin of Luton
    for name, kwargs, method, _allowed in PAGES:
        if kwargs:
            url = _url(name, kwargs, objects, slug=other_partnership.slug)
            assert getattr(client, method)(url).status_code == 404, name


def test_a_board_member_cannot_upload_and_nothing_is_stored(client_as, cast, objects):
    before = Upload.objects.count()
    response = client_as(cast["board_member"]).post(
        reverse("analysis:upload", kwargs={"slug": "central-bedfordshire"}),
        {"files": [_named(BEDS_2017)]},
    )
    assert response.status_code == 403
    assert Upload.objects.count() == before


def _named(name):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, extract(name), content_type="text/csv")


UPLOAD_URL = reverse("analysis:upload", kwargs={"slug": "central-bedfordshire"})
PARTNER_UPLOAD_URL = reverse("analysis:partner_upload", kwargs={"slug": "central-bedfordshire"})


@pytest.mark.parametrize("role,offered", [("analyst", True), ("board_member", False)])
def test_the_analysis_page_links_to_the_upload_page_only_for_those_who_may_upload(
    client_as, cast, role, offered
):
    page = client_as(cast[role]).get(
        reverse("analysis:index", kwargs={"slug": "central-bedfordshire"})
    )
    assert page.status_code == 200
    assert (f'href="{UPLOAD_URL}"' in page.content.decode()) is offered
    assert (f'href="{PARTNER_UPLOAD_URL}"' in page.content.decode()) is offered


@pytest.mark.parametrize(
    "role,offered", [("analyst", True), ("theme_specialist", False), ("board_member", False)]
)
def test_a_refused_upload_offers_upload_again_only_to_those_who_may_upload(
    client_as, cast, objects, role, offered
):
    Upload.objects.filter(pk=objects["upload_id"]).update(
        status=Upload.Status.FAILED, error="Not a police file."
    )
    page = client_as(cast[role]).get(
        _url("analysis:upload_detail", {"upload_id": "upload_id"}, objects)
    )
    assert page.status_code == 200
    assert "Not a police file." in page.content.decode()
    assert (f'href="{UPLOAD_URL}"' in page.content.decode()) is offered
