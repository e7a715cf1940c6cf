"""What consultation keeps that expires: survey responses (anonymised, the counts
kept), redacted answers' original wording (erased from the answer and its moderation
log), and rationale attachments (the file deleted, the record kept). Registered with
`csp_assessment.retention` in `ConsultationConfig.ready`."""

from datetime import date

from django.db.models import Q
from django.utils import timezone

from csp_assessment.retention import Deadlines, Done, delete_after_commit

from ..models import Answer, AnswerModeration, Question, RationaleAttachment, Response, Survey


def erase_original(*, answer: Answer, today: date) -> bool:
    """Erase a redacted answer's original wording, on the answer and in every step of
    its moderation log that carried it; who, when and why stay. False if already done."""
    if answer.original_erased_on is not None:
        return False
    original = answer.text
    if original:
        AnswerModeration.objects.filter(answer=answer, text_before=original).update(text_before="")
        AnswerModeration.objects.filter(answer=answer, text_after=original).update(text_after="")
    answer.text = ""
    answer.original_erased_on = today
    answer.save(update_fields=["text", "original_erased_on"])
    return True


def _anonymise(response: Response, today: date) -> None:
    """Free text and who answered go; the choices, ratings and rankings stay."""
    for answer in response.answers.filter(question__kind=Question.Kind.TEXT):
        AnswerModeration.objects.filter(answer=answer).update(text_before="", text_after="")
        answer.text = answer.published_text = ""
        answer.original_erased_on = answer.original_erased_on or today
        answer.save(update_fields=["text", "published_text", "original_erased_on"])
    response.respondent = None
    # The submission id can be a survey tool's own reference to the person.
    response.submission_id = f"anonymised-{response.pk}"
    response.anonymised_on = today
    response.save(update_fields=["respondent", "submission_id", "anonymised_on"])


def expire_consultation(partnership, deadlines: Deadlines, today: date) -> list[Done]:
    surveys = Survey.objects.filter(year__cycle__partnership=partnership, closes_on__lt=today).only(
        "pk", "closes_on"
    )
    expired = [
        s.pk
        for s in surveys
        if (until := deadlines.responses_expire(s.closes_on)) is not None and until < today
    ]
    responses = Response.objects.select_for_update().filter(
        survey_id__in=expired, anonymised_on__isnull=True
    )
    anonymised = 0
    for response in responses:
        _anonymise(response, today)
        anonymised += 1

    originals = 0
    if deadlines.erase_originals_at_once:
        # Redacted now, or ever: an answer redacted and later hidden still carries
        # its original wording, on the answer and in the redaction's log step.
        # (A subquery, not a join: PostgreSQL allows no DISTINCT with FOR UPDATE.)
        ever_redacted = AnswerModeration.objects.filter(action=Answer.Moderation.REDACTED).values(
            "answer_id"
        )
        redacted = Answer.objects.select_for_update().filter(
            Q(moderation=Answer.Moderation.REDACTED) | Q(pk__in=ever_redacted),
            response__survey__year__cycle__partnership=partnership,
            original_erased_on__isnull=True,
        )
        originals = sum(erase_original(answer=a, today=today) for a in redacted)

    return [
        Done("consultation responses anonymised", anonymised),
        Done("redacted answers' original wording erased", originals),
        Done("rationale attachments deleted", _expire_attachments(partnership, deadlines, today)),
    ]


def _expire_attachments(partnership, deadlines: Deadlines, today: date) -> int:
    attachments = RationaleAttachment.objects.select_for_update().filter(
        Q(document__year__cycle__partnership=partnership), file_deleted_on__isnull=True
    )
    deleted = 0
    for attachment in attachments:
        if not deadlines.file_expired(timezone.localdate(attachment.uploaded_at), today):
            continue
        delete_after_commit(attachment.file.storage, attachment.file.name)
        attachment.file_deleted_on = today
        attachment.save(update_fields=["file_deleted_on"])
        deleted += 1
    return deleted
