"""What the harness reads back from the database: that every save answered as saved
is there, how many survey responses each survey has, the renders' progress, the
database's size and pg_stat_statements' slowest queries.

The models are used through Django, set up in the harness's own process once the
database exists (`setup_django`); the Locust process never touches the database."""

import os
import re
from collections import defaultdict

from .services import superuser

SHEET_ROUND = re.compile(r"/rounds/(\d+)/sheet/")
CELL = re.compile(r"^c(\d+)_(\d+)$")
SURVEY_KEY = re.compile(r"/survey/([^/]+)/")
REPORT_ID = re.compile(r"/reports/(\d+)/")


def setup_django(env: dict) -> None:
    for name in ("DATABASE_URL", "REDIS_URL", "SECRET_KEY", "DEBUG", "VAR_DIR", "MEDIA_ROOT"):
        os.environ[name] = env[name]
    os.environ["DJANGO_SETTINGS_MODULE"] = "csp_assessment.settings"
    import django

    django.setup()


def lost_saves(saves: list[dict]) -> list[dict]:
    """The saves answered as saved whose value is not in the database. Every save in a
    run wrote a cell no other save in that run wrote, so each must still be there."""
    from scoring.models import Score

    wanted = defaultdict(dict)  # (round id, scorer email) -> {(issue, criterion): save}
    for save in saves:
        round_id = int(SHEET_ROUND.search(save["sheet"]).group(1))
        issue, criterion = map(int, CELL.match(save["cell"]).groups())
        wanted[round_id, save["scorer"]][issue, criterion] = save
    lost = []
    for (round_id, email), cells in wanted.items():
        stored = {
            (issue, criterion): (value, not_known)
            for issue, criterion, value, not_known in Score.objects.filter(
                sheet__round_id=round_id, sheet__scorer__user__email=email
            ).values_list("issue_id", "criterion_id", "value", "not_known")
        }
        for key, save in cells.items():
            if stored.get(key) != (int(save["value"]), False):
                lost.append({**save, "found": stored.get(key)})
    return lost


def survey_responses(urls: list[str]) -> dict[str, int]:
    from consultation.models import Response

    return {
        url: Response.objects.filter(survey__public_key=SURVEY_KEY.search(url).group(1)).count()
        for url in urls
    }


def report_ids(render_urls: list[str]) -> list[int]:
    return [int(REPORT_ID.search(url).group(1)) for url in render_urls]


def clear_render_queue(reports: list[int]) -> tuple[int, int]:
    """Before a burst: a render left queued or running by an interrupted earlier run
    would absorb the new request (a queued draft is not queued twice), so such runs
    are marked failed. Returns (the highest run id so far, how many were cleared)."""
    from django.db.models import Max
    from django.utils import timezone

    from reports.models import RenderRun

    stale = RenderRun.objects.filter(
        report_id__in=reports,
        status__in=[RenderRun.Status.QUEUED, RenderRun.Status.RENDERING],
    ).update(
        status=RenderRun.Status.FAILED,
        error="Abandoned by an interrupted load test.",
        finished_at=timezone.now(),
    )
    return RenderRun.objects.aggregate(top=Max("pk"))["top"] or 0, stale


def renders_since(after: int) -> dict[str, int]:
    from django.db.models import Count

    from reports.models import RenderRun

    rows = RenderRun.objects.filter(pk__gt=after).values("status").annotate(n=Count("pk"))
    return {row["status"]: row["n"] for row in rows}


def failed_renders(after: int) -> list[str]:
    from reports.models import RenderRun

    return [
        f"report {report}: {error[:200]}"
        for report, error in RenderRun.objects.filter(
            pk__gt=after, status=RenderRun.Status.FAILED
        ).values_list("report_id", "error")
    ]


def reset_statements(pg_port: int, database: str) -> None:
    with superuser(pg_port, database) as db:
        db.execute("SELECT pg_stat_statements_reset()")


def database_size(pg_port: int, database: str) -> dict:
    with superuser(pg_port) as db:
        size, pretty = db.execute(
            "SELECT pg_database_size(%s), pg_size_pretty(pg_database_size(%s))",
            [database, database],
        ).fetchone()
    return {"bytes": size, "pretty": pretty}


def _short(query: str, width: int = 160) -> str:
    """One line; a SELECT's column list (most of Django's text) shortened to "...", so
    the tables and conditions show."""
    text = re.sub(r"\s+", " ", query).strip()
    text = re.sub(r"^SELECT (DISTINCT )?.+? FROM ", r"SELECT \1... FROM ", text)
    return text if len(text) <= width else text[: width - 3] + "..."


def slowest_queries(pg_port: int, database: str, limit: int = 10) -> dict:
    """The application's (role csp) ten slowest statements by mean and by total time,
    since the reset at the start of the load."""
    columns = "query, calls, mean_exec_time, total_exec_time, rows"
    found = {}
    with superuser(pg_port, database) as db:
        for order in ("mean_exec_time", "total_exec_time"):
            rows = db.execute(
                f"SELECT {columns} FROM pg_stat_statements "  # noqa: S608 - fixed names
                "WHERE dbid = (SELECT oid FROM pg_database WHERE datname = %s) "
                "AND userid = (SELECT oid FROM pg_roles WHERE rolname = 'csp') "
                f"ORDER BY {order} DESC LIMIT %s",
                [database, limit],
            ).fetchall()
            found[order.removesuffix("_exec_time")] = [
                {
                    "query": _short(query),
                    "calls": calls,
                    "mean_ms": round(mean, 2),
                    "total_ms": round(total, 1),
                    "rows": nrows,
                }
                for query, calls, mean, total, nrows in rows
            ]
    return found
