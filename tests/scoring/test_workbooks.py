"""The Excel round trip: export a sheet, fill it in, import it back; errors named by
row and column; all or nothing; seed 001's mistotalled rows reported."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from scoring import services, workbooks
from scoring.models import Score, ScoreSheet

SEED_HEADER = [
    "",
    "Gap in current Picture",
    "Contribution to CSP outcomes",
    "Current CSP priority",
    "Performance issue - deteriorating",
    "National priority",
    "Local Priority",
    "Community concerns / Public perception",
    "Harm/impact to property/environment",
    "Harm / impact to people / victims",
    "Proportion of total demand (volume)",
    "Generator of fear / worry / confidence",
    "Cross-cutting / impact on other issues",
    "Media attention",
    "Social and economic cost",
    "Risk of increase / budget cuts",
    "Likelihood of achievability",
    "PESTELO",
    "TOTAL (out of 80)",
]
SEED_ROWS = [
    ["Reducing re- offending", 3, 5, 4, 4, 5, 0, 4, 4, 4, 4, 3, 5, 3, 4, 3, 4, None, 64],
    [
        "Alcohol misuse & related crime & disorder",
        3,
        4,
        5,
        3,
        5,
        0,
        4,
        3,
        5,
        2,
        4,
        5,
        4,
        4,
        4,
        4,
        None,
        63,
    ],
]


def _upload(rows, name="scores.xlsx") -> SimpleUploadedFile:
    wb = Workbook()
    for row in rows:
        wb.active.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


@pytest.fixture
def jo_sheet(open_round, cast, scorer_of):
    return ScoreSheet.objects.get(round=open_round, scorer=scorer_of(cast["theme_specialist"]))


def test_seed_001s_matrix_imports_and_its_wrong_totals_are_reported(jo_sheet):
    report = workbooks.import_sheet_workbook(jo_sheet, _upload([SEED_HEADER, *SEED_ROWS]))
    assert report.errors == []
    assert report.warnings == [
        "Row 2 (Reducing re-offending): the total column says 64 but the criteria add up "
        "to 59. The criteria scores were imported; the stated total was not used.",
        "Row 3 (Alcohol misuse and related crime and disorder): the total column says 63 but "
        "the criteria add up to 59. The criteria scores were imported; the stated total was "
        "not used.",
    ]
    assert Score.objects.filter(sheet=jo_sheet).count() == 32
    media = Score.objects.get(
        sheet=jo_sheet, issue__title="Reducing re-offending", criterion__key="media_attention"
    )
    assert media.value == 3


def test_an_exported_sheet_round_trips(jo_sheet, issues):
    criteria = list(jo_sheet.round.matrix.criteria.all())
    services.save_scores(sheet=jo_sheet, cells={(issues[0].pk, criteria[0].pk): (2, False)})
    content = workbooks.sheet_workbook(jo_sheet)
    wb = load_workbook(io.BytesIO(content))
    ws = wb["Scores"]
    assert ws.cell(1, 2).value == "Gap in current picture"
    assert ws.cell(1, 18).value == "TOTAL"
    rows = {ws.cell(r, 1).value: r for r in range(2, ws.max_row + 1)}
    assert ws.cell(rows["Anti-social behaviour"], 2).value == 2
    ws.cell(rows["Domestic abuse"], 3).value = 4
    ws.cell(rows["Domestic abuse"], 4).value = "NK"
    buffer = io.BytesIO()
    wb.save(buffer)
    report = workbooks.import_sheet_workbook(
        jo_sheet, SimpleUploadedFile("x.xlsx", buffer.getvalue())
    )
    assert report.errors == [] and report.warnings == []
    domestic = {s.criterion.key: s for s in Score.objects.filter(issue=issues[3])}
    assert domestic["csp_outcomes"].value == 4
    assert domestic["current_priority"].not_known
    assert Score.objects.get(issue=issues[0], criterion=criteria[0]).value == 2


def test_a_blank_copy_for_a_scorer_carries_no_values(jo_sheet, issues):
    criteria = list(jo_sheet.round.matrix.criteria.all())
    services.save_scores(sheet=jo_sheet, cells={(issues[0].pk, criteria[0].pk): (2, False)})
    ws = load_workbook(io.BytesIO(workbooks.sheet_workbook(jo_sheet, blank=True)))["Scores"]
    assert all(ws.cell(r, c).value is None for r in range(2, 6) for c in range(2, 18))


def test_errors_are_named_by_row_and_column_and_nothing_is_saved(jo_sheet):
    rows = [list(r) for r in SEED_ROWS]
    rows[0][13] = 7
    rows[1][2] = "lots"
    report = workbooks.import_sheet_workbook(
        jo_sheet, _upload([SEED_HEADER, *rows, ["Knife crime", *[1] * 16]])
    )
    assert report.errors == [
        "Row 2, column 'Media attention': 7 is outside the scale 0 to 5.",
        "Row 3, column 'Contribution to CSP outcomes': enter a whole number from 0 to 5, or "
        "NK if not known.",
        "Row 4: 'Knife crime' is not one of the issues you were asked to score.",
    ]
    assert not Score.objects.exists()


def test_a_formula_with_no_saved_value_is_named_and_keeps_the_score(jo_sheet, issues):
    criteria = list(jo_sheet.round.matrix.criteria.all())
    services.save_scores(sheet=jo_sheet, cells={(issues[0].pk, criteria[0].pk): (3, False)})
    wb = load_workbook(io.BytesIO(workbooks.sheet_workbook(jo_sheet)))
    ws = wb["Scores"]
    row = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value == issues[0].title)
    ws.cell(row, 2).value = "=1+2"  # openpyxl saves a formula with no value worked out
    buffer = io.BytesIO()
    wb.save(buffer)
    report = workbooks.import_sheet_workbook(
        jo_sheet, SimpleUploadedFile("x.xlsx", buffer.getvalue())
    )
    assert report.errors == [
        f"Row {row}, column 'Gap in current picture': the cell holds a formula with no "
        "value saved. Type the number instead."
    ]
    assert Score.objects.get(issue=issues[0], criterion=criteria[0]).value == 3


def test_a_missing_or_unknown_column_is_named(jo_sheet):
    header = [h for h in SEED_HEADER if h != "Media attention"] + ["Weather"]
    report = workbooks.import_sheet_workbook(jo_sheet, _upload([header]))
    assert "Column S: 'Weather' is not a criterion of Partnership risk matrix (16 criteria)." in (
        report.errors
    )
    assert "These criteria have no column: Media attention." in report.errors


def test_a_file_that_is_not_a_workbook_is_refused(jo_sheet):
    upload = SimpleUploadedFile("scores.xlsx", b"Issue,Gap\nASB,3\n")
    report = workbooks.import_sheet_workbook(jo_sheet, upload)
    assert report.errors == [
        "This file is not an Excel workbook (.xlsx). Save it as .xlsx and try again."
    ]


@pytest.mark.parametrize(
    ("files", "message"),
    [({}, "Choose a workbook to import."), ({"workbook": b""}, "The file you chose is empty.")],
)
def test_the_import_page_says_why_no_workbook_was_read(client_as, cast, open_round, files, message):
    url = reverse(
        "scoring:sheet_import", kwargs={"slug": "central-bedfordshire", "round_id": open_round.pk}
    )
    posted = {name: SimpleUploadedFile("scores.xlsx", data) for name, data in files.items()}
    response = client_as(cast["theme_specialist"]).post(url, posted, follow=True)
    assert message in response.content.decode()
    assert not Score.objects.exists()


def test_the_import_page_reports_back(client_as, cast, open_round):
    url = reverse(
        "scoring:sheet_import", kwargs={"slug": "central-bedfordshire", "round_id": open_round.pk}
    )
    response = client_as(cast["theme_specialist"]).post(
        url, {"workbook": _upload([SEED_HEADER, *SEED_ROWS])}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Workbook imported" in page
    assert "the total column says 64 but the criteria add up to 59" in page


def test_an_analyst_imports_a_workbook_a_partner_emailed(client_as, cast, jo_sheet):
    url = reverse(
        "scoring:sheet_import_for",
        kwargs={
            "slug": "central-bedfordshire",
            "round_id": jo_sheet.round_id,
            "sheet_id": jo_sheet.pk,
        },
    )
    client_as(cast["analyst"]).post(url, {"workbook": _upload([SEED_HEADER, *SEED_ROWS])})
    assert Score.objects.filter(sheet=jo_sheet).count() == 32


def test_the_closed_rounds_workbook_has_the_agreed_matrix_and_each_scorer(jo_sheet):
    workbooks.import_sheet_workbook(jo_sheet, _upload([SEED_HEADER, *SEED_ROWS]))
    round_ = services.close_round(round_=jo_sheet.round)
    wb = load_workbook(io.BytesIO(workbooks.round_workbook(round_)))
    assert wb.sheetnames[:1] == ["Agreed"]
    assert "Probation" not in wb.sheetnames[1]  # jo has no agency: her name is used
    agreed = wb["Agreed"]
    assert agreed.cell(2, 2).value in {
        "Reducing re-offending",
        "Alcohol misuse and related crime and disorder",
    }
    assert agreed.cell(2, 19).value == 59


FORMULA_TITLE = "=cmd|' /C calc'!A0"


def test_an_issue_title_that_looks_like_a_formula_is_written_as_text(jo_sheet, issues):
    # jo scores the first issues of the long list; give one of them a hostile title.
    issue = issues[0]
    issue.title = FORMULA_TITLE
    issue.save(update_fields=["title"])
    criteria = list(jo_sheet.round.matrix.criteria.all())
    services.save_scores(sheet=jo_sheet, cells={(issue.pk, criteria[0].pk): (2, False)})
    ws = load_workbook(io.BytesIO(workbooks.sheet_workbook(jo_sheet)))["Scores"]
    cells = [ws.cell(r, 1) for r in range(2, ws.max_row + 1)]
    hostile = next(c for c in cells if c.value.endswith(FORMULA_TITLE))
    assert hostile.value == "'" + FORMULA_TITLE
    assert hostile.data_type == "s"
    # Our own total formula is still a formula.
    assert ws.cell(hostile.row, 18).data_type == "f"

    round_ = services.close_round(round_=jo_sheet.round)
    agreed = load_workbook(io.BytesIO(workbooks.round_workbook(round_)))["Agreed"]
    titles = [agreed.cell(r, 2) for r in range(2, agreed.max_row + 1)]
    hostile = next(c for c in titles if c.value.endswith(FORMULA_TITLE))
    assert hostile.value == "'" + FORMULA_TITLE
    assert hostile.data_type == "s"


def test_an_escaped_title_still_matches_its_issue_on_import(jo_sheet, issues):
    issue = issues[0]
    issue.title = FORMULA_TITLE
    issue.save(update_fields=["title"])
    wb = load_workbook(io.BytesIO(workbooks.sheet_workbook(jo_sheet)))
    ws = wb["Scores"]
    row = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value.endswith(FORMULA_TITLE))
    ws.cell(row, 2).value = 3
    buffer = io.BytesIO()
    wb.save(buffer)
    report = workbooks.import_sheet_workbook(
        jo_sheet, SimpleUploadedFile("x.xlsx", buffer.getvalue())
    )
    assert report.errors == []
    assert (
        Score.objects.get(sheet=jo_sheet, issue=issue, criterion__key="gap_in_picture").value == 3
    )


def _declared_everywhere(rows: int) -> bytes:
    """A small workbook that declares it fills every column (A to XFD) of `rows` rows."""
    import re
    import zipfile

    book = Workbook()
    for n in range(rows):
        book.active.append([f"row {n}"])
    raw = io.BytesIO()
    book.save(raw)
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename.startswith("xl/worksheets/"):
                data = re.sub(
                    rb'<dimension ref="[^"]+"', f'<dimension ref="A1:XFD{rows}"'.encode(), data
                )
            target.writestr(item, data)
    return out.getvalue()


def _import_traced(sheet, content: bytes):
    """The import's report, and the most memory Python held while it ran."""
    import tracemalloc

    tracemalloc.start()
    try:
        report = workbooks.import_sheet_workbook(sheet, SimpleUploadedFile("big.xlsx", content))
        return report, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_a_workbook_that_declares_a_huge_sheet_is_read_within_bounds(jo_sheet):
    """Issue 11, 3a: the declared dimension is not trusted; only our layout is read."""
    content = _declared_everywhere(2_000)
    assert len(content) < 40_000
    report, peak = _import_traced(jo_sheet, content)
    assert report.errors and not Score.objects.filter(sheet=jo_sheet).exists()
    assert peak < 30_000_000  # bytes; trusting the dimension took about 300 MB


