"""Retention in consultation: responses anonymised with their counts kept, redacted
answers' original wording erased (at once or when retention ends) from the answer and
its moderation log, rationale attachments deleted, and only moderators reading an
original."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from consultation import selectors
from consultation.models import Answer, AnswerModeration, RationaleAttachment, Response, Survey
from consultation.services import rationales, survey_responses
from cycles.services import create_cycle_from_template, save_issue
from partnerships.models import EraseOriginals, Keep, RetentionRun
from partnerships.retention import run_retention
from reports.models import RenderRun, Report

from .conftest import PDF, build_survey

SLUG = "central-bedfordshire"
CLOSED = date(2026, 3, 31)


def _close(survey: Survey) -> None:
    Survey.objects.filter(pk=survey.pk).update(opens_on=date(2026, 1, 1), closes_on=CLOSED)


def _keep_months(partnership, months=6, **more) -> None:
    partnership.responses_kept, partnership.responses_months = Keep.MONTHS, months
    partnership.files_kept, partnership.files_months = Keep.MONTHS, months
    for name, value in more.items():
        setattr(partnership, name, value)
    partnership.save()


def _redact(answer, by, words="[name] deals drugs."):
    return survey_responses.moderate_answer(
        answer=answer, by=by, action="redacted", reason="Names a person", redacted_text=words
    )


def test_expired_responses_lose_free_text_and_who_but_keep_their_counts(
    client_as, partnership, survey, responses, member, cast
):
    _close(survey)
    _keep_months(partnership)
    analyst = member(cast["analyst"])
    redacted = Answer.objects.get(response=responses[1], question__kind="text")
    _redact(redacted, analyst)
    before, before_results = selectors.survey_results(survey, moderator=True)
    counts_before = [(r.question.pk, r.rows, r.answered) for r in before_results]

    kept_until = run_retention(partnership=partnership, today=date(2026, 9, 30))
    assert kept_until.done == []  # 30 September is the day they expire, not yet past it
    run = run_retention(partnership=partnership, today=date(2026, 10, 1))

    anonymised = {"what": "consultation responses anonymised", "count": 2, "by": "consultation"}
    assert anonymised in run.done
    after, after_results = selectors.survey_results(survey, moderator=True)
    assert after == before
    assert [(r.question.pk, r.rows, r.answered) for r in after_results] == counts_before
    for answer in Answer.objects.filter(question__kind="text"):
        assert answer.text == "" and answer.published_text == ""
    assert set(Response.objects.values_list("anonymised_on", flat=True)) == {date(2026, 10, 1)}
    assert not Response.objects.filter(submission_id__startswith="sub-").exists()
    page = client_as(cast["analyst"]).get(reverse("consultation:results", args=[SLUG, survey.pk]))
    assert "Removed under the retention policy on 1 October 2026." in page.content.decode()
    log = AnswerModeration.objects.get(answer=redacted)
    assert (log.text_before, log.text_after) == ("", "")
    assert (log.by, log.reason, log.action) == (analyst, "Names a person", "redacted")


def test_running_twice_does_nothing_twice(partnership, survey, responses):
    _close(survey)
    _keep_months(partnership)
    first = run_retention(partnership=partnership, today=date(2026, 10, 1))
    assert first.total == 2
    assert run_retention(partnership=partnership, today=date(2026, 10, 1)) is None
    later = run_retention(partnership=partnership, today=date(2026, 10, 2))
    assert later.done == []
    assert RetentionRun.objects.filter(partnership=partnership).count() == 2
    assert set(Response.objects.values_list("anonymised_on", flat=True)) == {date(2026, 10, 1)}


def test_another_partnerships_responses_are_untouched(
    partnership, other_partnership, survey, responses, lee
):
    _close(survey)
    _keep_months(partnership)
    _keep_months(other_partnership)
    cycle = create_cycle_from_template(
        partnership=other_partnership, template_key="four-year", start_year=2026
    )
    year = cycle.years.get(number=1)
    issues = [save_issue(year=year, title="Shoplifting")]
    theirs = build_survey(year)
    q = {question.kind: question for question in theirs.questions.all()}
    survey_responses.submit_response(
        survey=theirs,
        answers={q["ranking"].pk: [issues[0].pk], q["text"].pk: "Vans parked on Dunstable Road."},
        submission_id="luton-1",
        today=timezone.localdate(),
    )
    _close(theirs)

    run_retention(partnership=partnership, today=date(2026, 10, 1))

    assert Answer.objects.filter(text="Vans parked on Dunstable Road.").exists()
    assert Response.objects.get(submission_id="luton-1").anonymised_on is None
    assert not RetentionRun.objects.filter(partnership=other_partnership).exists()


def _agreed_assessment(year, on: date):
    report = Report.objects.create(year=year, kind=Report.Kind.FULL, title="Assessment")
    RenderRun.objects.create(
        report=report,
        version=1,
        state=RenderRun.State.AGREED,
        status=RenderRun.Status.DONE,
        requested_at=timezone.make_aware(datetime.combine(on, time(12))),
    )


def test_by_default_responses_stay_until_the_next_assessment_is_agreed(
    partnership, year, survey, responses
):
    _close(survey)
    assert partnership.responses_kept == Keep.NEXT_ASSESSMENT
    run_retention(partnership=partnership, today=date(2027, 6, 1))
    assert not Response.objects.filter(anonymised_on__isnull=False).exists()

    _agreed_assessment(year, date(2026, 5, 20))
    run_retention(partnership=partnership, today=date(2026, 5, 20))
    assert not Response.objects.filter(anonymised_on__isnull=False).exists()
    run = run_retention(partnership=partnership, today=date(2026, 5, 21))
    assert run.total >= 2
    assert Response.objects.filter(anonymised_on=date(2026, 5, 21)).count() == 2


def test_the_original_is_erased_at_once_where_the_partnership_chooses(
    partnership, survey, responses, member, cast
):
    partnership.originals_erased = EraseOriginals.AT_ONCE
    partnership.save()
    answer = Answer.objects.get(response=responses[1], question__kind="text")
    _redact(answer, member(cast["analyst"]))
    answer.refresh_from_db()
    assert answer.text == "" and answer.published_text == "[name] deals drugs."
    assert answer.original_erased_on == timezone.localdate()
    log = answer.moderations.get()
    assert "John Smith" not in log.text_before + log.text_after
    assert log.reason == "Names a person" and log.by == member(cast["analyst"])
    with pytest.raises(ValidationError, match="erased under the retention policy"):
        survey_responses.moderate_answer(
            answer=answer, by=member(cast["analyst"]), action="shown", reason="Fine after all"
        )


def test_the_daily_run_erases_originals_redacted_before_the_partnership_chose_at_once(
    partnership, survey, responses, member, cast
):
    answer = Answer.objects.get(response=responses[1], question__kind="text")
    _redact(answer, member(cast["analyst"]))
    answer.refresh_from_db()
    assert answer.text == "John Smith at no. 4 deals drugs."
    partnership.originals_erased = EraseOriginals.AT_ONCE
    partnership.save()
    run = run_retention(partnership=partnership, today=date(2026, 12, 1))
    assert run.done == [
        {"what": "redacted answers' original wording erased", "count": 1, "by": "consultation"}
    ]
    answer.refresh_from_db()
    assert answer.text == "" and answer.published_text == "[name] deals drugs."
    assert AnswerModeration.objects.filter(text_before__contains="John Smith").count() == 0
    # The shown answer keeps its wording: only redacted originals are erased.
    assert Answer.objects.filter(text="Street lights are out on Elm Road.").exists()


def test_an_answer_redacted_then_hidden_has_its_original_erased_too(
    partnership, survey, responses, member, cast
):
    answer = Answer.objects.get(response=responses[1], question__kind="text")
    _redact(answer, member(cast["analyst"]))
    survey_responses.moderate_answer(
        answer=answer, by=member(cast["analyst"]), action="hidden", reason="Off topic after all"
    )
    partnership.originals_erased = EraseOriginals.AT_ONCE
    partnership.save()
    run_retention(partnership=partnership, today=date(2026, 12, 1))
    answer.refresh_from_db()
    assert "John Smith" not in answer.text
    assert answer.original_erased_on == date(2026, 12, 1)
    assert not AnswerModeration.objects.filter(
        Q(text_before__contains="John Smith") | Q(text_after__contains="John Smith")
    ).exists()
    assert answer.moderations.count() == 2  # who, when and why stay


def test_only_moderators_read_the_original(client_as, cast, survey, responses, member):
    answer = Answer.objects.get(response=responses[1], question__kind="text")
    _redact(answer, member(cast["analyst"]))
    url = reverse("consultation:moderate", args=[SLUG, survey.pk, answer.pk])
    page = client_as(cast["analyst"]).get(url).content.decode()
    assert "John Smith at no. 4 deals drugs." in page
    assert client_as(cast["board_member"]).get(url).status_code == 403
    assert client_as(cast["theme_specialist"]).get(url).status_code == 403
    assert client_as(cast["outsider"]).get(url).status_code == 404
    results = reverse("consultation:results", args=[SLUG, survey.pk])
    for role in ("board_member", "analyst"):
        assert "John Smith" not in client_as(cast[role]).get(results).content.decode()
    csv = client_as(cast["analyst"]).get(reverse("consultation:export_csv", args=[SLUG, survey.pk]))
    assert b"[name] deals drugs." in csv.content and b"John Smith" not in csv.content


def test_the_moderation_page_says_when_the_original_was_erased(
    client_as, cast, partnership, survey, responses, member
):
    answer = Answer.objects.get(response=responses[1], question__kind="text")
    _redact(answer, member(cast["analyst"]))
    partnership.originals_erased = EraseOriginals.AT_ONCE
    partnership.save()
    run_retention(partnership=partnership, today=date(2026, 12, 1))
    url = reverse("consultation:moderate", args=[SLUG, survey.pk, answer.pk])
    page = client_as(cast["analyst"]).get(url).content.decode()
    assert "Erased under the retention policy on 1 December 2026." in page
    assert "John Smith" not in page and "Names a person" in page


def test_expired_rationale_attachments_are_deleted_and_their_record_kept(
    client_as, cast, partnership, rationale, member, media, django_capture_on_commit_callbacks
):
    _keep_months(partnership, 1)
    attachment = rationales.add_attachment(
        document=rationale, by=member(cast["theme_specialist"]), name="notes.pdf", content=PDF
    )
    stored = media / attachment.file.name
    assert stored.exists()
    soon = timezone.localdate()
    assert run_retention(partnership=partnership, today=soon).done == []
    later = date(soon.year + 1, soon.month, 1)
    with django_capture_on_commit_callbacks(execute=True):
        run = run_retention(partnership=partnership, today=later)
    assert {"what": "rationale attachments deleted", "count": 1, "by": "consultation"} in run.done
    assert not stored.exists()
    attachment = RationaleAttachment.objects.get(pk=attachment.pk)
    assert attachment.file_deleted_on == later
    url = reverse("consultation:attachment", args=[SLUG, rationale.pk, attachment.pk])
    assert client_as(cast["theme_specialist"]).get(url).status_code == 404


def test_an_attachment_is_kept_to_the_last_day_of_its_london_date(
    cast, partnership, rationale, member, media
):
    _keep_months(partnership, 12)
    attachment = rationales.add_attachment(
        document=rationale, by=member(cast["theme_specialist"]), name="notes.pdf", content=PDF
    )
    # 00:30 on 31 July 2026 in London (summer time) is still 30 July in UTC.
    RationaleAttachment.objects.filter(pk=attachment.pk).update(
        uploaded_at=datetime(2026, 7, 31, 0, 30, tzinfo=ZoneInfo("Europe/London"))
    )
    gone = {"what": "rationale attachments deleted", "count": 1, "by": "consultation"}
    assert gone not in run_retention(partnership=partnership, today=date(2027, 7, 31)).done
    assert RationaleAttachment.objects.get(pk=attachment.pk).file_deleted_on is None
    assert gone in run_retention(partnership=partnership, today=date(2027, 8, 1)).done


def test_the_public_survey_links_to_the_full_privacy_notice(client, survey):
    page = client.get(reverse("consultation_public:survey", args=[survey.public_key]))
    text = page.content.decode()
    assert f'href="{reverse("privacy")}?partnership={SLUG}"' in text
    assert f'href="{reverse("privacy")}">Privacy notice</a>' in text
