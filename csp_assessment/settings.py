"""Settings for every environment, read from environment variables.

The defaults run the embedded set-up (SQLite, a filesystem Celery broker, files on
local disk). docs/operations.md lists the values for PostgreSQL + Redis + several
workers, and the ones that make `manage.py check --deploy` clean.
"""

import json
import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set when DEBUG is off. For a local run, set DEBUG=1."
        )
    SECRET_KEY = "insecure-local-development-key-only-used-with-debug-on"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# Security switches. Production is HTTPS, so with DEBUG off they are on by default:
# HTTPS redirect, secure cookies and a year of HSTS. PLAIN_HTTP=1 turns them off for a
# trial on plain HTTP (never on a service people use); the tests set it too, since
# Django's test server speaks plain HTTP. Each can still be set on its own.
PLAIN_HTTP = DEBUG or env_bool("PLAIN_HTTP", False)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not PLAIN_HTTP)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not PLAIN_HTTP)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not PLAIN_HTTP)
SECURE_HSTS_SECONDS = int(
    os.environ.get("SECURE_HSTS_SECONDS", "0" if PLAIN_HTTP else str(60 * 60 * 24 * 365))
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
if env_bool("BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Signed out after this long without a request (htmx polling on an open page counts);
# csp_assessment/idle.py moves the expiry on at most every five minutes.
SESSION_IDLE_MINUTES = int(os.environ.get("SESSION_IDLE_MINUTES", "60"))
SESSION_COOKIE_AGE = SESSION_IDLE_MINUTES * 60
# The admin site's address, so it need not be where scanners look for it.
ADMIN_PATH = os.environ.get("ADMIN_PATH", "django-admin/").strip("/") + "/"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

# Content Security Policy (django-csp): scripts only from our own static files, never
# inline; charts are data: images; forms post only here; no framing, plugins or base
# rewriting. Inline styles stay allowed: htmx adds its indicator style, and a few
# templates set widths with style attributes. No inline script exists to allow.
# Single sign-on (OpenID Connect, partnerships/sso.py): the identity providers, from the
# environment only, as JSON keyed by a short name. Secrets never reach the database:
# {"westshire": {"name": "Westshire Council", "discovery_url": "https://login.microsoftonline.com/
#  <tenant>/v2.0/.well-known/openid-configuration", "client_id": "...", "client_secret": "..."}}
OIDC_PROVIDERS = json.loads(os.environ.get("OIDC_PROVIDERS") or "{}")
# Chrome applies form-action to the redirects after a form is sent, so the sign-in and
# sign-out forms may lead on to the providers' own sites.
OIDC_ORIGINS = sorted(
    {
        "{0.scheme}://{0.netloc}".format(urlsplit(p["discovery_url"]))
        for p in OIDC_PROVIDERS.values()
    }
)

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF, *OIDC_ORIGINS],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

# The service's own apps, in the order the cycle runs: each imports only from those
# before it. The permission policy templates read (context_processors.py) follows it.
SERVICE_APPS = [
    "partnerships",
    "notifications",
    "cycles",
    "consultation",
    "analysis",
    "scoring",
    "priorities",
    "reports",
    "plans",
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",
    "django_htmx",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_tables2",
    "django_celery_results",
    "simple_history",
    "status",
    *SERVICE_APPS,
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    # A NUL in the address, query string or a posted value: the 400 page, before any view.
    "csp_assessment.nul_bytes.RefuseNulCharacters",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "csp_assessment.idle.IdleTimeout",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Records who made each change that django-simple-history keeps (scores, moderation).
    "simple_history.middleware.HistoryRequestMiddleware",
    # Axes must come last: it turns a locked-out sign-in into its own response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "csp_assessment.urls"
WSGI_APPLICATION = "csp_assessment.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "partnerships.context_processors.navigation",
                "csp_assessment.context_processors.permissions",
                "plans.context_processors.menu",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not memory, so that a worker process started by a test sees the
    # same test database as the test itself.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test-db.sqlite3")}
    # IMMEDIATE: a transaction takes the write lock when it begins. A deferred one that
    # read first and wrote second would be refused at once ("database is locked") if
    # another connection, a worker say, had begun writing in between.
    DATABASES["default"]["OPTIONS"] = {"timeout": 20, "transaction_mode": "IMMEDIATE"}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")

if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            # Fail fast when Redis is down: callers carry on without the cache.
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
elif os.environ.get("CACHE_DIR"):
    # Without Redis, a folder the web server and the worker share (the demo sets it):
    # a chart the worker drew for a PDF is not drawn again for the page, and sign-in
    # counts hold across processes. Without either, each process's own memory.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": os.environ["CACHE_DIR"],
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24 * 3  # invitations and resets last three days

# Failed sign-in throttling: five failures for one account from one address lock
# that pair out for fifteen minutes.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
# Behind reverse proxies every request comes from the nearest proxy's address: set
# TRUSTED_PROXY_COUNT to how many there are, and the client's address is read from
# X-Forwarded-For instead (csp_assessment/client_address.py says how).
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
AXES_CLIENT_IP_CALLABLE = "csp_assessment.client_address.client_address"
# Failed sign-ins from one address across every username (csp_assessment/throttle.py)
# before that address must wait fifteen minutes.
SIGN_IN_ADDRESS_LIMIT = int(os.environ.get("SIGN_IN_ADDRESS_LIMIT", "30"))
# Public survey answers from one address to one survey in an hour.
SURVEY_ADDRESS_LIMIT = int(os.environ.get("SURVEY_ADDRESS_LIMIT", "20"))
# The most answers one survey takes, from everyone: a bound on what the public can store.
SURVEY_MOST_ANSWERS = int(os.environ.get("SURVEY_MOST_ANSWERS", "20000"))

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["csp_assessment.formats"]
# The same formats where no language is active (Django then reads these settings).
from csp_assessment.formats.en_GB.formats import (  # noqa: E402, F401
    DATE_FORMAT,
    DATETIME_FORMAT,
    TIME_FORMAT,
    YEAR_MONTH_FORMAT,
)

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
# Every upload stops once this many bytes have arrived (csp_assessment/uploads.py);
# the largest form limit (police data) sits below it.
ANALYSIS_MAX_UPLOAD_BYTES = int(os.environ.get("ANALYSIS_MAX_UPLOAD_BYTES", 200 * 1024 * 1024))
UPLOAD_MAX_BYTES = int(os.environ.get("UPLOAD_MAX_BYTES", ANALYSIS_MAX_UPLOAD_BYTES + 1024 * 1024))
# A score sheet's form sends every cell and its confidence: 40 issues by 16 criteria is
# 1,281 fields on each autosave, over Django's default of 1,000 (which answered 400 and
# saved nothing; the national load test found it). This allows 100 issues by 20.
DATA_UPLOAD_MAX_NUMBER_FIELDS = int(os.environ.get("DATA_UPLOAD_MAX_NUMBER_FIELDS", "5000"))
FILE_UPLOAD_HANDLERS = [
    "csp_assessment.uploads.BoundedUpload",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "workbench@localhost")
# Who runs this copy of the service and where people report an accessibility problem:
# shown on the accessibility statement (/accessibility/).
# Named mid-sentence on the accessibility statement, and capitalised where it starts one.
SERVICE_OPERATOR = (
    os.environ.get("SERVICE_OPERATOR", "").strip()
    or "the community safety partnership that uses it"
)
ACCESSIBILITY_CONTACT_EMAIL = os.environ.get("ACCESSIBILITY_CONTACT_EMAIL", DEFAULT_FROM_EMAIL)
# Seconds before a mail server that does not answer counts as a fault (retried later).
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "20"))
# The address emails link to: the worker sends them without a request to read it from.
SITE_URL = os.environ.get("SITE_URL", "http://localhost:8000")
# How long a worker holds a notification while it sends before another may take it over.
NOTIFICATION_CLAIM_SECONDS = int(os.environ.get("NOTIFICATION_CLAIM_SECONDS", "300"))
# The hour (local time) the daily digest is gathered; the minute sweep catches up after it.
NOTIFICATION_DIGEST_HOUR = 7

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
DJANGO_TABLES2_TEMPLATE = "table.html"


