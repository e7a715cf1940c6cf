"""The one escaping rule every CSV and XLSX cell goes through: no database."""

import pytest

from csp_assessment.exports import cell


@pytest.mark.parametrize(
    "text",
    [
        '=HYPERLINK("http://127.0.0.1")',
        "+SUM(1)",
        "-2+3",
        "@cmd",
        "\t=1",
        "  =1",
        "\uff1dHYPERLINK(1)",  # full-width equals
        "\uff0bSUM(1)",  # full-width plus
        "\ufe62SUM(1)",  # small plus
        "\uff20cmd",  # full-width commercial at
        "\u3000\uff1d1",  # ideographic space, then full-width equals
    ],
)
def test_text_that_could_start_a_formula_gets_an_apostrophe(text):
    assert cell(text) == "'" + text


@pytest.mark.parametrize("text", ["Anti-social behaviour", "a = b", "", "\uff21bc", "5 - 3"])
def test_ordinary_text_is_left_as_it_is(text):
    assert cell(text) == text


def test_numbers_and_dates_are_not_text_and_are_left_alone():
    assert cell(-3) == -3
    assert cell(None) is None


def test_control_characters_are_taken_out():
    assert cell("Safer\x07 streets") == "Safer streets"
