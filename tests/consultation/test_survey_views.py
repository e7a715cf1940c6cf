"""Survey pages for members: building, publishing, partner answers, results with
moderation, exports and the CSV import."""

import csv
import io
import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from consultation import selectors
from consultation.models import Answer, Question, Response, Survey
from consultation.services import emerging_issues, survey_responses, surveys
from csp_assessment import exports

from .conftest import answers_for, build_survey

SLUG = "central-bedfordshire"


def test_the_analyst_builds_and_publishes_a_survey(client_as, cast, year, issues):
    client = client_as(cast["analyst"])
    response = client.post(
        reverse("consultation:survey_new", args=[SLUG, year.pk]),
        {
            "title": "Safer streets 2026",
            "audience": "public",
            "opens_on": "2026-01-01",
            "closes_on": "2030-01-31",
        },
    )
    survey = Survey.objects.get()
    assert response["Location"] == survey.get_absolute_url()
    client.post(
        reverse("consultation:question_new", args=[SLUG, survey.pk]),
        {"text": "How safe do you feel?", "kind": "rating", "required": "on"},
    )
    bad = client.post(
        reverse("consultation:question_new", args=[SLUG, survey.pk]),
        {"text": "Pick one", "kind": "single", "options": "Only one"},
    )
    assert "Give at least two choices" in bad.content.decode()
    client.post(reverse("consultation:survey_publish", args=[SLUG, survey.pk]))
    survey.refresh_from_db()
    assert survey.status == "published" and survey.questions.count() == 1
    history = selectors.state_changes(survey, "status", survey.year.cycle.partnership)
    assert [c.state for c in history] == ["draft", "published"]
    assert history[-1].by.user == cast["analyst"]

    # The page shows the same steps in the shared history table, newest first.
    page = client.get(survey.get_absolute_url()).content.decode()
    table = page[page.index('id="history-heading"') :]
    name = cast["analyst"].get_full_name()
    assert table.index("Draft to published") < table.index("Created as draft")
    assert f"<td>{name}</td><td>Draft to published</td>" in table


def test_a_survey_from_the_partner_template(client_as, cast, year):
    client_as(cast["analyst"]).post(
        reverse("consultation:survey_new", args=[SLUG, year.pk]),
        {
            "template-template": "partner-refresh",
            "template-opens_on": "2026-09-01",
            "template-closes_on": "2026-09-30",
        },
    )
    survey = Survey.objects.get()
    assert survey.audience == "partner" and survey.questions.count() == 7


def test_the_two_new_survey_forms_have_their_own_ids_and_answer_for_themselves(
    client_as, cast, year
):
    client = client_as(cast["analyst"])
    url = reverse("consultation:survey_new", args=[SLUG, year.pk])
    page = client.get(url).content.decode()
    ids = re.findall(r'\bid="([^"]+)"', page)
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})
    assert 'for="id_template-opens_on"' in page and 'for="id_opens_on"' in page
    # The template form sent with no template chosen: its own error, nothing created.
    response = client.post(
        url, {"template-opens_on": "2026-09-01", "template-closes_on": "2026-09-30"}
    )
    assert response.status_code == 200
    assert response.context["template_form"].errors["template"]
    assert not response.context["form"].is_bound
    assert not Survey.objects.exists()


def test_a_partner_answers_once_signed_in(client_as, cast, partner_survey, issues):
    client = client_as(cast["board_member"])
    url = reverse("consultation:survey_answer", args=[SLUG, partner_survey.pk])
    form = client.get(url).context["form"]
    q = {question.kind: question for question in partner_survey.questions.all()}
    data = {
        "submission_id": form.initial["submission_id"],
        f"q{q['ranking'].pk}_{issues[0].pk}": "1",
        f"q{q['single'].pk}": "Yes",
    }
    assert client.post(url, data).status_code == 302
    response = Response.objects.get()
    assert response.respondent.user == cast["board_member"]
    again = client.get(url)
    assert again.status_code == 302 and Response.objects.count() == 1


