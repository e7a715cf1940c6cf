"""Text cut to fit: what the history, chart labels and group questions share; numbers
as the pages and the history print them."""

from decimal import Decimal

from csp_assessment.text import figure, file_name, shorten


def test_text_that_fits_is_left_as_it_is():
    assert shorten("Knife crime", 11) == "Knife crime"
    assert shorten("", 5) == ""


def test_longer_text_is_cut_to_the_limit_and_ends_with_an_ellipsis():
    cut = shorten("Anti-social behaviour in the town centre", 12)
    assert cut == "Anti-social…"
    assert len(cut) == 12


def test_a_number_is_printed_as_entered_without_trailing_zeros_on_a_whole_one():
    assert figure(Decimal("90.00")) == "90"
    assert figure(Decimal("0.20")) == "0.20"
    assert figure(Decimal("1200.5")) == "1,200.50"
    assert figure(12) == "12"


def test_a_long_file_name_is_cut_from_its_stem_so_the_ending_survives():
    long = "Rationale for reducing re-offending " * 6 + ".pdf"
    cut = file_name(long)
    assert len(long) > 200 and len(cut) == 200
    assert cut.endswith(".pdf")
    assert cut[:-4] == long[:196]


def test_a_file_name_loses_the_folders_a_browser_sent_and_fits_without_an_ending():
    assert file_name("C:\\Users\\jo\\Documents\\plan.docx") == "plan.docx"
    assert file_name("../../etc/passwd") == "passwd"
    assert file_name("x" * 300) == "x" * 200
    assert file_name("short.pdf") == "short.pdf"