def _shared_strings_bomb(count: int) -> bytes:
    """A small workbook whose shared-strings part unpacks to `count` one-letter strings."""
    import zipfile

    book = Workbook()
    book.active.title = "Scores"
    book.active["A1"] = "Issue"
    raw = io.BytesIO()
    book.save(raw)
    part = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
    link = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "[Content_Types].xml":
                override = f'<Override PartName="/xl/sharedStrings.xml" ContentType="{part}"/>'
                data = data.replace(b"</Types>", override.encode() + b"</Types>")
            if item.filename == "xl/_rels/workbook.xml.rels":
                relation = f'<Relationship Id="rIdS" Type="{link}" Target="sharedStrings.xml"/>'
                data = data.replace(b"</Relationships>", relation.encode() + b"</Relationships>")
            target.writestr(item.filename, data)
        target.writestr(
            "xl/sharedStrings.xml",
            b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            + b"<si><t>a</t></si>" * count
            + b"</sst>",
        )
    return out.getvalue()


def test_a_workbook_that_unpacks_huge_is_refused_before_it_is_read(jo_sheet):
    """A few kilobytes of XML that unpack to 34 MB: openpyxl would build two million
    strings in memory before a row limit could apply."""
    content = _shared_strings_bomb(2_000_000)
    assert len(content) < 200_000
    report, peak = _import_traced(jo_sheet, content)
    assert report.errors == [
        "The workbook unpacks to more than 8 MB, far more than a score sheet holds. "
        "Export a fresh workbook and try again."
    ]
    assert not Score.objects.filter(sheet=jo_sheet).exists()
    assert peak < 30_000_000  # bytes; reading it took about 180 MB