def test_a_full_survey_refuses_an_answer_and_says_so_to_the_analyst(
    client_as, cast, partner_survey, issues, settings
):
    settings.SURVEY_MOST_ANSWERS = 1
    answers = answers_for(partner_survey, issues)
    survey_responses.submit_response(
        survey=partner_survey,
        answers=answers,
        submission_id="first",
        today=timezone.localdate(),
        respondent=cast["analyst"].memberships.get(),
    )
    with pytest.raises(ValidationError, match="all the answers it can take"):
        survey_responses.submit_response(
            survey=partner_survey,
            answers=answers,
            submission_id="second",
            today=timezone.localdate(),
            respondent=cast["board_member"].memberships.get(),
        )
    assert Response.objects.count() == 1
    page = client_as(cast["analyst"]).get(partner_survey.get_absolute_url()).content.decode()
    assert "all the answers it can take online (1)" in page
    settings.SURVEY_MOST_ANSWERS = 2
    page = client_as(cast["analyst"]).get(partner_survey.get_absolute_url()).content.decode()
    assert "all the answers it can take" not in page


def test_board_members_see_published_text_only(client_as, cast, survey, responses, member):
    answer = Answer.objects.get(response=responses[1], question__kind="text")
    survey_responses.moderate_answer(
        answer=answer, by=member(cast["analyst"]), action="hidden", reason="Names someone"
    )
    page = client_as(cast["board_member"]).get(
        reverse("consultation:results", args=[SLUG, survey.pk])
    )
    text = page.content.decode()
    assert "Street lights are out" in text
    assert "John Smith" not in text and "Moderate answer" not in text
    assert '<img class="chart" src="data:image/svg+xml;base64,' in text and "<table" in text
    assert 'alt="Bar chart of the answers to' in text


def test_the_analyst_redacts_an_answer_through_the_page(client_as, cast, survey, responses):
    answer = Answer.objects.get(response=responses[1], question__kind="text")
    url = reverse("consultation:moderate", args=[SLUG, survey.pk, answer.pk])
    client = client_as(cast["analyst"])
    missing = client.post(
        url, {"action": "redacted", "redacted_text": "[name] deals drugs.", "reason": ""}
    )
    assert "Enter reason." in missing.content.decode()
    client.post(
        url,
        {"action": "redacted", "redacted_text": "[name] deals drugs.", "reason": "Names a person"},
    )
    answer.refresh_from_db()
    assert answer.published_text == "[name] deals drugs." and answer.moderations.count() == 1


def test_results_take_a_fixed_number_of_queries(client_as, cast, survey, issues):
    client = client_as(cast["analyst"])
    url = reverse("consultation:results", args=[SLUG, survey.pk])
    today = timezone.localdate()

    def answer(n):
        survey_responses.submit_response(
            survey=survey, answers=answers_for(survey, issues), submission_id=f"n{n}", today=today
        )

    answer(0)
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for n in range(1, 6):
        answer(n)
    with CaptureQueriesContext(connection) as six:
        response = client.get(url)
    assert len(six) == len(one)
    assert "6 responses" in response.content.decode()


@pytest.mark.parametrize("name", ["consultation:surveys", "consultation:emerging"])
def test_list_pages_take_a_fixed_number_of_queries(
    client_as, cast, year, issues, partnership, member, name
):
    client = client_as(cast["theme_specialist"])
    url = reverse(name, args=[SLUG])

    def add(n):
        build_survey(year)
        emerging_issues.log_emerging_issue(
            partnership=partnership, by=member(cast["board_member"]), title=f"Issue {n}"
        )

    add(0)
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    add(1)
    add(2)
    with CaptureQueriesContext(connection) as three:
        client.get(url)
    assert len(three) == len(one)


