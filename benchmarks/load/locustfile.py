"""Locust users for the national load test (issue 15). benchmarks/national_load.py runs
this file headless against gunicorn on 127.0.0.1; it is not meant to be run by hand,
though `locust -f` works with the LOAD_* variables below set.

THE SCENARIO MIX: the weeks before the January deadline, when every partnership is
scoring at once. Out of every 100 simulated people:

- 55 scorers (theme specialists). Each partnership has 12 scorers and one or two
  analysts, and in those weeks the scorers are the ones working: each signs in as
  their own scorer, opens their sheet and types scores. The sheet saves each cell
  through htmx as the page does: on every change it POSTs the whole form (hx-post,
  hx-trigger="change") with the HX-Request header and the form's CSRF token. Every
  save changes one cell nobody in this run has saved before, to a value different
  from what it held, and the harness records each save that answered "Saved at"; the
  database is checked against them afterwards (0 lost saves). Think time 3-8 s
  between cells (typing a number and moving on); one visit in ten reloads the sheet.
- 20 analysts, each signed in as one partnership's analyst, reading the moderation,
  ranking and analysis pages in turn (equal weights), 5-15 s apart: analysts watch
  scores arrive and start moderating before the round closes.
- 10 board members reading the report page of their partnership's draft, 10-30 s
  apart.
- 15 members of the public answering a public survey: GET the form, 5-20 s to answer,
  POST a complete valid answer set, then the next person 10-30 s later. Each answer
  comes from a different address, sent as X-Forwarded-For (the harness runs the
  service with TRUSTED_PROXY_COUNT=1, as behind the production proxy), so the
  per-address survey limit applies as it would to real residents. Consultations
  mostly close in autumn; a few stay open into January, hence a smaller share.

The render burst (one render per partnership) is not here: the harness sends it with
the workers stopped and times the drain.

Settings (environment): LOAD_MANIFEST (the generator's manifest, required),
LOAD_RECORD (where to write what happened, JSON), LOAD_REQUEST_CAP (stop after this
many requests), LOAD_THINK_SCALE (multiplies every think time; the suite's test uses
a small one), LOAD_SEED.
"""

import json
import os
import random
import re
import time
from collections import defaultdict

import gevent
from locust import HttpUser, between, events, task

from benchmarks.load.forms import CELL, csrf_token, form_with, sheet_scale, survey_answers

MANIFEST = json.loads(open(os.environ["LOAD_MANIFEST"]).read())  # noqa: SIM115
RECORD = os.environ.get("LOAD_RECORD", "load-record.json")
REQUEST_CAP = int(os.environ.get("LOAD_REQUEST_CAP", "100000"))
THINK = float(os.environ.get("LOAD_THINK_SCALE", "1"))
rng = random.Random(int(os.environ.get("LOAD_SEED", "1")))

PASSWORD = MANIFEST["password"]
ITEMS = MANIFEST["items"]
SIGN_IN = "/accounts/sign-in/"
# No request waits longer than gunicorn's own worker timeout (120 s); past it, an error.
TIMEOUT = 120


def think(low: float, high: float):
    return between(low * THINK, high * THINK)


# Each scorer identity is used by one simulated person only: a real scorer has one
# tab, and two tabs posting whole stale forms would overwrite each other.
# The generator lists the scorers whose sheets are still drafts (submitted sheets
# refuse saves) as `draft_scorers`; without it every scorer is taken to be one.
_scorers = [
    (item["slug"], email, item["urls"]["sheet"][email])
    for item in ITEMS
    for email in item.get("draft_scorers", item["scorers"])
    if email in item["urls"].get("sheet", {})
]
rng.shuffle(_scorers)
_free_scorers = list(_scorers)

# What the harness checks and reports.
record = {
    "requests": [],  # [name, started (epoch s), ms, ok]
    "failures": defaultdict(int),  # "name: reason" -> count
    "saves": [],  # {"scorer", "sheet", "cell", "value"} for every save that answered success
    "survey_posts": defaultdict(int),  # survey URL -> successful posts
    "spawned_at": None,
    "stopped_at": None,
    "capped": False,
    "shared_scorers": 0,  # simulated scorers that found no free identity (read only)
}


@events.request.add_listener
def _count(request_type, name, response_time, exception, **kwargs):
    started = time.time() - response_time / 1000
    record["requests"].append([name, started, response_time, not exception])
    if exception:
        reason = re.sub(r"\s+", " ", str(exception))[:160]
        record["failures"][f"{name}: {reason}"] += 1
    if len(record["requests"]) >= REQUEST_CAP and not record["capped"]:
        record["capped"] = True
        runner = _runner.get("runner")
        if runner is not None:
            # Not from inside this user's request: quitting stops every user's greenlet.
            gevent.spawn(runner.quit)


_runner = {}


@events.init.add_listener
def _keep_runner(environment, **kwargs):
    _runner["runner"] = environment.runner


@events.spawning_complete.add_listener
def _spawned(user_count, **kwargs):
    record["spawned_at"] = time.time()


@events.quitting.add_listener
def _write(environment, **kwargs):
    record["stopped_at"] = time.time()
    with open(RECORD, "w") as out:
        json.dump(record, out)


def _address() -> str:
    return f"10.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"


