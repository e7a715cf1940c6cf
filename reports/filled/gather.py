"""Runs every filler over one report, in the order their blocks depend on each other:
analysis and the data sources register first (the introduction lists the sources
they found), the introduction last."""

from ..blocks import Gathered
from ..models import Report
from . import (
    analysis,
    checklist,
    consultation,
    introduction,
    priorities,
    scoring,
    serious_violence,
    sources,
)
from .reader import Reader


def gather(report: Report, *, charts: bool = True, timings=None) -> Gathered:
    """Everything the workbench fills in for this report. Without `charts`, no chart
    is drawn (the statutory check needs only the evidence)."""
    reader = Reader(report, draw=charts, timings=timings)
    analysis.read_analysis(reader)
    sources.read_sources(reader)
    consultation.read_consultation(reader)
    if not reader.public:
        scoring.read_scoring(reader)
        checklist.read_checklist(reader)
    priorities.read_priorities(reader)
    serious_violence.read_serious_violence(reader)
    introduction.read_introduction(reader)
    return reader.out
