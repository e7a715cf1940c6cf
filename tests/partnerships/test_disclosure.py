"""The one small-number rule, as a table, and the admin setting that drives it."""

import pytest

from partnerships.disclosure import hidden, shown_count


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
    assert "Ensure this value is greater than or equal to 1." in response.content.decode()
    partnership.refresh_from_db()
    assert partnership.suppress_below == 10
    client.post(url, {**form, "suppress_below": 5})
    partnership.refresh_from_db()
    assert partnership.suppress_below == 5