def test_a_workbook_packed_with_bzip2_is_refused_unread(jo_sheet):
    """Python inflates a bzip2 part a chunk at a time with no bound: a 1.3 KB file took
    3 GB while it was counted."""
    import zipfile

    content = io.BytesIO()
    with zipfile.ZipFile(content, "w", zipfile.ZIP_BZIP2) as archive:
        archive.writestr("xl/sharedStrings.xml", b"\0" * 50_000_000)
    assert len(content.getvalue()) < 2_000
    report, peak = _import_traced(jo_sheet, content.getvalue())
    assert report.errors == [
        "The workbook is packed in a way Excel does not use. Export a fresh workbook and try again."
    ]
    assert peak < 5_000_000  # bytes
    # The counting check refuses it unread too, should the first check ever go.
    assert not workbooks.unpacks_within(io.BytesIO(content.getvalue()), 8 * 1024 * 1024)


def test_a_workbook_within_the_unpacked_limit_is_read(jo_sheet):
    report = workbooks.import_sheet_workbook(
        jo_sheet, SimpleUploadedFile("small.xlsx", _shared_strings_bomb(1_000))
    )
    assert report.errors and "unpacks" not in report.errors[0]


def test_a_closed_round_refuses_a_workbook_before_reading_it(jo_sheet):
    jo_sheet.round.status = "closed"
    jo_sheet.round.save()
    report = workbooks.import_sheet_workbook(jo_sheet, SimpleUploadedFile("x.xlsx", b"not read"))
    assert report.errors == ["The round is not open, so scores cannot change."]


