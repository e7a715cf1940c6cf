"""Consultation rules, without a database."""

import io
import zipfile

import pytest

from consultation import rules


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


DOCX = _zip({"[Content_Types].xml": b"<x/>", "word/document.xml": b"<w/>"})
XLSX = _zip({"[Content_Types].xml": b"<x/>", "xl/workbook.xml": b"<w/>"})
ODT = _zip({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<o/>"})
PDF = b"%PDF-1.7\n1 0 obj\n"


@pytest.mark.parametrize(
    "content,kind", [(PDF, "pdf"), (DOCX, "docx"), (XLSX, "xlsx"), (ODT, "odt")]
)
def test_it_tells_document_kinds_from_their_content(content, kind):
    assert rules.detect_attachment_kind(content) == kind


def test_it_accepts_a_file_whose_name_matches_its_content():
    assert rules.check_attachment(name="Rationale.DOCX", content=DOCX) == "docx"


def test_it_refuses_a_program_renamed_as_a_pdf():
    with pytest.raises(rules.AttachmentRejected, match="whatever its name says"):
        rules.check_attachment(name="report.pdf", content=b"MZ\x90\x00binary")


def test_it_refuses_a_zip_that_is_not_an_office_document():
    with pytest.raises(rules.AttachmentRejected, match="not a PDF"):
        rules.check_attachment(name="notes.docx", content=_zip({"a.txt": b"hello"}))


def test_it_says_so_when_a_pdf_has_no_ending_in_its_name():
    with pytest.raises(rules.AttachmentRejected, match="has no ending such as .pdf but its"):
        rules.check_attachment(name="figures", content=PDF)


def test_it_refuses_a_pdf_named_as_a_spreadsheet():
    with pytest.raises(rules.AttachmentRejected, match="ends .xlsx but its content is PDF"):
        rules.check_attachment(name="figures.xlsx", content=PDF)


def test_it_refuses_an_oversized_file_saying_the_limit():
    with pytest.raises(rules.AttachmentRejected, match="limit is 1 MB"):
        rules.check_attachment(name="big.pdf", content=PDF + b"x" * 1048576, limit=1048576)


def test_it_refuses_an_empty_file():
    with pytest.raises(rules.AttachmentRejected, match="empty"):
        rules.check_attachment(name="empty.pdf", content=b"")


@pytest.mark.parametrize(
    "state,action,expected",
    [
        ("requested", "save", "draft"),
        ("draft", "submit", "submitted"),
        ("requested", "submit", "submitted"),
        ("submitted", "return", "returned"),
        ("returned", "save", "returned"),
        ("returned", "submit", "resubmitted"),
        ("resubmitted", "accept", "accepted"),
        ("submitted", "accept", "accepted"),
    ],
)
def test_rationale_documents_move_through_their_states(state, action, expected):
    assert rules.next_rationale_state(state, action) == expected


@pytest.mark.parametrize(
    "state,action",
    [("accepted", "save"), ("submitted", "save"), ("draft", "accept"), ("returned", "return")],
)
def test_it_refuses_changes_the_state_does_not_allow(state, action):
    with pytest.raises(rules.NotAllowed, match=f"that is {state} cannot be"):
        rules.next_rationale_state(state, action)


def test_only_documents_still_owed_are_overdue():
    from datetime import date

    today = date(2026, 11, 23)
    assert rules.is_overdue("draft", date(2026, 11, 22), today)
    assert not rules.is_overdue("draft", date(2026, 11, 23), today)
    assert not rules.is_overdue("submitted", date(2026, 11, 1), today)


def test_answers_are_checked_and_normalised():
    options = ["Yes", "No", "Not sure"]
    assert rules.check_answer(kind="single", value="No", options=options, required=True) == "No"
    assert rules.check_answer(
        kind="multiple", value=["Not sure", "Yes", "Yes"], options=options, required=False
    ) == ["Yes", "Not sure"]
    assert rules.check_answer(kind="rating", value="4", options=[], required=True) == 4
    assert rules.check_answer(kind="ranking", value=[3, 1], options=[1, 2, 3], required=True) == [
        3,
        1,
    ]
    assert rules.check_answer(kind="text", value="  ", options=[], required=False) is None


@pytest.mark.parametrize(
    "kind,value,message",
    [
        ("single", "Maybe", "not one of the choices"),
        ("rating", "6", "from 1 to 5"),
        ("rating", "lots", "from 1 to 5"),
        ("ranking", [1, 1], "ranked once only"),
        ("ranking", [9], "not on the list"),
        ("text", "", "required"),
    ],
)
def test_bad_answers_get_a_specific_message(kind, value, message):
    with pytest.raises(rules.AnswerInvalid, match=message):
        rules.check_answer(kind=kind, value=value, options=["Yes", "No", 1, 2, 3], required=True)


def test_rank_numbers_become_an_order_and_must_differ():
    assert rules.ranking_from_positions({10: "2", 11: "", 12: "1"}) == [12, 10]
    with pytest.raises(rules.AnswerInvalid, match="different number"):
        rules.ranking_from_positions({10: "1", 12: "1"})


def test_the_top_ranked_issue_is_suggested_five_and_others_in_proportion():
    # Three issues: 1 is first for everyone, 2 second twice, 3 never ranked.
    suggestions = rules.suggest_community_scores([1, 2, 3], [[1, 2], [1, 2], [1]])
    assert suggestions[1].points == 9 and suggestions[1].score == 5
    assert suggestions[2].points == 4 and suggestions[2].score == 2  # 5 x 4/9 = 2.2
    assert suggestions[3].score == 0 and suggestions[3].mean_rank is None
    assert suggestions[1].first_choices == 3 and suggestions[1].respondents == 3
    assert "3 of 3 respondents ranked this issue" in suggestions[1].evidence
    assert suggestions[1].low_confidence
    assert "first place earns N points" in suggestions[1].rule


def test_a_suggestion_rounds_half_up():
    # Issue 2 earns exactly half the points of issue 1: 2.5 rounds to 3.
    suggestions = rules.suggest_community_scores([1, 2], [[1, 2], [1], [2]])
    assert suggestions[1].points == 4 and suggestions[2].points == 3
    suggestions = rules.suggest_community_scores([1, 2, 3, 4], [[1], [1, 2, 3, 4]])
    assert suggestions[3].points == 2 and suggestions[1].points == 8
    assert suggestions[3].score == 1  # 5 x 2/8 = 1.25


def test_with_no_rankings_every_suggestion_is_zero_with_evidence_saying_so():
    suggestions = rules.suggest_community_scores([1, 2], [[], []])
    assert {s.score for s in suggestions.values()} == {0}
    assert suggestions[1].evidence == "No one has answered the ranking question yet."


def test_rankings_of_issues_no_longer_listed_are_ignored():
    suggestions = rules.suggest_community_scores([1], [[99, 1]])
    assert suggestions[1].first_choices == 1 and suggestions[1].score == 5


QUESTIONS = [
    {"id": 1, "kind": "single", "text": "Safe?", "options": ["Yes", "No"], "required": True},
    {
        "id": 2,
        "kind": "ranking",
        "text": "Rank",
        "options": [7, 8],
        "required": False,
        "titles": {7: "Burglary", 8: "Domestic abuse"},
    },
]


def test_an_import_is_checked_row_by_row_against_the_mapping():
    content = b"Response ID,Do you feel safe?,Issues\n1,Yes,domestic abuse; Burglary\n2,No,\n"
    plan = rules.plan_import(
        content=content, questions=QUESTIONS, mapping={1: "Do you feel safe?", 2: "Issues"}
    )
    assert plan.errors == []
    assert plan.rows == [{1: "Yes", 2: [8, 7]}, {1: "No", 2: None}]


def test_an_import_with_a_missing_column_names_it():
    content = b"Response ID,Safe\n1,Yes\n"
    plan = rules.plan_import(content=content, questions=QUESTIONS, mapping={1: "Do you feel safe?"})
    assert plan.errors == ["The file has no column called \u201cDo you feel safe?\u201d."]


def test_an_import_reports_bad_cells_with_their_row():
    content = b"Safe,Issues\nPerhaps,Burglary\nYes,Arson\n"
    plan = rules.plan_import(content=content, questions=QUESTIONS, mapping={1: "Safe", 2: "Issues"})
    assert plan.errors == [
        "Row 2, \u201cSafe\u201d: \u201cPerhaps\u201d is not one of the choices.",
        "Row 3, \u201cIssues\u201d: \u201cArson\u201d is not an issue on the long list.",
    ]


def test_shares_are_percentages_of_the_total():
    # The bars' scale is the chart module's (tests/test_charts.py); the table's shares are here.
    shares = rules.shares([("Yes", 6), ("No", 3), ("Not sure", 0)], total=10)
    assert [(s.label, s.count, s.percent) for s in shares] == [
        ("Yes", 6, 60),
        ("No", 3, 30),
        ("Not sure", 0, 0),
    ]
    assert [s.percent for s in rules.shares([("Yes", 1)], total=0)] == [0]


def test_the_attachment_check_reads_a_bounded_amount_of_a_hostile_member():
    """Issue 11, 3c: a 'mimetype' member that unpacks to 50 MB from a few dozen KB."""
    import io
    import tracemalloc
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("mimetype", b"application/vnd.oasis.opendocument.text" + b" " * 50_000_000)
    content = out.getvalue()
    assert len(content) < 200_000
    tracemalloc.start()
    try:
        kind = rules.detect_attachment_kind(content)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert kind == "odt"
    assert peak < 5_000_000  # bytes: the check never holds the unpacked member


def test_an_issue_the_survey_did_not_ask_about_gets_no_suggestion():
    # Issue 3 joined the long list after both answers were given: nobody was offered it.
    suggestions = rules.suggest_community_scores([1, 2, 3], [[1, 2], [2]], asked={1: 2, 2: 2, 3: 0})
    assert suggestions[3].score is None and suggestions[3].not_asked
    assert "did not ask about this issue" in suggestions[3].evidence
    assert "respondents ranked" not in suggestions[3].evidence
    # An issue that was offered and nobody ranked still gets 0.
    offered = rules.suggest_community_scores([1, 2], [[1], [1]], asked={1: 2, 2: 2})
    assert offered[2].score == 0 and not offered[2].not_asked
