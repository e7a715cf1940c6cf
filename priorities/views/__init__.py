"""Priorities pages, one module per topic; urls.py imports the modules."""

# TRANSITIONAL: csp_assessment/urls.py reads the two public pages from here until it
# imports priorities.views.public itself; then these lines go.
from .public import public_summary, public_you_said  # noqa: F401
