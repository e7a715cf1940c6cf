"""One reverse for a list's links gives what a reverse for each would: no database."""

import pytest
from django.urls import NoReverseMatch, reverse

from csp_assessment.links import for_each


@pytest.mark.parametrize("issue_id", [1, 7, 40, 123456])
def test_each_link_is_the_one_reverse_would_give(issue_id):
    url = for_each("scoring:sheet_issue", "issue_id", slug="luton-0", round_id=918)
    expected = reverse(
        "scoring:sheet_issue", kwargs={"slug": "luton-0", "round_id": 918, "issue_id": issue_id}
    )
    assert url(issue_id) == expected


def test_an_id_that_is_not_a_number_is_refused():
    url = for_each("scoring:sheet_issue", "issue_id", slug="luton", round_id=1)
    with pytest.raises(ValueError):
        url("1/../../admin")


def test_a_name_whose_path_does_not_take_the_id_is_refused():
    with pytest.raises(NoReverseMatch):
        for_each("scoring:rounds", "issue_id", slug="luton")