def _beat(task: str, schedule) -> dict:
    """A Celery beat entry: run `task` on `schedule`."""
    return {"task": task, "schedule": schedule}


# Celery. With REDIS_URL the broker is Redis; without it, kombu's filesystem
# transport, which needs no server but still crosses processes (the demo's
# worker is a real separate process). The host means nothing to that transport, but
# kombu warns at every start when the URL names none, so it names one.
CELERY_BROKER_DIR = VAR_DIR / "broker"
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL") or REDIS_URL or "filesystem://localhost/"
if CELERY_BROKER_URL.startswith("filesystem://"):
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_BROKER_DIR / "queue"),
        "data_folder_out": str(CELERY_BROKER_DIR / "queue"),
        "processed_folder": str(CELERY_BROKER_DIR / "processed"),
        "control_folder": str(CELERY_BROKER_DIR / "control"),
        "store_processed": False,
        "polling_interval": 0.1,
    }
    # kombu does not create its folders, and any process may be the first to send.
    for _folder in ("queue", "processed", "control"):
        (CELERY_BROKER_DIR / _folder).mkdir(parents=True, exist_ok=True)
elif CELERY_BROKER_URL.startswith("redis"):
    # A broker that cannot be reached answers in seconds, not minutes; the page that
    # sent the task carries on (csp_assessment/queueing.py). socket_timeout bounds a
    # send on a pooled connection the broker dropped without closing (a failover, a
    # firewall): without it the send, and the page, would wait for ever.
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "socket_connect_timeout": 3,
        "socket_timeout": 5,
        "socket_keepalive": True,
    }