def test_exports_carry_moderated_text(client_as, cast, survey, responses, member):
    answer = Answer.objects.get(response=responses[1], question__kind="text")
    survey_responses.moderate_answer(
        answer=answer,
        by=member(cast["analyst"]),
        action="redacted",
        reason="Name",
        redacted_text="[name] deals drugs.",
    )
    client = client_as(cast["board_member"])
    body = client.get(reverse("consultation:export_csv", args=[SLUG, survey.pk])).content.decode(
        "utf-8-sig"
    )
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[0][3] == "Which issues matter most to you?"
    assert (
        rows[2][3] == "Domestic abuse; Anti-social behaviour"
        and rows[2][-1] == "[name] deals drugs."
    )
    assert "John Smith" not in body
    xlsx = client.get(reverse("consultation:export_xlsx", args=[SLUG, survey.pk])).content
    sheet = load_workbook(io.BytesIO(xlsx)).active
    assert sheet.cell(row=3, column=sheet.max_column).value == "[name] deals drugs."


def test_an_import_with_a_missing_column_says_which(client_as, cast, survey):
    questions = list(survey.questions.all())
    data = {f"column_{q.pk}": "" for q in questions}
    single = next(q for q in questions if q.kind == Question.Kind.SINGLE)
    data[f"column_{single.pk}"] = "Do you feel safe?"
    data["file"] = SimpleUploadedFile("export.csv", b"Response ID,Safe\n1,Yes\n")
    page = client_as(cast["analyst"]).post(
        reverse("consultation:survey_import", args=[SLUG, survey.pk]), data
    )
    assert "The file has no column called “Do you feel safe?”." in page.content.decode()
    assert not Response.objects.exists()


def test_an_import_through_the_page(client_as, cast, survey):
    questions = list(survey.questions.all())
    data = {f"column_{q.pk}": "" for q in questions}
    single = next(q for q in questions if q.kind == Question.Kind.SINGLE)
    data[f"column_{single.pk}"] = "Safe"
    data["file"] = SimpleUploadedFile("export.csv", b"Response ID,Safe\n1,Yes\n2,No\n")
    response = client_as(cast["analyst"]).post(
        reverse("consultation:survey_import", args=[SLUG, survey.pk]), data
    )
    assert response.status_code == 302 and survey.responses.count() == 2


def test_an_import_python_cannot_read_says_where_and_saves_nothing(client_as, cast, survey):
    """Python's CSV reader refuses a cell this long; the page answered 500."""
    body = b"Response ID,Safe\n1,Yes\n2," + b"a" * 200_000 + b"\n"
    questions = list(survey.questions.all())
    data = {f"column_{q.pk}": "" for q in questions}
    single = next(q for q in questions if q.kind == Question.Kind.SINGLE)
    data[f"column_{single.pk}"] = "Safe"
    data["file"] = SimpleUploadedFile("export.csv", body)
    page = client_as(cast["analyst"]).post(
        reverse("consultation:survey_import", args=[SLUG, survey.pk]), data
    )
    assert page.status_code == 200
    assert (
        "The file could not be read as CSV: at line 3, a cell is longer than 131,072 characters."
        in page.content.decode()
    )
    assert not Response.objects.exists() and not survey.imports.exists()


@pytest.mark.parametrize(
    ("name", "body", "message"),
    [
        ("r.pdf", b"Response ID,Safe\n1,Yes\n", "r.pdf is not a CSV file. Choose the file whose"),
        ("r.xlsx", b"PK\x03\x04junk", "r.xlsx is not a CSV file: it looks like a zip file or an "),
        ("r.csv", "Response ID,Safe\n".encode("utf-16"), "it looks like UTF-16 text"),
    ],
)
def test_an_import_that_is_not_csv_says_what_it_is_and_saves_nothing(
    client_as, cast, survey, name, body, message
):
    questions = list(survey.questions.all())
    data = {f"column_{q.pk}": "" for q in questions}
    single = next(q for q in questions if q.kind == Question.Kind.SINGLE)
    data[f"column_{single.pk}"] = "Safe"
    data["file"] = SimpleUploadedFile(name, body)
    page = client_as(cast["analyst"]).post(
        reverse("consultation:survey_import", args=[SLUG, survey.pk]), data
    )
    assert page.status_code == 200 and message in page.content.decode()
    assert not Response.objects.exists() and not survey.imports.exists()


