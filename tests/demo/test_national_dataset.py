"""manage.py national_dataset: every partnership gets its full share of the dataset, the
manifest's addresses answer for the right person (and 404 for another partnership's),
the same seed gives the same data, and it refuses a database that has partnerships."""

import json
from collections import Counter

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import Client

from analysis.models import MonthlyCount, Upload
from consultation.models import Answer, Response, Survey
from cycles.models import Cycle, Issue
from demo.national import PASSWORD
from partnerships.models import Membership, Partnership, Role
from reports.models import RenderRun
from scoring.models import AgreedScore, Round, Score, ScoreSheet

pytestmark = pytest.mark.django_db


def _generate(tmp_path, *extra) -> dict:
    path = tmp_path / "manifest.json"
    call_command(
        "national_dataset", "--partnerships", "3", "--seed", "1", "--manifest", str(path), *extra
    )
    return json.loads(path.read_text())


def _client_for(email: str) -> Client:
    client = Client()
    client.force_login(
        User.objects.get(username=email), backend="django.contrib.auth.backends.ModelBackend"
    )
    return client


def test_every_partnership_has_its_full_share_and_the_manifest_says_where(media, tmp_path):
    manifest = _generate(tmp_path)

    assert manifest["partnerships"] == 3 and len(manifest["items"]) == 3
    assert manifest["counts"]["partnerships"] == Partnership.objects.count() == 3
    assert manifest["counts"]["scores"] == Score.objects.count()
    county = Partnership.objects.get(kind=Partnership.Kind.COUNTY)
    districts = Partnership.objects.filter(kind=Partnership.Kind.DISTRICT)
    assert districts.count() == 2 and all(p.parent == county for p in districts)
    # The county covers its districts' areas.
    assert set(county.districts.values_list("code", flat=True)) == set(
        districts.values_list("districts__code", flat=True)
    )
    for item in manifest["items"]:
        partnership = Partnership.objects.get(slug=item["slug"])
        assert item["county"] == (partnership.parent.slug if partnership.parent else None)
        roles = Counter(partnership.memberships.values_list("role", flat=True))
        assert roles == {Role.ADMIN: 1, Role.ANALYST: 1, Role.BOARD_MEMBER: 1,
                         Role.THEME_SPECIALIST: 12}  # fmt: skip
        cycle = Cycle.objects.get(partnership=partnership)
        assert cycle.years.count() == 4
        assert Issue.objects.filter(year__cycle=cycle, year__number=1).count() == 40
        rounds = {r.status: r for r in Round.objects.filter(year__cycle=cycle)}
        assert set(rounds) == {Round.Status.CLOSED, Round.Status.OPEN}
        for round_ in rounds.values():
            assert round_.issues.count() == 40 and round_.version > 0
            assert round_.sheets.count() == 12
            assert round_.assignments.count() == 40 * 12
        closed, open_ = rounds[Round.Status.CLOSED], rounds[Round.Status.OPEN]
        # The closed round is complete; the open one mostly filled, a few sheets sent.
        assert Score.objects.filter(sheet__round=closed).count() == 12 * 40 * 16
        filled = Score.objects.filter(sheet__round=open_).count()
        assert 0.6 * 12 * 40 * 16 < filled < 12 * 40 * 16
        assert open_.sheets.filter(status=ScoreSheet.Status.SUBMITTED).count() == 3
        assert AgreedScore.objects.filter(round=closed).count() == 10 * 16
        assert len(item["draft_scorers"]) == 9
        assert not Score.objects.filter(not_known=True, value__isnull=False).exists()

        upload = Upload.objects.get(dataset__partnership=partnership)
        assert upload.status == Upload.Status.DONE and len(upload.months) == 36
        months = MonthlyCount.objects.filter(dataset__partnership=partnership)
        assert months.values("month").distinct().count() == 36
        assert (media / upload.counts_path).exists()
        assert (media / upload.dataset.aggregate_path).exists()

        survey = Survey.objects.get(year__cycle=cycle)
        assert survey.status == Survey.Status.PUBLISHED
        assert Response.objects.filter(survey=survey).count() == 500
        assert Answer.objects.filter(response__survey=survey).count() >= 500

        runs = RenderRun.objects.filter(report__year__cycle=cycle)
        assert runs.count() == 2
        for run in runs:
            assert run.status == RenderRun.Status.DONE
            assert (media / run.pdf.name).read_bytes()[:5] == b"%PDF-"
            assert run.size == (media / run.pdf.name).stat().st_size and run.pages >= 1

    # Every generated person signs in with the manifest's password.
    assert User.objects.get(username=manifest["items"][0]["analyst"]).check_password(PASSWORD)
    assert manifest["password"] == PASSWORD

    first, other = manifest["items"][0], manifest["items"][1]
    urls = first["urls"]
    scorer = first["draft_scorers"][0]
    pages = [
        (scorer, urls["sheet"][scorer]),
        (first["analyst"], urls["analysis"]),
        (first["analyst"], urls["moderation"]),
        (first["analyst"], urls["ranking"]),
        (first["board"], urls["report"]),
    ]
    for email, url in pages:
        assert _client_for(email).get(url).status_code == 200, url
        assert _client_for(other["analyst"]).get(url).status_code == 404, url
    assert Client().get(urls["survey"]).status_code == 200
    # The render address takes the analyst's request.
    response = _client_for(first["analyst"]).post(urls["render"])
    assert response.status_code == 302
    assert (
        RenderRun.objects.filter(report__year__cycle__partnership__slug=first["slug"]).count() == 3
    )


