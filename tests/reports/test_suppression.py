"""Small-number suppression in the public summary: the one rule every table, chart and
sentence asks, as a table. No database."""

import pytest

from reports.rules import suppressed, too_small


@pytest.mark.parametrize(
    ("count", "threshold", "hidden", "printed"),
    [
        (None, 10, False, "no data"),
        (0, 10, False, "0"),
        (1, 10, True, "fewer than 10"),
        (9, 10, True, "fewer than 10"),
        (10, 10, False, "10"),
        (12345, 10, False, "12,345"),
        (49, 50, True, "fewer than 50"),
        # A threshold of 1 hides nothing.
        (1, 1, False, "1"),
    ],
)
def test_small_counts_are_hidden_below_the_threshold(count, threshold, hidden, printed):
    assert too_small(count, threshold) is hidden
    assert suppressed(count, threshold) == printed
