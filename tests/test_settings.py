"""Settings come from the environment; production values pass Django's deploy checks."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# The production values docs/operations.md lists.
PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "k3J9x-Qw8vZ2mN5tR7yU1iO4pA6sD0fG-hJ3kL8zX2cV5bN7mQ9wE1rT4yU6iO",
    "ALLOWED_HOSTS": "workbench.example.org",
    "CSRF_TRUSTED_ORIGINS": "https://workbench.example.org",
    "SECURE_SSL_REDIRECT": "1",
    "SESSION_COOKIE_SECURE": "1",
    "CSRF_COOKIE_SECURE": "1",
    "SECURE_HSTS_SECONDS": "31536000",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": "1",
    "SECURE_HSTS_PRELOAD": "1",
    "BEHIND_TLS_PROXY": "1",
}


def _manage(*args, env):
    # The browser tests allow async-unsafe calls in this process; a deployment must not.
    base = {
        k: v
        for k, v in os.environ.items()
        if k not in PRODUCTION and k != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_the_production_values():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_the_defaults_fail_the_deploy_check():
    env = {"DEBUG": "0", "SECRET_KEY": PRODUCTION["SECRET_KEY"]}
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode != 0
    assert "SECURE_HSTS_SECONDS" in result.stdout + result.stderr


def test_a_secret_key_is_required_when_debug_is_off():
    result = _manage("check", env={"DEBUG": "0", "SECRET_KEY": ""})
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_without_redis_a_cache_dir_is_one_cache_for_the_web_server_and_the_worker(tmp_path):
    """The demo's web server and worker are two processes: with CACHE_DIR a chart one
    draws is read by the other. Without it each process keeps its own."""
    put = "from django.core.cache import cache; cache.set('chart:shared', 'drawn', 60)"
    get = "from django.core.cache import cache; print(cache.get('chart:shared'))"
    shared = {"SECRET_KEY": "t", "DEBUG": "0", "REDIS_URL": "", "CACHE_DIR": str(tmp_path)}
    assert _manage("shell", "-c", put, env=shared).returncode == 0
    assert _manage("shell", "-c", get, env=shared).stdout.split()[-1] == "drawn"
    own = {**shared, "CACHE_DIR": ""}
    assert _manage("shell", "-c", put, env=own).returncode == 0
    assert _manage("shell", "-c", get, env=own).stdout.split()[-1] == "None"
