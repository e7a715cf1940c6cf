"""Matrices are data: loaded from files by version, copied and edited by admins, and
pinned by the rounds that use them."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from scoring import services
from scoring.matrix_files import MatrixFileError, parse_matrix, shipped_matrices
from scoring.models import Criterion, Matrix

SLUG = "central-bedfordshire"
SIX_LEVELS = {str(v): f"Level {v}" for v in range(6)}


def test_shipped_criterion_names_are_sentence_case():
    """The names head the sheet, the heatmap and the workbooks as written here: only
    the first word and acronyms (CSP) start with a capital."""
    for matrix in shipped_matrices():
        for criterion in matrix["criteria"]:
            first, *rest = criterion["name"].split()
            assert first[0].isupper(), criterion["name"]
            for word in rest:
                assert word.islower() or word.isupper() or not word[0].isalpha(), criterion["name"]


def test_the_three_shipped_matrices_load_once(db):
    call_command("load_matrices")
    call_command("load_matrices")
    assert sorted(Matrix.objects.values_list("key", flat=True)) == [
        "csp-16",
        "impact-likelihood-4x4",
        "morile",
    ]
    csp = Matrix.objects.get(key="csp-16")
    assert csp.criteria.count() == 16
    assert (csp.scale_min, csp.scale_max) == (0, 5)
    assert all(len(c.levels) == 6 and c.meaning for c in csp.criteria.all())
    data_driven = set(csp.criteria.filter(data_driven=True).values_list("key", flat=True))
    assert {"proportion_of_demand", "performance_deteriorating", "risk_of_increase"} <= data_driven
    morile = Matrix.objects.get(key="morile")
    groups = set(morile.criteria.values_list("group", flat=True))
    assert groups == {"harm", "likelihood", "confidence", "organisation"}


def test_a_matrix_is_named_with_its_version_without_doubled_brackets(db):
    call_command("load_matrices")
    csp = Matrix.objects.get(key="csp-16")
    assert str(csp) == "Partnership risk matrix (16 criteria), version 1"


def test_a_matrix_file_without_every_level_described_is_refused():
    data = {
        "key": "x",
        "name": "X",
        "version": 1,
        "method": "sum",
        "scale": {"min": 0, "max": 2},
        "criteria": [{"key": "a", "name": "A", "levels": {0: "none", 1: "some"}}],
    }
    with pytest.raises(MatrixFileError, match="needs a descriptor for every level 0 to 2"):
        parse_matrix(data, "x.yaml")


def test_an_admin_copies_and_edits_a_matrix(client_as, cast, csp16, partnership):
    client = client_as(cast["admin"])
    response = client.post(
        reverse("scoring:matrix_copy", kwargs={"slug": SLUG, "matrix_id": csp16.pk})
    )
    copy = Matrix.objects.get(partnership=partnership)
    assert response["Location"].endswith(f"/matrices/{copy.pk}/")
    assert (copy.key, copy.version, copy.copied_from) == ("csp-16", 1, csp16)
    criterion = copy.criteria.get(key="media_attention")
    data = {
        "name": "Media and social media attention",
        "meaning": "Coverage anywhere.",
        "weight": "0.5",
        **{f"level_{v}": f"Level {v}" for v in range(6)},
    }
    client.post(
        reverse("scoring:criterion_edit", kwargs={"slug": SLUG, "criterion_id": criterion.pk}), data
    )
    criterion.refresh_from_db()
    assert criterion.name == "Media and social media attention"
    assert float(criterion.weight) == 0.5 and criterion.levels["3"] == "Level 3"
    # The shipped matrix is untouched.
    assert csp16.criteria.get(key="media_attention").name == "Media attention"


def test_a_second_copy_is_the_next_version(csp16, partnership):
    first = services.copy_matrix(matrix=csp16, partnership=partnership)
    second = services.copy_matrix(matrix=first, partnership=partnership)
    assert (first.version, second.version) == (1, 2)


def test_the_round_form_tells_a_copy_from_the_matrix_it_came_from(
    client_as, cast, csp16, partnership, year, issues
):
    services.copy_matrix(matrix=csp16, partnership=partnership)
    page = (
        client_as(cast["analyst"])
        .get(reverse("scoring:round_new", kwargs={"slug": SLUG, "year_id": year.pk}))
        .content.decode()
    )
    assert ">Partnership risk matrix (16 criteria), version 1, as shipped<" in page
    assert ">Partnership risk matrix (16 criteria), version 1, our copy<" in page


def test_shipped_matrices_cannot_be_edited(csp16):
    with pytest.raises(ValidationError, match="cannot be edited. Copy one first"):
        services.update_criterion(
            criterion=csp16.criteria.first(), name="x", meaning="", weight=1, levels=SIX_LEVELS
        )


def test_a_round_pins_its_matrix_so_later_edits_need_a_new_version(
    year, issues, partnership, cast, scorer_of
):
    from scoring.matrix_files import load_shipped_matrices

    load_shipped_matrices()
    csp16 = Matrix.objects.get(partnership=None, key="csp-16")
    own = services.copy_matrix(matrix=csp16, partnership=partnership)
    round_ = services.create_round(
        year=year, name="R", matrix=own, deadline=date(2026, 10, 1), issues=issues
    )
    services.assign_scorers(
        round_=round_, issue=issues[0], scorers=[scorer_of(cast["theme_specialist"])]
    )
    services.open_round(round_=round_)
    with pytest.raises(ValidationError, match="used in a scoring round, so it cannot change"):
        services.update_criterion(
            criterion=own.criteria.first(), name="Changed", meaning="", weight=1, levels=SIX_LEVELS
        )
    newer = services.copy_matrix(matrix=own, partnership=partnership)
    services.update_criterion(
        criterion=newer.criteria.first(), name="Changed", meaning="", weight=1, levels=SIX_LEVELS
    )
    round_.refresh_from_db()
    assert round_.matrix.criteria.first().name == "Gap in current picture"
    assert Criterion.objects.filter(name="Changed").count() == 1


def test_every_level_needs_a_description(csp16, partnership):
    own = services.copy_matrix(matrix=csp16, partnership=partnership)
    with pytest.raises(ValidationError, match="every level from 0 to 5"):
        services.update_criterion(
            criterion=own.criteria.first(), name="x", meaning="", weight=1, levels={"0": "None"}
        )


def test_changing_the_scale_keeps_a_descriptor_for_each_new_level(csp16, partnership):
    own = services.copy_matrix(matrix=csp16, partnership=partnership)
    services.update_matrix(matrix=own, name=own.name, description="", scale_min=1, scale_max=4)
    assert sorted(own.criteria.first().levels) == ["1", "2", "3", "4"]
    with pytest.raises(ValidationError):
        services.update_matrix(matrix=own, name=own.name, description="", scale_min=4, scale_max=4)


def test_a_matrix_reads_its_settings_without_a_query(db, django_assert_num_queries):
    call_command("load_matrices")
    morile = Matrix.objects.get(key="morile")
    with django_assert_num_queries(0):
        settings = morile.settings
    assert [band.label for band in settings.bands] == ["Low", "Medium", "High", "Very high"]
    assert settings.confidence_label(4) == "Very high confidence"


def test_a_matrix_file_with_settings_it_cannot_read_is_refused():
    data = {
        "key": "x",
        "name": "X",
        "version": 1,
        "method": "grid",
        "scale": {"min": 0, "max": 5},
        "config": {"bands": [{"label": "Low"}]},
        "criteria": [{"key": "a", "name": "A", "levels": SIX_LEVELS}],
    }
    with pytest.raises(MatrixFileError, match="x.yaml"):
        parse_matrix(data, "x.yaml")
