"""The browser harness: Playwright driving Debian's Chromium against a live server,
with an axe-core check for accessibility.

Every test here is marked e2e. Pages are served by pytest-django's live_server, whose
static handler serves files from the finders, so these tests use plain static URLs.
"""

import json
import os
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, sync_playwright

from tests import workers
from tests.conftest import PASSWORD

# Sync Playwright runs an event loop in this thread; Django must still be allowed to
# query the database from it.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE_PATH = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


def pytest_collection_modifyitems(items):
    for item in items:
        if "/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium is not at {CHROMIUM}: run scripts/services.sh start to install it.")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def plain_static(settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def new_page(browser, live_server, plain_static):
    """Open pages in fresh browser contexts (separate cookies), at a given width."""
    contexts = []

    def open_page(width: int = 1280) -> Page:
        context = browser.new_context(
            base_url=live_server.url, viewport={"width": width, "height": 900}
        )
        context.set_default_timeout(10_000)
        # axe-core arrives with every document, outside the page's Content Security
        # Policy, which forbids inline script and so would refuse an injected tag.
        if AXE_PATH.exists():
            context.add_init_script(path=str(AXE_PATH))
        contexts.append(context)
        page = context.new_page()
        # Every page the journeys visit must work under the policy: collect refusals.
        page.csp_refusals = []
        page.on(
            "console",
            lambda message: (
                "Content Security Policy" in message.text and page.csp_refusals.append(message.text)
            ),
        )
        return page

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page) -> Page:
    return new_page()


point_app_at = workers.point_app_at


@pytest.fixture
def worker(point_app_at, media, tmp_path):
    """A real worker on the embedded filesystem broker, writing to this test's media."""
    point_app_at("filesystem://", workers.filesystem_broker(tmp_path / "broker"))
    process = workers.start_filesystem_worker(media, tmp_path)
    yield process
    workers.stop(process)


def sign_in(page: Page, user, password: str = PASSWORD) -> None:
    page.goto("/accounts/sign-in/")
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


def axe_violations(page: Page) -> list[dict]:
    if not AXE_PATH.exists():
        pytest.fail("axe-core is missing: run `npm ci` (scripts/test.sh does).")
    refusals = getattr(page, "csp_refusals", [])
    assert not refusals, f"The Content Security Policy refused: {refusals}"
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        pytest.fail("axe-core did not load with the page.")
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})",
        AXE_TAGS,
    )
    return result["violations"]


def follow(link: Locator) -> None:
    """Click a link and wait until the page it opens has loaded. A check straight after
    a bare click can run on the page being left, or fail as the page goes."""
    page = link.page
    before = page.url
    link.click()
    page.wait_for_url(lambda url: url != before)


def assert_accessible(page: Page) -> None:
    violations = axe_violations(page)
    summary = [
        {
            "rule": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "nodes": [n["target"] for n in v["nodes"]][:5],
        }
        for v in violations
    ]
    assert not violations, f"axe-core found problems on {page.url}:\n" + json.dumps(
        summary, indent=2
    )


@pytest.fixture(autouse=True)
def _committed_data(transactional_db):
    """The live server runs in another thread: data must be committed for it to see."""


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """On a failure, keep a screenshot and the HTML of every open page in var/e2e-failures/."""
    outcome = yield
    report = outcome.get_result()
    if report.when != "call" or not report.failed:
        return
    browser = item.funcargs.get("browser")
    if browser is None:
        return
    folder = Path(__file__).resolve().parents[2] / "var" / "e2e-failures"
    folder.mkdir(parents=True, exist_ok=True)
    for c, context in enumerate(browser.contexts):
        for p, open_page in enumerate(context.pages):
            stem = folder / f"{item.name}-{c}-{p}"
            try:
                open_page.screenshot(path=f"{stem}.png", full_page=True)
                Path(f"{stem}.html").write_text(open_page.content(), encoding="utf-8")
            except Exception:  # noqa: BLE001 - a report helper must not hide the real failure
                pass
