"""The render burst: every partnership's analyst asks for a draft render at once, with
the workers stopped, as the report page's button does (GET the page, POST its render
form with its CSRF token). The harness then starts the workers and times the drain."""

import random
import time
from concurrent.futures import ThreadPoolExecutor

import requests

from .forms import csrf_token, form_with

SIGN_IN = "/accounts/sign-in/"


class Analyst:
    def __init__(self, base: str, item: dict, password: str, address: str):
        self.base, self.item, self.password = base, item, password
        self.session = requests.Session()
        self.session.headers["X-Forwarded-For"] = address
        self.signed_in = False

    def sign_in(self) -> None:
        page = self.session.get(self.base + SIGN_IN, timeout=120)
        answer = self.session.post(
            self.base + SIGN_IN,
            {
                "csrfmiddlewaretoken": csrf_token(page.text),
                "username": self.item["analyst"],
                "password": self.password,
            },
            headers={"Referer": page.url},
            allow_redirects=False,
            timeout=120,
        )
        if answer.status_code != 302:
            raise RuntimeError(f"{self.item['analyst']}: sign-in answered {answer.status_code}")
        self.signed_in = True

    def ask_for_render(self) -> None:
        if not self.signed_in:
            self.sign_in()
        render = self.item["urls"]["render"]
        page = self.session.get(self.base + self.item["urls"]["report"], timeout=120)
        page.raise_for_status()
        form = form_with(page.text, lambda f: f.attrs.get("action") == render)
        if form is None:
            raise RuntimeError(f"{self.item['slug']}: no 'Make a draft' form on the report page")
        answer = self.session.post(
            self.base + render,
            form.fields,
            headers={"Referer": page.url},
            allow_redirects=False,
            timeout=120,
        )
        if answer.status_code != 302:
            raise RuntimeError(f"{self.item['slug']}: render request answered {answer.status_code}")


def analysts_for(base: str, manifest: dict, seed: int) -> list[Analyst]:
    rng = random.Random(seed)
    return [
        Analyst(
            base,
            item,
            manifest["password"],
            f"10.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}",
        )
        for item in manifest["items"]
    ]


def request_renders(analysts: list[Analyst], threads: int = 8) -> tuple[int, list[str], float]:
    """One render request per partnership. Returns (requests accepted, failures, seconds)."""
    started = time.monotonic()
    failures = []

    def one(analyst: Analyst) -> bool:
        try:
            analyst.ask_for_render()
        except Exception as error:  # noqa: BLE001 - reported, not raised: the burst goes on
            failures.append(str(error)[:200])
            return False
        return True

    with ThreadPoolExecutor(max_workers=threads) as pool:
        accepted = sum(pool.map(one, analysts))
    return accepted, failures, time.monotonic() - started