def test_an_import_with_a_nul_character_names_its_line_and_saves_nothing(client_as, cast, survey):
    """Python's CSV reader keeps a NUL; PostgreSQL refused it and the page answered 500."""
    questions = list(survey.questions.all())
    data = {f"column_{q.pk}": "" for q in questions}
    text = next(q for q in questions if q.kind == Question.Kind.TEXT)
    data[f"column_{text.pk}"] = "Comments"
    body = b"Response ID,Comments\n1,Fine\n2,Lights\x00out\n"
    data["file"] = SimpleUploadedFile("export.csv", body)
    page = client_as(cast["analyst"]).post(
        reverse("consultation:survey_import", args=[SLUG, survey.pk]), data
    )
    assert page.status_code == 200
    assert (
        "The file could not be read as CSV: line 3 holds a NUL character. Save it again as CSV."
        in page.content.decode()
    )
    assert not Response.objects.exists() and not survey.imports.exists()


def test_an_import_of_too_many_rows_is_refused_whole(client_as, cast, survey):
    """A file's size is no bound on its rows: 5 MB of one-character rows is millions of
    them. One row over the limit is refused, nothing saved; the limit itself is taken."""
    from consultation.rules import MOST_IMPORTED_ROWS

    questions = list(survey.questions.all())
    data = {f"column_{q.pk}": "" for q in questions}
    single = next(q for q in questions if q.kind == Question.Kind.SINGLE)
    data[f"column_{single.pk}"] = "Safe"
    client = client_as(cast["analyst"])
    url = reverse("consultation:survey_import", args=[SLUG, survey.pk])
    assert f"A file may hold up to {MOST_IMPORTED_ROWS:,} responses" in (
        client.get(url).content.decode()
    )
    over = b"Safe\n" + b"Yes\n" * (MOST_IMPORTED_ROWS + 1)
    page = client.post(url, {**data, "file": SimpleUploadedFile("over.csv", over)})
    assert page.status_code == 200
    assert (
        f"The file has more than {MOST_IMPORTED_ROWS:,} responses. Import it in parts"
        in page.content.decode()
    )
    assert not Response.objects.exists() and not survey.imports.exists()

    at = b"Safe\n" + b"No\n" * MOST_IMPORTED_ROWS
    response = client.post(url, {**data, "file": SimpleUploadedFile("at.csv", at)})
    assert response.status_code == 302
    assert survey.responses.count() == MOST_IMPORTED_ROWS


def test_an_emerging_issue_is_logged_and_triaged(client_as, cast, year, partnership):
    client_as(cast["board_member"]).post(
        reverse("consultation:emerging", args=[SLUG]),
        {
            "title": "Car meets",
            "location": "Leighton Buzzard",
            "evidence": "Noise complaints",
            "source": "Residents",
        },
    )
    emerging = partnership.emerging_issues.get()
    url = reverse("consultation:emerging_triage", args=[SLUG, emerging.pk])
    client = client_as(cast["analyst"])
    missing = client.post(url, {"decision": "close", "reason": ""})
    assert "Say why it is closed." in missing.content.decode()
    client.post(url, {"decision": "add", "year": year.pk})
    emerging.refresh_from_db()
    assert emerging.status == "added" and emerging.issue.year == year
    page = client.get(url).content.decode()
    table = page[page.index('id="history-heading"') :]
    analyst, board = (cast[role].get_full_name() for role in ("analyst", "board_member"))
    assert f"<td>{analyst}</td><td>Waiting for triage to added to a long list" in table
    assert f"<td>{board}</td><td>Created as waiting for triage</td>" in table


