"""A manifest (the contract in demo/national.py) for the demo data, so the harness can
run on `manage.py load_demo` alone: `--demo`, or when `national_dataset` is missing.

    python -m benchmarks.load.demo_manifest PATH    (with the harness's environment)

The demo has one partnership with an open round; its public survey is closed, so this
opens it (the database is the harness's own)."""

import json
import os
import sys
from datetime import timedelta

import django


def build() -> dict:
    from django.urls import reverse
    from django.utils import timezone

    from consultation.models import Survey
    from demo.builder import DEMO_PASSWORD
    from partnerships.models import Role
    from reports.models import Report
    from scoring.models import Round, ScoreSheet

    today = timezone.localdate()
    open_round = Round.objects.filter(status=Round.Status.OPEN).select_related(
        "year__cycle__partnership"
    )[0]
    partnership = open_round.year.cycle.partnership
    slug = partnership.slug
    read_round = (
        Round.objects.filter(year__cycle__partnership=partnership, status=Round.Status.CLOSED)
        .order_by("-pk")
        .first()
        or open_round
    )
    sheets = ScoreSheet.objects.filter(
        round=open_round, status=ScoreSheet.Status.DRAFT
    ).select_related("scorer__user")
    members = partnership.memberships.select_related("user")
    analyst = members.filter(role=Role.ANALYST).order_by("pk")[0].user.email
    board = members.filter(role=Role.BOARD_MEMBER).order_by("pk")[0].user.email
    report = Report.objects.filter(year__cycle__partnership=partnership).order_by("-pk")[0]
    survey = Survey.objects.filter(
        year__cycle__partnership=partnership, audience=Survey.Audience.PUBLIC
    ).order_by("pk")[0]
    if not survey.is_open(today):
        survey.status = Survey.Status.PUBLISHED
        survey.opens_on = min(survey.opens_on, today)
        survey.closes_on = today + timedelta(days=30)
        survey.requires_token = False
        survey.save()

    def url(name: str, **kwargs) -> str:
        return reverse(name, kwargs={"slug": slug, **kwargs})

    sheet_url = url("scoring:sheet", round_id=open_round.pk)
    return {
        "password": DEMO_PASSWORD,
        "partnerships": 1,
        "generated_in_seconds": None,
        "counts": {"partnerships": 1, "scorers": sheets.count()},
        "items": [
            {
                "slug": slug,
                "county": None,
                "analyst": analyst,
                "board": board,
                "scorers": [s.scorer.user.email for s in sheets],
                "urls": {
                    "sheet": {s.scorer.user.email: sheet_url for s in sheets},
                    "analysis": url("analysis:index"),
                    "moderation": url("scoring:moderation", round_id=read_round.pk),
                    "ranking": url("scoring:ranking", round_id=read_round.pk),
                    "report": url("reports:report", report_id=report.pk),
                    "render": url("reports:render", report_id=report.pk),
                    "survey": reverse("consultation_public:survey", args=[survey.public_key]),
                },
            }
        ],
    }


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "csp_assessment.settings")
    django.setup()
    with open(sys.argv[1], "w") as out:
        json.dump(build(), out, indent=1)