CELERY_RESULT_BACKEND = "django-db"
CELERY_RESULT_EXTENDED = True
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = TIME_ZONE
# Celery beat (the demo worker runs it embedded with -B). Every task is safe to run
# twice: notifications have unique keys, and sending and renders claim their rows.
CELERY_BEAT_SCHEDULE = {
    # Each app's due checks (sheets, actions, six-month reviews, agreements' reviews)
    # record notifications; unique keys mean running hourly records each one once
    # (notifications/kinds.py).
    "notifications-due-checks": _beat("notifications.run_due_checks", timedelta(hours=1)),
    # Sends what a mail fault or a lost worker left waiting.
    "notifications-send-waiting": _beat("notifications.send_waiting", timedelta(minutes=1)),
    # The minute sweep also gathers today's digests if this run was missed.
    "notifications-daily-digest": _beat(
        "notifications.send_digests", crontab(hour=NOTIFICATION_DIGEST_HOUR, minute=0)
    ),
    # A render whose worker died (or whose message was lost) is queued again once its
    # claim expires; claims are conditional, so a duplicate message does nothing.
    "analysis-requeue-stale-imports": _beat("analysis.requeue_stale_imports", timedelta(minutes=1)),
    "reports-requeue-stale-renders": _beat("reports.requeue_stale_renders", timedelta(minutes=1)),
    "plans-requeue-stale-renders": _beat("plans.requeue_stale_renders", timedelta(minutes=1)),
    # Deletes or anonymises what each partnership's retention settings say has expired.
    "partnerships-apply-retention": _beat("partnerships.apply_retention", timedelta(days=1)),
}
# How long a worker holds an import before another may take it over.
IMPORT_CLAIM_SECONDS = int(os.environ.get("IMPORT_CLAIM_SECONDS", "900"))
# How long a worker holds a render before another may take it over.
REPORT_CLAIM_SECONDS = int(os.environ.get("REPORT_CLAIM_SECONDS", "600"))
# How many laid-out report pages each worker process keeps for the next render
# (reports/sectioned.py); 0 keeps none.
REPORT_LAYOUT_CACHE_PAGES = int(os.environ.get("REPORT_LAYOUT_CACHE_PAGES", "200"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"refusals": {"()": "csp_assessment.log_filters.RefusalsWithoutTraceback"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # A routine 403 logs its line without Django's traceback (csp_assessment.log_filters).
        "django.request": {"filters": ["refusals"]},
        # WeasyPrint and fontTools are noisy at INFO; their warnings still show.
        "fontTools": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
    },
}
