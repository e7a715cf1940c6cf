"""Consultation services: states, checks and the plain messages for what is not allowed."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from consultation import selectors
from consultation.models import (
    Answer,
    EmergingIssue,
    RationaleAttachment,
    RationaleDocument,
    Response,
    Survey,
    SurveyImport,
)
from consultation.services import emerging_issues, rationales, survey_responses, surveys
from cycles.models import Issue

from .conftest import PDF, SECTIONS, answers_for, build_survey, docx_bytes


def test_a_request_is_logged_with_who_and_when(rationale, cast, member):
    (created,) = selectors.state_changes(rationale, "state", rationale.year.cycle.partnership)
    assert created.state == "requested" and created.by == member(cast["analyst"])
    assert created.old_state == "" and created.note == "Please cover repeat victims."
    assert rationale.state == RationaleDocument.State.REQUESTED


def test_only_theme_specialists_are_asked_for_rationales(year, issues, cast, member):
    with pytest.raises(ValidationError, match="written by theme specialists"):
        rationales.request_rationale(
            year=year,
            issue=issues[0],
            specialist=member(cast["board_member"]),
            requested_by=member(cast["analyst"]),
            due_on=date(2026, 10, 1),
        )


def test_a_second_open_request_for_the_same_issue_is_refused(rationale, cast, member):
    with pytest.raises(ValidationError, match="already has an open request"):
        rationales.request_rationale(
            year=rationale.year,
            issue=rationale.issue,
            specialist=rationale.specialist,
            requested_by=member(cast["analyst"]),
            due_on=date(2026, 10, 1),
        )


def test_the_full_round_trip_is_recorded(rationale, cast, member):
    jo, sam = member(cast["theme_specialist"]), member(cast["analyst"])
    rationales.save_rationale(document=rationale, by=jo, sections={"key_information": "x"})
    rationales.save_rationale(document=rationale, by=jo, sections=SECTIONS, submit=True)
    rationales.review_rationale(document=rationale, by=sam, accept=False, comment="Add figures.")
    rationales.save_rationale(document=rationale, by=jo, sections=SECTIONS, submit=True)
    document = rationales.review_rationale(document=rationale, by=sam, accept=True)
    assert document.state == "accepted"
    history = selectors.state_changes(document, "state", document.year.cycle.partnership)
    steps = [(c.old_state, c.state, c.by.role) for c in history]
    assert steps == [
        ("", "requested", "analyst"),
        ("requested", "draft", "theme_specialist"),
        ("draft", "submitted", "theme_specialist"),
        ("submitted", "returned", "analyst"),
        ("returned", "resubmitted", "theme_specialist"),
        ("resubmitted", "accepted", "analyst"),
    ]
    assert next(c for c in history if c.state == "returned").note == "Add figures."


def test_submitting_needs_every_section_but_data_sources(rationale, cast, member):
    sections = {**SECTIONS, "gaps": " ", "data_sources": ""}
    with pytest.raises(ValidationError) as caught:
        rationales.save_rationale(
            document=rationale, by=member(cast["theme_specialist"]), sections=sections, submit=True
        )
    assert caught.value.message_dict == {"gaps": ["Write this section before you submit."]}
    rationale.refresh_from_db()
    assert rationale.state == "requested" and rationale.key_information == ""


def test_only_the_assigned_specialist_writes(rationale, cast, member, mark):
    with pytest.raises(ValidationError, match="Only the theme specialist asked"):
        rationales.save_rationale(document=rationale, by=member(mark), sections=SECTIONS)


def test_a_submitted_document_cannot_be_edited_or_returned_without_a_comment(
    submitted, cast, member
):
    with pytest.raises(ValidationError, match="cannot be changed now"):
        rationales.save_rationale(
            document=submitted, by=member(cast["theme_specialist"]), sections=SECTIONS
        )
    with pytest.raises(ValidationError, match="Say what needs changing"):
        rationales.review_rationale(document=submitted, by=member(cast["analyst"]), accept=False)


def test_accepting_twice_is_refused(submitted, cast, member):
    rationales.review_rationale(document=submitted, by=member(cast["analyst"]), accept=True)
    with pytest.raises(ValidationError, match="that is accepted cannot be accepted"):
        rationales.review_rationale(document=submitted, by=member(cast["analyst"]), accept=True)


def test_attachments_are_stored_under_a_random_name(rationale, cast, member, media):
    content = docx_bytes()
    attachment = rationales.add_attachment(
        document=rationale,
        by=member(cast["theme_specialist"]),
        name="C:\\docs\\Plan.docx",
        content=content,
    )
    assert attachment.original_name == "Plan.docx" and attachment.kind == "docx"
    assert attachment.file.name.startswith("consultation/rationale/")
    assert "Plan" not in attachment.file.name
    assert (media / attachment.file.name).read_bytes() == content


def test_a_disguised_attachment_is_refused_and_nothing_is_stored(rationale, cast, member, media):
    with pytest.raises(ValidationError, match="content is PDF"):
        rationales.add_attachment(
            document=rationale,
            by=member(cast["theme_specialist"]),
            name="figures.xlsx",
            content=PDF,
        )
    assert not RationaleAttachment.objects.exists()
    assert not (media / "consultation").exists()


def test_accepted_rationales_are_grouped_by_issue(submitted, year, issues, cast, member):
    rationales.review_rationale(document=submitted, by=member(cast["analyst"]), accept=True)
    with CaptureQueriesContext(connection) as queries:
        by_issue = selectors.accepted_rationales(year)
        [d.specialist.display_name for docs in by_issue.values() for d in docs]
    assert list(by_issue) == [issues[1].pk] and by_issue[issues[1].pk] == [submitted]
    assert len(queries) == 2


def test_overdue_requests_are_those_still_owed(rationale, submitted, partnership):
    assert list(selectors.overdue_rationales(partnership, date(2026, 10, 10))) == []
    RationaleDocument.objects.filter(pk=rationale.pk).update(state="returned")
    assert list(selectors.overdue_rationales(partnership, date(2026, 10, 10))) == [rationale]
    assert list(selectors.overdue_rationales(partnership, date(2026, 10, 9))) == []


# Surveys ---------------------------------------------------------------------------


def test_a_published_survey_cannot_be_changed(survey):
    with pytest.raises(ValidationError, match="only be changed while the survey is a draft"):
        surveys.save_question(survey=survey, kind="text", text="Late question")


def test_a_survey_needs_questions_to_publish(year, issues):
    survey = surveys.save_survey(
        year=year,
        title="Empty",
        audience="public",
        opens_on=date(2026, 1, 1),
        closes_on=date(2030, 1, 1),
    )
    assert "not store your internet address" in survey.privacy_notice
    with pytest.raises(ValidationError, match="Add at least one question"):
        surveys.publish_survey(survey=survey, by=None, today=date(2026, 5, 1))


def test_choice_questions_need_two_different_choices(year, issues):
    survey = build_survey(year, publish=False)
    with pytest.raises(ValidationError, match="at least two choices"):
        surveys.save_question(survey=survey, kind="single", text="Yes?", options=["Yes"])


def test_a_response_is_saved_with_no_trace_of_who_sent_it(survey, issues, responses):
    response = responses[0]
    assert response.respondent is None
    fields = {f.name for f in Response._meta.get_fields()}
    assert not {"ip", "ip_address", "address", "address_hash", "user_agent"} & fields
    assert response.answers.count() == 5


def test_a_double_submission_is_refused_and_nothing_changes(survey, issues, responses):
    with pytest.raises(ValidationError, match="already have these answers"):
        survey_responses.submit_response(
            survey=survey,
            answers=answers_for(survey, issues),
            submission_id="sub-0",
            today=timezone.localdate(),
        )
    assert Response.objects.count() == 2


def test_answers_after_closing_are_refused(survey, issues):
    surveys.close_survey(survey=survey, by=None)
    with pytest.raises(ValidationError, match="This survey is closed"):
        survey_responses.submit_response(
            survey=survey,
            answers=answers_for(survey, issues),
            submission_id="late",
            today=timezone.localdate(),
        )
    assert not Response.objects.exists()


def test_a_required_ranking_must_be_answered(survey, issues):
    answers = answers_for(survey, issues)
    ranking = survey.questions.get(kind="ranking")
    answers[ranking.pk] = []
    with pytest.raises(ValidationError) as caught:
        survey_responses.submit_response(
            survey=survey, answers=answers, submission_id="x", today=timezone.localdate()
        )
    assert caught.value.message_dict == {
        f"q{ranking.pk}": ["Answer this question: it is required."]
    }


def test_a_one_use_link_works_once(year, issues):
    survey = build_survey(year, requires_token=True)
    (token,) = surveys.create_tokens(survey=survey, count=1)
    today = timezone.localdate()
    with pytest.raises(ValidationError, match="needs the personal link"):
        survey_responses.submit_response(
            survey=survey, answers=answers_for(survey, issues), submission_id="a", today=today
        )
    survey_responses.submit_response(
        survey=survey,
        answers=answers_for(survey, issues),
        submission_id="b",
        today=today,
        token=token.token,
    )
    with pytest.raises(ValidationError, match="already been used"):
        survey_responses.submit_response(
            survey=survey,
            answers=answers_for(survey, issues),
            submission_id="c",
            today=today,
            token=token.token,
        )
    assert survey.responses.count() == 1


def test_a_partner_answers_once(partner_survey, issues, cast, member):
    today = timezone.localdate()
    jo = member(cast["theme_specialist"])
    survey_responses.submit_response(
        survey=partner_survey,
        answers=answers_for(partner_survey, issues),
        submission_id="1",
        respondent=jo,
        today=today,
    )
    with pytest.raises(ValidationError, match="already answered"):
        survey_responses.submit_response(
            survey=partner_survey,
            answers=answers_for(partner_survey, issues),
            submission_id="2",
            respondent=jo,
            today=today,
        )


def test_redaction_keeps_the_original_and_the_history(survey, responses, cast, member):
    answer = Answer.objects.get(response=responses[1], question__kind="text")
    sam = member(cast["analyst"])
    survey_responses.moderate_answer(
        answer=answer,
        by=sam,
        action="redacted",
        reason="Names a person",
        redacted_text="[name] deals drugs.",
    )
    survey_responses.moderate_answer(
        answer=answer, by=sam, action="hidden", reason="Still identifiable"
    )
    answer.refresh_from_db()
    assert answer.text == "John Smith at no. 4 deals drugs."
    assert answer.published_text == "" and answer.moderation == "hidden"
    history = [(m.action, m.text_before, m.text_after, m.reason) for m in answer.moderations.all()]
    assert history == [
        ("redacted", "John Smith at no. 4 deals drugs.", "[name] deals drugs.", "Names a person"),
        ("hidden", "[name] deals drugs.", "", "Still identifiable"),
    ]
    _, results = selectors.survey_results(survey, moderator=False)
    text_result = next(r for r in results if r.question.kind == "text")
    assert [a.published_text for a in text_result.texts] == ["Street lights are out on Elm Road."]


def test_moderation_needs_a_reason(survey, responses, cast, member):
    answer = Answer.objects.filter(question__kind="text").first()
    with pytest.raises(ValidationError, match="Give a reason"):
        survey_responses.moderate_answer(
            answer=answer, by=member(cast["analyst"]), action="hidden", reason=" "
        )


def test_the_selector_suggests_community_scores_per_issue(survey, issues, responses, year):
    suggestions = selectors.suggested_community_scores(year)
    assert set(suggestions) == {i.pk for i in issues}
    assert suggestions[issues[1].pk].score == 5  # first choice both times
    assert suggestions[issues[0].pk].score == 3  # 2 x 2 points of 2 x 3: 3.33
    assert suggestions[issues[2].pk].score == 0
    assert suggestions[issues[1].pk].respondents == 2


def test_draft_survey_rankings_do_not_count(year, issues):
    build_survey(year, publish=False)
    assert {s.respondents for s in selectors.suggested_community_scores(year).values()} == {0}


CSV = (
    b"Response ID,Which issues matter most to you?,Do you feel safe after dark?,Anything else?\n"
    b"1,Shoplifting; Domestic abuse,Yes,Fine\n"
    b"2,Anti-social behaviour,No,\n"
)


def _mapping(survey, **overrides):
    mapping = {
        q.pk: q.text for q in survey.questions.all() if q.kind in ("ranking", "single", "text")
    }
    return mapping


def test_a_csv_import_saves_every_row(survey, issues, cast, member):
    batch = survey_responses.import_responses(
        survey=survey,
        by=member(cast["analyst"]),
        filename="export.csv",
        content=CSV,
        mapping=_mapping(survey),
    )
    assert batch.rows == 2 and survey.responses.filter(source="import").count() == 2
    ranking = Answer.objects.filter(question__kind="ranking").order_by("response_id")
    assert [a.value for a in ranking] == [[issues[2].pk, issues[1].pk], [issues[0].pk]]


def test_a_csv_with_a_missing_column_changes_nothing(survey, cast, member):
    mapping = {
        **_mapping(survey),
        survey.questions.get(kind="rating").pk: "How safe is your street?",
    }
    with pytest.raises(ValidationError, match="no column called “How safe is your street\\?”"):
        survey_responses.import_responses(
            survey=survey,
            by=member(cast["analyst"]),
            filename="export.csv",
            content=CSV,
            mapping=mapping,
        )
    assert not Response.objects.exists() and not SurveyImport.objects.exists()


def test_a_csv_with_one_bad_row_imports_nothing(survey, cast, member):
    content = CSV + b"3,Arson,Yes,\n"
    with pytest.raises(ValidationError, match="Row 4"):
        survey_responses.import_responses(
            survey=survey,
            by=member(cast["analyst"]),
            filename="export.csv",
            content=content,
            mapping=_mapping(survey),
        )
    assert not Response.objects.exists()


def test_the_same_file_is_not_imported_twice(survey, cast, member):
    sam = member(cast["analyst"])
    survey_responses.import_responses(
        survey=survey, by=sam, filename="a.csv", content=CSV, mapping=_mapping(survey)
    )
    with pytest.raises(ValidationError, match="already imported"):
        survey_responses.import_responses(
            survey=survey, by=sam, filename="a.csv", content=CSV, mapping=_mapping(survey)
        )
    assert survey.responses.count() == 2


def test_a_file_imported_twice_is_refused_naming_the_london_day_of_the_first(survey, cast, member):
    sam = member(cast["analyst"])
    survey_responses.import_responses(
        survey=survey, by=sam, filename="a.csv", content=CSV, mapping=_mapping(survey)
    )
    # 00:30 on 5 June 2026 in London (summer time) is still 4 June in UTC.
    SurveyImport.objects.update(at=datetime(2026, 6, 5, 0, 30, tzinfo=ZoneInfo("Europe/London")))
    with pytest.raises(ValidationError) as refused:
        survey_responses.import_responses(
            survey=survey, by=sam, filename="a.csv", content=CSV, mapping=_mapping(survey)
        )
    assert refused.value.messages == [
        "This file was already imported on 5 June 2026: nothing was added."
    ]


def test_the_partner_template_holds_the_seed_table_questions(year, cast, member):
    survey = surveys.create_survey_from_template(
        year=year,
        template_key="partner-refresh",
        opens_on=date(2026, 9, 1),
        closes_on=date(2026, 9, 30),
        created_by=member(cast["analyst"]),
    )
    assert survey.audience == Survey.Audience.PARTNER
    assert survey.questions.count() == 7
    assert survey.template_key == "partner-refresh@1"


# Emerging issues -------------------------------------------------------------------


def test_an_emerging_issue_joins_the_long_list_once(partnership, year, cast, member):
    emerging = emerging_issues.log_emerging_issue(
        partnership=partnership,
        by=member(cast["board_member"]),
        title="E-scooter thefts",
        location="Dunstable",
        evidence="Twelve reports in August.",
        source="Neighbourhood policing briefing",
    )
    issue = emerging_issues.add_emerging_to_long_list(
        emerging=emerging, by=member(cast["analyst"]), year=year
    )
    assert issue.source == Issue.Source.EMERGING and "Twelve reports" in issue.description
    emerging.refresh_from_db()
    assert emerging.status == EmergingIssue.Status.ADDED and emerging.issue == issue
    with pytest.raises(ValidationError, match="already added to a long list"):
        emerging_issues.close_emerging_issue(
            emerging=emerging, by=member(cast["analyst"]), reason="x"
        )


def test_closing_an_emerging_issue_needs_a_reason(partnership, cast, member):
    emerging = emerging_issues.log_emerging_issue(
        partnership=partnership, by=member(cast["analyst"]), title="Graffiti"
    )
    with pytest.raises(ValidationError, match="Say why it is closed"):
        emerging_issues.close_emerging_issue(
            emerging=emerging, by=member(cast["analyst"]), reason=""
        )
    emerging_issues.close_emerging_issue(
        emerging=emerging, by=member(cast["analyst"]), reason="Covered by ASB."
    )
    history = selectors.state_changes(emerging, "status", emerging.partnership)
    assert [c.state for c in history] == ["open", "closed"]
    assert history[-1].note == "Covered by ASB." and history[-1].by == member(cast["analyst"])


def test_a_duplicate_title_on_the_long_list_leaves_the_emerging_issue_open(
    partnership, year, issues, cast, member
):
    emerging = emerging_issues.log_emerging_issue(
        partnership=partnership, by=member(cast["analyst"]), title="Shoplifting"
    )
    with pytest.raises(ValidationError, match="already has an issue with that title"):
        emerging_issues.add_emerging_to_long_list(
            emerging=emerging, by=member(cast["analyst"]), year=year
        )
    emerging.refresh_from_db()
    assert emerging.status == "open"
    assert [c.state for c in selectors.state_changes(emerging, "status", partnership)] == ["open"]