def _snapshot() -> dict:
    """The generated data, by names rather than ids."""
    return {
        "partnerships": sorted(
            Partnership.objects.values_list("slug", "name", "kind", "parent__slug")
        ),
        "districts": sorted(
            Partnership.objects.values_list("slug", "districts__code", "districts__population")
        ),
        "people": sorted(
            Membership.objects.values_list(
                "user__email", "user__first_name", "role", "agency__name"
            )
        ),  # fmt: skip
        "issues": sorted(
            Issue.objects.values_list(
                "year__cycle__partnership__slug", "title", "lead_agency__name", "source"
            )
        ),  # fmt: skip
        "scores": sorted(
            Score.objects.values_list(
                "sheet__scorer__user__email",
                "sheet__round__name",
                "issue__title",
                "criterion__key",
                "value",
                "not_known",
                "confidence",
            )
        ),  # fmt: skip
        "months": sorted(
            MonthlyCount.objects.values_list(
                "dataset__partnership__slug", "month", "district__code", "category", "count"
            )
        ),
        "answers": sorted(
            (
                a.response.survey.year.cycle.partnership.slug,
                a.response.submission_id,
                a.question.kind,
                json.dumps(_titles(a.value)),
                a.text,
            )
            for a in Answer.objects.select_related(
                "question", "response__survey__year__cycle__partnership"
            )
        ),  # fmt: skip
    }


def _titles(value):
    if isinstance(value, list) and value and isinstance(value[0], int):
        return [Issue.objects.get(pk=pk).title for pk in value]
    return value


def test_the_same_seed_gives_the_same_data(media, tmp_path):
    pdf = tmp_path / "given.pdf"
    pdf.write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Page >> endobj\n%%EOF\n")
    # The first run is rolled back rather than deleted: deleting 30,000 scores one by
    # one (each leaves a history row) took minutes, and the second run needs an empty
    # database either way.
    with transaction.atomic():
        _generate(tmp_path, "--pdf", str(pdf))
        first = _snapshot()
        transaction.set_rollback(True)
    assert len(first["scores"]) > 30_000 and len(first["answers"]) > 1500
    assert not Partnership.objects.exists() and not User.objects.exists()
    _generate(tmp_path, "--pdf", str(pdf))

    assert _snapshot() == first


def test_it_refuses_a_database_that_already_has_partnerships(partnership, media, tmp_path):
    with pytest.raises(CommandError, match="already has 2 partnerships"):
        _generate(tmp_path)
    assert Partnership.objects.count() == 2
    assert not Issue.objects.exists() and not User.objects.exists()
    assert not (tmp_path / "manifest.json").exists()
