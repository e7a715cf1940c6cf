"""A count and its noun: no database."""

import pytest

from csp_assessment.plurals import counted


@pytest.mark.parametrize(
    ("number", "words"),
    [(0, "0 priorities"), (1, "1 priority"), (2, "2 priorities")],
)
def test_a_count_takes_the_singular_only_for_one(number, words):
    assert counted(number, "priority", "priorities") == words


def test_the_plural_adds_an_s_unless_given():
    assert counted(1, "measure") == "1 measure"
    assert counted(3, "measure") == "3 measures"
