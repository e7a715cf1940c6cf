"""Turning what the Locust process recorded into the figures issue 15 asks for, and
printing them. Percentiles are nearest-rank over the requests started once every
simulated person had started (the steady part of the run); errors count the whole
run, ramp included."""

from collections import defaultdict

# The order pages are printed in; anything else follows.
PAGES = [
    "sheet save (htmx)",
    "sheet",
    "moderation",
    "ranking",
    "analysis",
    "report",
    "survey form",
    "survey answer",
    "sign in form",
    "sign in",
]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return 0.0
    rank = max(1, round(share * len(ordered) + 0.4999))
    return ordered[min(rank, len(ordered)) - 1]


def level_figures(record: dict, users: int) -> dict:
    requests = record["requests"]
    start = record["spawned_at"] or (min((r[1] for r in requests), default=0))
    stop = record["stopped_at"] or max((r[1] for r in requests), default=start)
    window = max(stop - start, 0.001)
    times = defaultdict(list)
    counts = defaultdict(int)
    for name, started, ms, _ok in requests:
        counts[name] += 1
        if started >= start:
            times[name].append(ms)
    names = [n for n in PAGES if n in counts] + sorted(n for n in counts if n not in PAGES)
    pages = {
        name: {
            "requests": counts[name],
            "measured": len(times[name]),
            "p50_ms": round(percentile(times[name], 0.50)),
            "p95_ms": round(percentile(times[name], 0.95)),
            "max_ms": round(max(times[name], default=0)),
        }
        for name in names
    }
    saves_in_window = sum(1 for s in record["saves"] if s.get("at", start) >= start)
    return {
        "users": users,
        "steady_seconds": round(window, 1),
        "requests": len(requests),
        "requests_per_second": round(sum(len(t) for t in times.values()) / window, 2),
        "pages": pages,
        "saves": len(record["saves"]),
        "saves_per_second": round(saves_in_window / window, 2),
        "errors": sum(record["failures"].values()),
        "error_list": [f"{n} x {reason}" for reason, n in sorted(record["failures"].items())],
        "request_cap_reached": record["capped"],
        "scorers_without_own_sheet": record["shared_scorers"],
    }


def print_results(results: dict) -> None:
    out = []
    run = results["run"]
    out.append("")
    out.append(f"National load test, {results['started_at']} ({run['dataset']})")
    out.append(
        f"  {run['partnerships']} partnerships; gunicorn {run['gunicorn_workers']} workers on "
        f"{run['cores']} cores; PostgreSQL {results['postgres']['server_version']} "
        f"(fsync {results['postgres']['fsync']}, synchronous_commit "
        f"{results['postgres']['synchronous_commit']}); Redis {results['postgres']['redis']}"
    )
    for level in results["levels"]:
        out.append("")
        out.append(
            f"{level['users']} concurrent users: {level['steady_seconds']} s measured, "
            f"{level['requests']} requests, {level['requests_per_second']} per second"
        )
        out.append(f"  {'page':<20} {'requests':>9} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
        for name, page in level["pages"].items():
            out.append(
                f"  {name:<20} {page['requests']:>9} {page['p50_ms']:>8} {page['p95_ms']:>8} "
                f"{page['max_ms']:>8}"
            )
        out.append(
            f"  saves: {level['saves']} ({level['saves_per_second']} per second); lost saves: "
            f"{level['lost_saves']}; survey answers: {level['survey_posts']} posted, "
            f"{level['survey_responses_added']} stored"
        )
        out.append(f"  errors: {level['errors']}")
        out.extend(f"    {error}" for error in level["error_list"][:20])
        if level["request_cap_reached"]:
            out.append("  (stopped at the request cap before the time was up)")
    for burst in results["bursts"]:
        out.append("")
        out.append(
            f"Render burst with {burst['workers']} workers: {burst['finished']} of "
            f"{burst['requested']} renders finished in {burst['drain_seconds']} s "
            f"({burst['renders_per_minute']} per minute); failed: {burst['failed']}"
        )
        out.extend(f"    {failure}" for failure in burst["failures"][:20])
    out.append("")
    out.append(f"Database size: {results['database_size']['pretty']}")
    for order, title in (("mean", "mean time"), ("total", "total time")):
        out.append("")
        out.append(f"Ten slowest queries by {title} (pg_stat_statements):")
        out.append(f"  {'mean ms':>9} {'total ms':>10} {'calls':>7}  query")
        for row in results["slowest_queries"][order]:
            out.append(
                f"  {row['mean_ms']:>9} {row['total_ms']:>10} {row['calls']:>7}  {row['query']}"
            )
    out.append("")
    out.append(f"Written to {results['written_to']}")
    print("\n".join(out), flush=True)
