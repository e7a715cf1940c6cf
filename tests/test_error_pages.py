"""Issue 17, 10: a missing page and a failing one show the service's own pages, with
the detail only in the log, as they do in the demo (which runs with DEBUG off); and
on public pages the service's name never leads a visitor to sign-in."""

import logging
import re
from pathlib import Path

import pytest
from django.http import HttpRequest
from django.urls import path

from csp_assessment.urls import urlpatterns as project_urlpatterns

ROOT = Path(__file__).resolve().parent.parent


class Broken(RuntimeError):
    pass


def broken_view(request: HttpRequest):
    raise Broken("the secret detail of a failure")


# This module is the URL map for the tests marked below: the project's, plus a page
# that fails.
urlpatterns = [path("test-only/broken/", broken_view), *project_urlpatterns]


def test_the_demo_runs_with_debug_off():
    script = (ROOT / "scripts" / "demo.sh").read_text()
    assert re.search(r'^export DEBUG="\$\{DEBUG:-0\}"', script, re.M)
    assert "collectstatic" in script  # WhiteNoise serves the collected files


def test_a_missing_page_gets_the_services_own_page(client, settings):
    assert settings.DEBUG is False
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "<h1>Page not found</h1>" in page
    assert "Go to the home page" in page
    assert "Django" not in page and "URLconf" not in page


@pytest.mark.urls(__name__)
def test_an_error_gets_the_services_own_page_and_the_detail_goes_to_the_log(
    client, settings, caplog
):
    assert settings.DEBUG is False
    client.raise_request_exception = False
    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = client.get("/test-only/broken/")
    assert response.status_code == 500
    page = response.content.decode()
    assert "Sorry, there is a problem with the service" in page
    assert 'href="/"' in page
    assert "secret detail" not in page and "Traceback" not in page
    logged = [r for r in caplog.records if r.name == "django.request"]
    assert logged and logged[0].exc_info[0] is Broken
    assert "Internal Server Error: /test-only/broken/" in logged[0].getMessage()


def test_the_bad_request_page_is_our_own(rf):
    from django.views.defaults import bad_request

    response = bad_request(rf.get("/"), exception=None)
    assert response.status_code == 400
    assert "Sorry, the service could not read that request" in response.content.decode()


def test_the_forbidden_page_is_our_own(client_as, cast):
    response = client_as(cast["board_member"]).get("/p/central-bedfordshire/people/")
    assert response.status_code == 403
    page = response.content.decode()
    assert "<h1>You cannot do this</h1>" in page and "Go to your dashboard" in page


def test_a_refusal_is_logged_as_a_line_without_a_traceback(client_as, cast, caplog):
    """A 403 is routine (a role asked for a page it may not use); a traceback for each
    would bury the real errors, which keep theirs (the test above)."""
    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = client_as(cast["board_member"]).get("/p/central-bedfordshire/people/")
    assert response.status_code == 403
    logged = [r for r in caplog.records if r.name == "django.request"]
    assert len(logged) == 1
    assert (
        logged[0].getMessage() == "Forbidden (Permission denied): /p/central-bedfordshire/people/"
    )
    assert logged[0].exc_info is None and "Traceback" not in caplog.text


def _brand(page: str) -> str:
    return re.search(r'<(a|span) class="navbar-brand[^"]*"[^>]*>', page).group(0)


def test_public_pages_with_a_partnership_lead_to_its_published_priorities(client, partnership):
    # The "you said, we did" page gives the same `public_partnership` to the layout.
    page = client.get(f"/public/{partnership.slug}/priorities/").content.decode()
    assert _brand(page) == (
        f'<a class="navbar-brand text-wrap" href="/public/{partnership.slug}/priorities/">'
    )
    assert "/accounts/sign-in/" not in page


def test_a_public_survey_page_has_no_link_to_sign_in(client, db):
    page = client.get("/survey/no-such-key/").content.decode()  # "this survey is closed"
    assert _brand(page) == '<span class="navbar-brand">'
    assert "/accounts/sign-in/" not in page


def test_the_sign_in_pages_and_signed_in_pages_keep_the_link_home(client, client_as, cast):
    assert _brand(client.get("/accounts/sign-in/").content.decode()) == (
        '<a class="navbar-brand" href="/">'
    )
    page = client_as(cast["analyst"]).get("/public/central-bedfordshire/priorities/")
    assert _brand(page.content.decode()) == '<a class="navbar-brand" href="/">'