def test_exports_give_the_time_received_in_london_time(client_as, cast, survey, responses):
    # 00:30 on 1 July 2026, British Summer Time: 23:30 on 30 June in UTC.
    Response.objects.filter(pk=responses[0].pk).update(
        submitted_at=datetime(2026, 7, 1, 0, 30, tzinfo=ZoneInfo("Europe/London"))
    )
    _, rows = selectors.export_table(survey)
    assert rows[0][1] == "2026-07-01 00:30"
    body = client_as(cast["board_member"]).get(
        reverse("consultation:export_csv", args=[SLUG, survey.pk])
    )
    assert list(csv.reader(io.StringIO(body.content.decode("utf-8-sig"))))[1][1] == (
        "2026-07-01 00:30"
    )


def test_exports_do_not_turn_free_text_into_formulas(client_as, cast, survey, issues):
    survey_responses.submit_response(
        survey=survey,
        answers=answers_for(survey, issues, text='=HYPERLINK("http://x","y")'),
        submission_id="f",
        today=timezone.localdate(),
    )
    client = client_as(cast["analyst"])
    body = client.get(reverse("consultation:export_csv", args=[SLUG, survey.pk])).content
    assert list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))[1][-1].startswith("'=")
    xlsx = client.get(reverse("consultation:export_xlsx", args=[SLUG, survey.pk])).content
    sheet = load_workbook(io.BytesIO(xlsx)).active
    assert sheet.cell(row=2, column=sheet.max_column).value.startswith("'=")


def test_a_public_answer_holding_a_control_character_leaves_the_exports_working(
    client, client_as, cast, survey, issues
):
    """An XLSX cannot hold most control characters: one typed into the public form
    stopped the whole export with an error. They are left out of every export."""
    q = {question.kind: question for question in survey.questions.all()}
    posted = client.post(
        reverse("consultation_public:survey", args=[survey.public_key]),
        {
            f"q{q['ranking'].pk}_{issues[0].pk}": "1",
            f"q{q['ranking'].pk}_{issues[1].pk}": "2",
            f"q{q['text'].pk}": "Lights out\x0bon Elm Road",
            "submission_id": "control",
        },
    )
    assert posted.status_code == 302
    analyst = client_as(cast["analyst"])
    xlsx = analyst.get(reverse("consultation:export_xlsx", args=[SLUG, survey.pk]))
    assert xlsx.status_code == 200
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet.cell(row=2, column=sheet.max_column).value == "Lights outon Elm Road"
    body = analyst.get(reverse("consultation:export_csv", args=[SLUG, survey.pk])).content
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows[1][-1] == "Lights outon Elm Road"


def test_text_that_starts_with_spaces_before_a_formula_is_escaped_too():
    assert exports.cell("  =1+1") == "'  =1+1"
    assert exports.cell("\n@SUM(A1)") == "'\n@SUM(A1)"
    assert exports.cell("Plain words") == "Plain words"
    assert exports.cell(3) == 3


def test_exports_escape_answers_and_titles_that_look_like_formulas(client_as, cast, year, issues):
    survey = surveys.save_survey(
        year=year,
        title="Formulas",
        audience=Survey.Audience.PUBLIC,
        opens_on=timezone.localdate(),
        closes_on=timezone.localdate(),
    )
    question = surveys.save_question(survey=survey, kind=Question.Kind.TEXT, text="-2")
    surveys.publish_survey(survey=survey, by=None, today=min(timezone.localdate(), year.ends_on))
    for number, text in enumerate(["=1+1", "@SUM(A1)"]):
        survey_responses.submit_response(
            survey=survey,
            answers={question.pk: text},
            submission_id=f"formula-{number}",
            today=timezone.localdate(),
        )
    client = client_as(cast["analyst"])

    body = client.get(reverse("consultation:export_csv", args=[SLUG, survey.pk])).content
    assert body.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows[0] == ["Response", "Received", "How", "'-2"]
    assert [row[-1] for row in rows[1:]] == ["'=1+1", "'@SUM(A1)"]

    response = client.get(reverse("consultation:export_xlsx", args=[SLUG, survey.pk]))
    assert response["Content-Disposition"] == (
        f'attachment; filename="survey-{survey.pk}-responses.xlsx"'
    )
    sheet = load_workbook(io.BytesIO(response.content))["Responses"]
    cells = [sheet.cell(row=row, column=4) for row in (1, 2, 3)]
    assert [c.value for c in cells] == ["'-2", "'=1+1", "'@SUM(A1)"]
    assert all(c.data_type == "s" for c in cells)