def test_a_workbook_over_the_upload_limit_is_not_read(client_as, cast, open_round, settings):
    """Issue 11, 3d: stopped while it streams, and the scorer is told why."""
    settings.UPLOAD_MAX_BYTES = 1_000
    url = reverse(
        "scoring:sheet_import", kwargs={"slug": "central-bedfordshire", "round_id": open_round.pk}
    )
    response = client_as(cast["theme_specialist"]).post(
        url, {"workbook": _upload([SEED_HEADER, *SEED_ROWS])}, follow=True
    )
    assert "The upload is larger than 1 KB, so it was not read." in response.content.decode()
    assert not Score.objects.exists()


def test_a_row_for_an_issue_with_a_declared_interest_says_so_and_nothing_is_saved(jo_sheet):
    alcohol = jo_sheet.round.issues.get(title__startswith="Alcohol")
    services.declare_interest(sheet=jo_sheet, issue=alcohol, reason="We run the service.")
    report = workbooks.import_sheet_workbook(jo_sheet, _upload([SEED_HEADER, *SEED_ROWS]))
    assert report.errors == [
        "Row 3: you declared an interest in 'Alcohol misuse & related crime & disorder', so "
        "it takes no scores. Delete the row, or withdraw the interest on your sheet first."
    ]
    assert not Score.objects.filter(sheet=jo_sheet).exists()
