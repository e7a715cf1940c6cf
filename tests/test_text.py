"""Text cut to fit: what the history, chart labels and group questions share."""

from csp_assessment.text import shorten


def test_text_that_fits_is_left_as_it_is():
    assert shorten("Knife crime", 11) == "Knife crime"
    assert shorten("", 5) == ""


def test_longer_text_is_cut_to_the_limit_and_ends_with_an_ellipsis():
    cut = shorten("Anti-social behaviour in the town centre", 12)
    assert cut == "Anti-social…"
    assert len(cut) == 12
