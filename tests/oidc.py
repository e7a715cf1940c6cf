"""A real OpenID Connect provider for tests (tests/oidc_provider: django-oauth-toolkit in
its own process on a free loopback port), and a person signing in at it.

`running_provider` starts it with a registered client and the given users, waits until
its discovery document answers, and stops it afterwards. `ProviderUser.sign_in_at`
does what a person does on the provider's own sign-in page, with a plain HTTP client."""

import json
import os
import re
import subprocess
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

import requests

from tests.workers import ROOT, _free_port, stop

CLIENT_ID = "workbench"
CLIENT_SECRET = "a-client-secret-only-the-tests-know"
PASSWORD = "provider-password"
PROVIDER_KEY = "westshire"
CALLBACK = f"/accounts/sign-in/{PROVIDER_KEY}/done/"


@dataclass(frozen=True)
class Provider:
    url: str

    @property
    def discovery_url(self) -> str:
        return f"{self.url}/o/.well-known/openid-configuration"

    def settings(self) -> dict:
        """settings.OIDC_PROVIDERS naming this provider, as the environment would."""
        return {
            PROVIDER_KEY: {
                "name": "Westshire Council",
                "discovery_url": self.discovery_url,
                "client_id": CLIENT_ID,
                "client_secret": CLIENT_SECRET,
            }
        }

    def sign_in_at(self, authorize_url: str, username: str, browser=None) -> str:
        """Sign in on the provider's page as `username`; return where it sends us back.
        Pass a requests.Session as `browser` to keep the provider's cookies."""
        browser = browser or requests.Session()
        page = browser.get(authorize_url, timeout=10)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
        answer = browser.post(
            page.url,
            data={
                "csrfmiddlewaretoken": token,
                "username": username,
                "password": PASSWORD,
                "next": re.search(r'name="next" value="([^"]*)"', page.text).group(1),
            },
            headers={"Referer": page.url},
            allow_redirects=False,
            timeout=10,
        )
        assert answer.status_code == 302, answer.text[:500]
        authorised = browser.get(
            urljoin(page.url, answer.headers["Location"].replace("&amp;", "&")),
            allow_redirects=False,
            timeout=10,
        )
        assert authorised.status_code == 302, authorised.text[:500]
        return authorised.headers["Location"]


def provider_user(username: str, email: str, *, verified: bool = True, entra=False) -> dict:
    """A person at the provider. `entra`: claims as Entra ID gives them (xms_edov)."""
    return {
        "entra": entra,
        "username": username,
        "email": email,
        "password": PASSWORD,
        "email_verified": verified,
        "first_name": username.title(),
    }


@contextmanager
def running_provider(tmp_path: Path, *, users: list[dict], hosts=("testserver",)):
    """The provider, serving until the block ends. `hosts` are where the workbench runs
    (the test client's host, or the live server's loopback name: any port)."""
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    seed = {
        "client_id": CLIENT_ID,
        "client_secret": CLIENT_SECRET,
        "redirect_uris": [f"http://{host}{CALLBACK}" for host in hosts],
        "post_logout_redirect_uris": [f"http://{host}/accounts/sign-in/" for host in hosts],
        "users": users,
    }
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.oidc_provider.settings",
        "OIDC_PROVIDER_DB": str(tmp_path / "provider.sqlite3"),
        "OIDC_PROVIDER_ISSUER": f"{url}/o",
        "OIDC_PROVIDER_SEED": json.dumps(seed),
    }
    log = tmp_path / "provider.log"
    with open(log, "w") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "tests.oidc_provider.serve", str(port)],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        provider = Provider(url)
        deadline = time.monotonic() + 60
        while True:
            try:
                if requests.get(provider.discovery_url, timeout=2).status_code == 200:
                    break
            except requests.RequestException:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("The test identity provider did not start:\n" + log.read_text())
            time.sleep(0.1)
        yield provider
    finally:
        stop(process)