class Person(HttpUser):
    abstract = True
    email = ""

    def on_start(self):
        self.client.headers["X-Forwarded-For"] = _address()
        self.sign_in(self.email)

    def sign_in(self, email: str) -> None:
        page = self.client.get(SIGN_IN, name="sign in form", timeout=TIMEOUT)
        with self.client.post(
            SIGN_IN,
            {"csrfmiddlewaretoken": csrf_token(page.text), "username": email, "password": PASSWORD},
            headers={"Referer": page.url},
            name="sign in",
            timeout=TIMEOUT,
            allow_redirects=False,
            catch_response=True,
        ) as answer:
            if answer.status_code != 302:
                answer.failure(f"sign-in answered {answer.status_code}")

    def read(self, url: str, name: str) -> None:
        with self.client.get(url, name=name, catch_response=True, timeout=TIMEOUT) as page:
            if page.status_code != 200:
                page.failure(f"status {page.status_code}")
            elif SIGN_IN in page.url:
                page.failure("signed out")


class Scorer(Person):
    weight = 55
    wait_time = think(3, 8)

    def on_start(self):
        if _free_scorers:
            self.slug, self.email, self.sheet_url = _free_scorers.pop()
            self.may_save = True
        else:
            record["shared_scorers"] += 1
            self.slug, self.email, self.sheet_url = rng.choice(_scorers)
            self.may_save = False
        super().on_start()
        self.open_sheet()

    def open_sheet(self) -> None:
        self.form = None
        with self.client.get(
            self.sheet_url, name="sheet", catch_response=True, timeout=TIMEOUT
        ) as page:
            if page.status_code != 200:
                page.failure(f"status {page.status_code}")
                return
            form = form_with(page.text, lambda f: "hx-post" in f.attrs)
            if form is None:
                if self.may_save:
                    page.failure("no autosaving form: the sheet cannot be edited")
                return
            self.form, self.referer = form, page.url
            self.low, self.high = sheet_scale(page.text)
            if not hasattr(self, "unsaved"):
                self.unsaved = [n for n, _ in form.fields if CELL.match(n)]
                rng.shuffle(self.unsaved)

    @task(9)
    def save_a_cell(self):
        if not self.may_save:
            return self.open_sheet()
        if self.form is None or not self.unsaved:
            return self.open_sheet()
        cell = self.unsaved.pop()
        was = (self.form.value(cell) or "").strip()
        value = str(rng.choice([v for v in range(self.low, self.high + 1) if str(v) != was]))
        self.form.set(cell, value)
        headers = {
            "HX-Request": "true",
            "HX-Current-URL": self.referer,
            "HX-Trigger": self.form.attrs.get("id", ""),
            "Referer": self.referer,
        }
        with self.client.post(
            self.form.attrs["hx-post"],
            self.form.fields,
            headers=headers,
            name="sheet save (htmx)",
            timeout=TIMEOUT,
            catch_response=True,
        ) as answer:
            text = answer.text or ""
            if answer.status_code != 200:
                answer.failure(f"status {answer.status_code}")
            elif "Saved at" not in text or "not saved" in text or "not valid" in text:
                found = re.search(r"<li>([^<]+)</li>", text)
                answer.failure(f"not saved: {found.group(1) if found else text[:120]}")
            else:
                record["saves"].append(
                    {
                        "scorer": self.email,
                        "sheet": self.sheet_url,
                        "cell": cell,
                        "value": value,
                        "at": time.time(),
                    }
                )

    @task(1)
    def reload_sheet(self):
        self.open_sheet()


class Analyst(Person):
    weight = 20
    wait_time = think(5, 15)

    def on_start(self):
        self.item = rng.choice(ITEMS)
        self.email = self.item["analyst"]
        super().on_start()

    @task
    def moderation(self):
        self.read(self.item["urls"]["moderation"], "moderation")

    @task
    def ranking(self):
        self.read(self.item["urls"]["ranking"], "ranking")

    @task
    def analysis(self):
        self.read(self.item["urls"]["analysis"], "analysis")


class BoardMember(Person):
    weight = 10
    wait_time = think(10, 30)

    def on_start(self):
        self.item = rng.choice(ITEMS)
        self.email = self.item["board"]
        super().on_start()

    @task
    def report(self):
        self.read(self.item["urls"]["report"], "report")


class Public(HttpUser):
    weight = 15
    wait_time = think(10, 30)

    @task
    def answer_a_survey(self):
        # A new person each time: their own address and no cookies from the last one.
        self.client.cookies.clear()
        self.client.headers["X-Forwarded-For"] = _address()
        url = rng.choice(ITEMS)["urls"]["survey"]
        with self.client.get(url, name="survey form", catch_response=True, timeout=TIMEOUT) as page:
            if page.status_code != 200:
                page.failure(f"status {page.status_code}")
                return
            form = form_with(page.text, lambda f: "survey-form" in f.attrs.get("class", ""))
            if form is None:
                page.failure("no survey form: is the survey open?")
                return
        gevent.sleep(rng.uniform(5, 20) * THINK)
        with self.client.post(
            url,
            survey_answers(form, rng),
            headers={"Referer": page.url},
            name="survey answer",
            timeout=TIMEOUT,
            allow_redirects=False,
            catch_response=True,
        ) as answer:
            if answer.status_code == 302 and "/thanks/" in answer.headers.get("Location", ""):
                record["survey_posts"][url] += 1
            else:
                found = re.search(r'<li><a href="#[^"]*">([^<]+)</a>', answer.text or "")
                answer.failure(
                    f"status {answer.status_code}" + (f": {found.group(1)}" if found else "")
                )