def test_one_use_links_download_as_csv(client_as, cast, year, issues):
    survey = build_survey(year, requires_token=True)
    response = client_as(cast["analyst"]).post(
        reverse("consultation:survey_tokens", args=[SLUG, survey.pk]), {"count": 3}
    )
    assert response["Content-Disposition"] == f'attachment; filename="survey-{survey.pk}-links.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8"))))
    assert rows[0] == ["Link"] and len(rows) == 4
    assert all(f"/survey/{survey.public_key}/?t=" in row[0] for row in rows[1:])


def test_the_question_page_offers_to_remove_the_question(client_as, cast, year, issues):
    survey = build_survey(year, publish=False)
    question = survey.questions.first()
    page = client_as(cast["analyst"]).get(
        reverse("consultation:question_edit", args=[SLUG, survey.pk, question.pk])
    )
    delete_url = reverse("consultation:question_delete", args=[SLUG, survey.pk, question.pk])
    assert f'action="{delete_url}"' in page.content.decode()
    assert "Remove this question" in page.content.decode()
    assert reverse("consultation:index", args=[SLUG]) in page.content.decode()


def test_a_change_no_person_made_is_the_workbench_s_in_the_history(client_as, cast, survey):
    """A save with no one recorded (a command, a migration) is not put down to someone
    who left: the table says the workbench made it."""
    surveys.close_survey(survey=survey, by=None)
    page = client_as(cast["analyst"]).get(survey.get_absolute_url()).content.decode()
    table = page[page.index('id="history-heading"') :]
    assert "<td>The workbench</td><td>Published to closed</td>" in table
    assert "no longer a member" not in table


def test_imported_responses_do_not_fill_a_survey(client_as, cast, survey, issues, settings):
    """The ceiling bounds what the public can store; an analyst's import is not counted."""
    settings.SURVEY_MOST_ANSWERS = 1
    ranking = survey.questions.get(kind="ranking")
    Response.objects.create(
        survey=survey,
        submission_id="imp-1",
        source=Response.Source.IMPORT,
        submitted_at=timezone.now(),
    )
    assert not survey.is_full()
    public = reverse("consultation_public:survey", args=[survey.public_key])
    assert f"q{ranking.pk}_" in client_as(cast["outsider"]).get(public).content.decode()


def test_text_past_its_limit_is_refused_in_plain_words_and_nothing_is_saved(
    client_as, cast, year, issues
):
    client = client_as(cast["analyst"])
    survey_url = reverse("consultation:survey_new", args=[SLUG, year.pk])
    long_intro = client.post(
        survey_url,
        {
            "title": "Safer streets",
            "audience": "public",
            "opens_on": "2026-01-01",
            "closes_on": "2026-01-31",
            "introduction": "x" * 10_001,
        },
    )
    assert "Keep this to 10,000 characters or fewer. It has 10,001." in long_intro.content.decode()
    assert not Survey.objects.exists()
    client.post(
        survey_url,
        {
            "title": "Safer streets",
            "audience": "public",
            "opens_on": "2026-01-01",
            "closes_on": "2026-01-31",
        },
    )
    survey = Survey.objects.get()
    long_choice = client.post(
        reverse("consultation:question_new", args=[SLUG, survey.pk]),
        {"text": "Pick one", "kind": "single", "options": "Yes\n" + "n" * 201},
    )
    assert "Keep each choice to 200 characters or fewer. Line 2 has 201." in (
        long_choice.content.decode()
    )
    assert not survey.questions.exists()
