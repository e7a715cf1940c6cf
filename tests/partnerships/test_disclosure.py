"""The one small-number rule, as a table, and the admin setting that drives it."""

import pytest

from partnerships.disclosure import group_hidden, hidden, shown_count, shown_group


@pytest.mark.parametrize(
    ("count", "threshold", "shown", "is_hidden"),
    [
        (None, 10, "no data", False),
        (0, 10, "0", False),
        (1, 10, "fewer than 10", True),
        (9, 10, "fewer than 10", True),
        (10, 10, "10", False),
        (1234, 10, "1,234", False),
        (4, 5, "fewer than 5", True),
        (1, 1, "1", False),
    ],
)
def test_small_counts_are_banded_at_the_partnerships_threshold(count, threshold, shown, is_hidden):
    assert shown_count(count, threshold) == shown
    assert hidden(count, threshold) is is_hidden


def test_admin_sets_the_threshold_and_bad_values_change_nothing(client_as, cast, partnership):
    client = client_as(cast["admin"])
    url = f"/p/{partnership.slug}/settings/"
    form = {"name": partnership.name, "kind": partnership.kind}
    assert partnership.suppress_below == 10
    response = client.post(url, {**form, "suppress_below": 0})
    assert response.status_code == 200
    assert "Enter a number of at least 1." in response.content.decode()
    partnership.refresh_from_db()
    assert partnership.suppress_below == 10
    client.post(url, {**form, "suppress_below": 5})
    partnership.refresh_from_db()
    assert partnership.suppress_below == 5


@pytest.mark.parametrize(
    ("counts", "threshold", "shown"),
    [
        # Nothing small: every count as it is.
        ([12, 30, 0], 10, ["12", "30", "0"]),
        # One small count: the smallest count shown that is not zero goes with it.
        ([1, 11, 0], 10, ["fewer than 10", "not shown", "0"]),
        ([3, 50, 40], 10, ["fewer than 10", "50", "not shown"]),
        # Two small counts still take one more: 1 + 1 is the only way to make 2.
        ([1, 1, 20, 30], 10, ["fewer than 10", "fewer than 10", "not shown", "30"]),
        # Equal counts: the first of them.
        ([2, 15, 15], 10, ["fewer than 10", "not shown", "15"]),
        # Nothing left to hide with: the total is itself small, or the sum of small ones.
        ([4, 0, 0], 10, ["fewer than 10", "0", "0"]),
        ([6, 7, 0], 10, ["fewer than 10", "fewer than 10", "0"]),
        # A threshold of 1 hides nothing.
        ([1, 11, 0], 1, ["1", "11", "0"]),
    ],
)
def test_a_group_that_adds_up_to_a_total_hides_one_more(counts, threshold, shown):
    assert shown_group(counts, threshold) == shown
    assert group_hidden(counts, threshold) == [
        text in ("fewer than 10", "not shown") for text in shown
    ]
