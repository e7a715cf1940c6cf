"""Reads for consultation pages and for other apps: rationale lists, survey results,
exports, the community-concerns suggestions and accepted rationale documents."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property

from django.db.models import Case, Count, Model, Q, QuerySet, Value, When
from django.utils import timezone

from csp_assessment import charts
from cycles.models import CycleYear
from partnerships.models import Membership, Partnership

from . import permissions, rules
from .models import Answer, EmergingIssue, Question, RationaleDocument, Response, Survey


def rationales_for(membership: Membership) -> QuerySet[RationaleDocument]:
    """Analysts and admins see every request; others see their own and accepted ones."""
    documents = RationaleDocument.objects.filter(
        year__cycle__partnership=membership.partnership
    ).select_related("issue", "specialist__user", "year__cycle__partnership")
    if not permissions.can_read_every_rationale(membership):
        documents = documents.filter(
            Q(specialist=membership) | Q(state=RationaleDocument.State.ACCEPTED)
        )
    return documents.annotate(attachment_count=Count("attachments"))


def owed_first(documents: QuerySet[RationaleDocument]) -> QuerySet[RationaleDocument]:
    """The documents the specialist still owes (requested, being drafted or returned)
    first, then the rest; each part newest first: by year, then due date."""
    owed = Case(When(state__in=rules.OPEN_STATES, then=Value(0)), default=Value(1))
    return documents.annotate(owed=owed).order_by("owed", "-year__starts_on", "-due_on", "-pk")


def rationales_asked_of(membership: Membership) -> str:
    """The rationale documents that name the person as their specialist, for refusing to
    remove them (partnerships' records-held check); "" for none."""
    count = RationaleDocument.objects.filter(specialist=membership).count()
    if not count:
        return ""
    return f"are named on {count} rationale document{'' if count == 1 else 's'}"


def overdue_rationales(partnership: Partnership, today: date) -> QuerySet[RationaleDocument]:
    return RationaleDocument.objects.filter(
        year__cycle__partnership=partnership,
        state__in=rules.OPEN_STATES,
        due_on__lt=today,
    ).select_related("issue", "specialist__user", "year__cycle__partnership")


@dataclass(frozen=True)
class StateChange:
    """One step of a row's history: its creation (`old` is blank) or a change of state."""

    at: datetime
    by: Membership | None  # None once the person has left the partnership
    old_state: str  # blank for the creation
    state: str
    old: str  # the states' labels
    new: str
    note: str
    someone: bool = True  # False when the workbench made the change, not a person

    # What the shared history table (templates/history.html) reads.
    @property
    def when(self) -> datetime:
        return self.at

    @property
    def who(self) -> str:
        if self.by:
            return self.by.display_name
        return "Someone no longer a member" if self.someone else "The workbench"

    @property
    def what(self) -> list[str]:
        step = f"{self.old} to {self.new.lower()}" if self.old else f"Created as {self.new.lower()}"
        return [step, self.note] if self.note else [step]


def state_changes(row: Model, field: str, partnership: Partnership) -> list[StateChange]:
    """The row's creation and each later save that changed `field`, oldest first, read
    from its django-simple-history records (two queries)."""
    records = list(row.history.order_by("history_date", "history_id"))
    labels = dict(row._meta.get_field(field).choices)
    members = {
        member.user_id: member
        for member in Membership.objects.filter(
            partnership=partnership,
            user_id__in={r.history_user_id for r in records if r.history_user_id},
        ).select_related("user")
    }
    changes, before = [], None
    for record in records:
        state = getattr(record, field)
        if before is None or state != before:
            changes.append(
                StateChange(
                    at=record.history_date,
                    by=members.get(record.history_user_id),
                    old_state=before or "",
                    old=labels.get(before, ""),
                    new=labels.get(state, state),
                    state=state,
                    note=record.history_change_reason or "",
                    someone=record.history_user_id is not None,
                )
            )
        before = state
    return changes


def accepted_rationales(year: CycleYear) -> dict[int, list[RationaleDocument]]:
    """Accepted rationale documents on the year's issues, by issue id (two queries)."""
    documents = (
        RationaleDocument.objects.filter(
            year=year, issue__isnull=False, state=RationaleDocument.State.ACCEPTED
        )
        .select_related("specialist__user")
        .prefetch_related("attachments")
        .order_by("issue_id", "pk")
    )
    by_issue: dict[int, list[RationaleDocument]] = defaultdict(list)
    for document in documents:
        by_issue[document.issue_id].append(document)
    return dict(by_issue)


def years_of(partnership: Partnership) -> QuerySet[CycleYear]:
    """Every year of the partnership's cycles: a request or a survey belongs to one."""
    return CycleYear.objects.filter(cycle__partnership=partnership).select_related("cycle")


def years_not_ended(partnership: Partnership, today: date) -> list[CycleYear]:
    """The years a request or a new survey can still be for: those not ended by `today`,
    in order, so the running year comes first. The services refuse the others by the
    same rule."""
    years = years_of(partnership).order_by("starts_on", "pk")
    return [year for year in years if not rules.year_has_ended(year.ends_on, today)]


def surveys_for(partnership: Partnership) -> QuerySet[Survey]:
    return (
        Survey.objects.filter(year__cycle__partnership=partnership)
        .select_related("year__cycle__partnership")
        .annotate(
            response_count=Count("responses", distinct=True),
            question_count=Count("questions", distinct=True),
        )
    )


def emerging_issues_for(partnership: Partnership) -> QuerySet[EmergingIssue]:
    return partnership.emerging_issues.select_related("logged_by__user", "issue__year").order_by(
        "status", "-logged_at"
    )


# Results ---------------------------------------------------------------------------


@dataclass
class QuestionResult:
    question: Question
    answered: int = 0
    rows: list[tuple[str, int]] = field(default_factory=list)  # label, count
    shares: list[rules.Share] = field(default_factory=list)  # the rows with percentages
    mean: float | None = None
    texts: list[Answer] = field(default_factory=list)
    suggestions: list[tuple[str, rules.SuggestedScore]] = field(default_factory=list)
    split: rules.SplitTable | None = None  # set when the reader splits the results

    def parts(self, respondents: int) -> list[tuple[str, int]] | None:
        """The counts that add up to the people who took part, with those who gave no
        answer last when there are any: a single-choice or rating question's rows, or
        how often each issue was ranked first. None for a multiple-choice question,
        whose counts count a person once for each answer chosen."""
        if self.question.kind == Question.Kind.MULTIPLE or not self.rows:
            return None
        unanswered = respondents - sum(count for _, count in self.rows)
        return self.rows + ([(rules.NO_ANSWER, unanswered)] if unanswered > 0 else [])

    @cached_property
    def chart(self) -> charts.Chart | None:
        """Drawn only when the results page shows it; the report draws its own."""
        if not self.rows:
            return None
        if self.question.kind == Question.Kind.RANKING:
            title = f"Bar chart of how often each issue was put first in “{self.question.text}”"
            return charts.horizontal_bars(self.rows, title=title, x_label="Times put first")
        title = f"Bar chart of the answers to “{self.question.text}”"
        return charts.horizontal_bars(self.rows, title=title, x_label="People")


def survey_results(survey: Survey, *, moderator: bool) -> tuple[int, list[QuestionResult]]:
    """Counts, charts and free text per question in three queries, whatever the size.

    Moderators see every free-text answer with its state; everyone else sees the
    published text of answers that are not hidden.
    """
    questions = list(survey.questions.all())
    respondents = survey.responses.count()
    answers = (
        Answer.objects.filter(response__survey=survey)
        .select_related("response")
        .order_by("response_id", "pk")
    )
    by_question: dict[int, list[Answer]] = defaultdict(list)
    for answer in answers:
        by_question[answer.question_id].append(answer)
    issues = survey.year.issues.order_by("title").values_list("pk", "title", "created_at")
    titles = {pk: title for pk, title, _ in issues}
    added = {pk: created for pk, _, created in issues}
    results = []
    for question in questions:
        given = by_question.get(question.pk, [])
        result = QuestionResult(question=question, answered=len(given))
        if question.kind in (Question.Kind.SINGLE, Question.Kind.MULTIPLE):
            result.rows = rules.count_choices(question.options, [a.value for a in given])
        elif question.kind == Question.Kind.RATING:
            result.rows = rules.count_choices([1, 2, 3, 4, 5], [a.value for a in given])
            result.rows = [(str(label), count) for label, count in result.rows]
            if given:
                result.mean = sum(a.value for a in given) / len(given)
        elif question.kind == Question.Kind.RANKING:
            scores = rules.suggest_community_scores(
                list(titles),
                [a.value for a in given],
                asked=_asked(added, [(a.value, a.response.submitted_at) for a in given]),
            )
            result.suggestions = sorted(
                ((titles[pk], s) for pk, s in scores.items()),
                key=lambda pair: (-pair[1].points, pair[0]),
            )
            result.rows = [(title, s.first_choices) for title, s in result.suggestions]
        else:
            visible = given if moderator else [a for a in given if a.moderation != "hidden"]
            result.texts = visible
        if result.rows:
            total = respondents if question.kind != Question.Kind.RANKING else len(given)
            result.shares = rules.shares(result.rows, total=total)
        results.append(result)
    return respondents, results


SPLIT_KINDS = (Question.Kind.SINGLE, Question.Kind.MULTIPLE, Question.Kind.RATING)


def split_questions(survey: Survey) -> list[Question]:
    """The questions results may be split by: single-choice ones, such as an area or
    an age group."""
    return [q for q in survey.questions.all() if q.kind == Question.Kind.SINGLE]


def split_results(survey: Survey, by: Question) -> dict[int, rules.SplitTable]:
    """Each choice or rating question's answers within each group of `by`'s answers,
    keyed by question: three queries, whatever the size."""
    respondents = list(survey.responses.values_list("pk", flat=True))
    given: dict[int, list[tuple[int, object]]] = defaultdict(list)
    for response, question, value in Answer.objects.filter(response__survey=survey).values_list(
        "response_id", "question_id", "value"
    ):
        given[question].append((response, value))
    group_of = {response: value for response, value in given.get(by.pk, [])}
    tables = {}
    for question in survey.questions.all():
        if question.pk == by.pk or question.kind not in SPLIT_KINDS:
            continue
        options = [1, 2, 3, 4, 5] if question.kind == Question.Kind.RATING else question.options
        tables[question.pk] = rules.split_counts(
            group_options=list(by.options),
            group_of=group_of,
            respondents=respondents,
            options=options,
            given=given.get(question.pk, []),
        )
    return tables


def _asked(added: dict[int, datetime], answers: list[tuple[list, datetime]]) -> dict[int, int]:
    """Per issue, how many ranking answers were given while it was on the long list
    (and so offered to the respondent). The survey records no list of its own."""
    given = [submitted for ranking, submitted in answers if ranking]
    return {pk: sum(1 for at in given if at >= created) for pk, created in added.items()}


def suggested_community_scores(year: CycleYear) -> dict[int, rules.SuggestedScore]:
    """Per issue on the year's long list, the suggested community-concerns score from
    every ranking answer in the year's surveys (published or closed), with evidence.
    An issue added after the last ranking answer was not asked about: no suggestion."""
    added = dict(year.issues.order_by("title").values_list("pk", "created_at"))
    answers = list(
        Answer.objects.filter(
            question__survey__year=year,
            question__kind=Question.Kind.RANKING,
            question__survey__status__in=[Survey.Status.PUBLISHED, Survey.Status.CLOSED],
        ).values_list("value", "response__submitted_at")
    )
    return rules.suggest_community_scores(
        list(added), [value for value, _ in answers], asked=_asked(added, answers)
    )


def export_table(survey: Survey) -> tuple[list[str], list[list]]:
    """One row per response, one column per question; free text as moderated."""
    questions = list(survey.questions.all())
    titles = dict(survey.year.issues.values_list("pk", "title"))
    headers = ["Response", "Received", "How", *[q.text for q in questions]]
    responses = list(Response.objects.filter(survey=survey).prefetch_related("answers"))
    rows = []
    for number, response in enumerate(responses, start=1):
        by_question = {a.question_id: a for a in response.answers.all()}
        cells = [
            number,
            timezone.localtime(response.submitted_at).strftime("%Y-%m-%d %H:%M"),
            response.get_source_display(),
        ]
        for question in questions:
            answer = by_question.get(question.pk)
            if answer is None:
                cells.append("")
            elif question.kind == Question.Kind.TEXT:
                cells.append(answer.published_text)
            elif question.kind == Question.Kind.MULTIPLE:
                cells.append("; ".join(answer.value))
            elif question.kind == Question.Kind.RANKING:
                cells.append("; ".join(titles.get(pk, "?") for pk in answer.value))
            else:
                cells.append(answer.value)
        rows.append(cells)
    return headers, rows
