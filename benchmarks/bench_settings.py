"""Settings for the page benchmarks: the project's settings plus one extra URL, a plain
40 x 16 table rendered through a template, to compare the real pages against."""

from csp_assessment.settings import *  # noqa: F403

ROOT_URLCONF = "benchmarks.bench_urls"
TEMPLATES[0]["DIRS"].append(BASE_DIR / "benchmarks" / "templates")  # noqa: F405
