"""Moved: every chart is drawn by `csp_assessment.charts`. Kept only until
`reports/filled.py` imports it from there (then delete this file)."""

from csp_assessment.charts import *  # noqa: F403
