"""The demo's consultation: in year 1, a closed public survey with forty responses (one
free-text answer redacted), four rationale documents handed in and accepted before the
autumn scoring (one after it was returned with comments), and two emerging issues.
Runs once per cycle: it stops if year 1 already has surveys. The current year's
rationale documents are demo/current_year_demo.py's."""

import random
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from consultation.models import Answer, Question, Survey
from consultation.services import emerging_issues, rationales, survey_responses, surveys
from cycles.models import Cycle
from partnerships.models import Membership, Role

COMMENTS = [
    "Cars race along the bypass most nights.",
    "Street lights on the estate have been out for weeks.",
    "More police on foot in the town centre, please.",
    "Young people need somewhere to go in the evenings.",
    "The man at 12 Station Road keeps dealing from his car.",  # redacted below
    "Scam phone calls to my elderly mother every week.",
    "Fly-tipping behind the shops is getting worse.",
]

# Year 1's rationale documents, all handed in before the autumn scoring (year 1 has
# ended): (issue title, specialist email, the analyst's comment when returning a first
# draft, or "" if accepted first time).
RATIONALES = [
    ("Domestic abuse", "specialist@example.org", ""),
    ("Anti-social behaviour", "aisha.khan@example.org", ""),
    (
        "Drug supply and county lines",
        "dan.cole@example.org",
        "Please add the number of county lines closed this year and name the data source.",
    ),
    ("Fraud and scams against older people", "helen.price@example.org", ""),
]


def _sections(title: str) -> dict[str, str]:
    return {
        "key_information": f"{title} is a continuing concern in the district. Recorded "
        "incidents rose in the last twelve months, with most in the larger towns.",
        "current_work": "Partners run a joint problem-solving group that meets monthly "
        "and shares cases between the council, police and health.",
        "progress": "Repeat cases fell slightly after the new referral route began.",
        "gaps": "Health and housing data are not shared routinely, so hidden demand is unknown.",
        "recommendations": "Agree a data-sharing protocol and review progress at six months.",
        "data_sources": "Police recorded crime; council case system; partner returns.",
    }


def _ranking(rng: random.Random, issue_ids: list[int], weights: list[float]) -> list[int]:
    pool, chosen = list(issue_ids), []
    local = list(weights)
    for _ in range(rng.randint(2, 5)):
        pick = rng.choices(range(len(pool)), weights=local)[0]
        chosen.append(pool.pop(pick))
        local.pop(pick)
    return chosen


def _public_survey(year, analyst: Membership, today: date) -> Survey:
    survey = surveys.create_survey_from_template(
        year=year,
        template_key="public-priorities",
        opens_on=today,
        closes_on=today,
        created_by=analyst,
        today=min(today, year.ends_on),  # set up in year 1, while it ran (dated back below)
    )
    survey = surveys.publish_survey(survey=survey, by=analyst, today=min(today, year.ends_on))
    issues = list(year.issues.order_by("title"))
    issue_ids = [i.pk for i in issues]
    # Residents worry most about anti-social behaviour, then burglary and speeding roads.
    favourites = {
        "Anti-social behaviour": 8,
        "Dwelling burglary": 5,
        "Road safety and casualty reduction": 4,
    }
    weights = [favourites.get(i.title, 1) for i in issues]
    q = {question.kind: question for question in survey.questions.all()}
    rng = random.Random(2026)
    ages = random.Random(18)  # its own draws, so the other answers stay as they were
    age_groups = q[Question.Kind.SINGLE].options
    for n in range(40):
        answers = {
            q[Question.Kind.RANKING].pk: _ranking(rng, issue_ids, weights),
            q[Question.Kind.RATING].pk: rng.choice([1, 2, 2, 3, 3, 3, 4, 4, 5]),
            q[Question.Kind.MULTIPLE].pk: rng.sample(
                q[Question.Kind.MULTIPLE].options, rng.randint(1, 2)
            ),
        }
        if n < len(COMMENTS):
            answers[q[Question.Kind.TEXT].pk] = COMMENTS[n]
        if n % 8:  # some skip the age question
            answers[q[Question.Kind.SINGLE].pk] = ages.choices(age_groups, [1, 4, 6, 6, 3, 1])[0]
        survey_responses.submit_response(
            survey=survey, answers=answers, submission_id=f"demo-{n}", today=today
        )
    flagged = Answer.objects.get(question__survey=survey, text=COMMENTS[4])
    survey_responses.moderate_answer(
        answer=flagged,
        by=analyst,
        action=Answer.Moderation.REDACTED,
        reason="Gives a street address that could identify someone.",
        redacted_text="Someone on [street] keeps dealing from his car.",
    )
    surveys.close_survey(survey=survey, by=analyst)
    # Move the window back into the year's consultation stage, where it ran.
    stage = year.stages.filter(kind="consultation").first()
    if stage is not None and stage.ends_on < today:
        Survey.objects.filter(pk=survey.pk).update(
            opens_on=stage.starts_on, closes_on=stage.ends_on
        )
        moment = timezone.make_aware(datetime.combine(stage.ends_on, time(12)))
        survey.responses.update(submitted_at=moment)
        _date_history(survey, opens_on=stage.starts_on, closes_on=stage.ends_on)
    return survey


def _date_history(survey: Survey, *, opens_on: date, closes_on: date) -> None:
    """Date the survey's history as it ran, not when the demo was built: written two
    weeks before it opened, published the day it opened, closed the day after it
    closed, so its history table tells the same story as its dates."""
    at = {
        Survey.Status.DRAFT: opens_on - timedelta(days=14),
        Survey.Status.PUBLISHED: opens_on,
        Survey.Status.CLOSED: closes_on + timedelta(days=1),
    }
    for record in survey.history.all():
        moment = timezone.make_aware(datetime.combine(at[record.status], time(9)))
        survey.history.filter(history_id=record.history_id).update(history_date=moment)


def at_hour(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def specialist_named(partnership, email: str) -> Membership | None:
    return Membership.objects.filter(
        partnership=partnership, user__username=email, role=Role.THEME_SPECIALIST
    ).first()


def ask_for_rationales(year, analyst, wanted, *, due_on: date, asked: date, message: str):
    """Ask each specialist in ``wanted`` (issue title, specialist's email, the comment
    its first draft is returned with or "") for that issue's rationale in ``year``.
    Yields each request made, with its writer, title and comment; an issue or a
    specialist the partnership does not have is passed over."""
    for title, email, comment in wanted:
        issue = year.issues.filter(title=title).first()
        specialist = specialist_named(year.cycle.partnership, email)
        if issue is None or specialist is None:
            continue
        document = rationales.request_rationale(
            year=year,
            issue=issue,
            specialist=specialist,
            requested_by=analyst,
            due_on=due_on,
            message=message,
            now=at_hour(asked),
        )
        yield document, specialist, title, comment


def _rationales(year, analyst: Membership) -> None:
    """Year 1's documents: asked for a month before they were due (mid-October, before
    the scoring round closed: the cycle template's date), handed in a week before it
    and accepted two days later. The one returned with comments had its first draft
    handed in and returned five days before that."""
    stage = year.stages.get(kind="consultation")
    due_on = stage.starts_on + timedelta(days=44)
    requests = ask_for_rationales(
        year,
        analyst,
        RATIONALES,
        due_on=due_on,
        asked=due_on - timedelta(days=30),
        message="Please write the rationale for this issue before the scoring sessions.",
    )
    for document, specialist, title, comment in requests:
        handed_in = due_on - timedelta(days=7)
        if comment:  # the first draft, returned with comments
            hand_in(document, specialist, title, handed_in - timedelta(days=5))
            review_document(document, analyst, comment, handed_in - timedelta(days=4))
        hand_in(document, specialist, title, handed_in)
        review_document(document, analyst, "", handed_in + timedelta(days=2))


def hand_in(document, specialist: Membership, title: str, on: date) -> None:
    rationales.save_rationale(
        document=document, by=specialist, sections=_sections(title), submit=True, now=at_hour(on)
    )


def review_document(document, analyst: Membership, comment: str, on: date) -> None:
    """Accepted, or returned with `comment`."""
    rationales.review_rationale(
        document=document, by=analyst, accept=not comment, comment=comment, now=at_hour(on, 15)
    )


@transaction.atomic
def build_consultation_demo(cycle: Cycle, today: date) -> None:
    year = cycle.years.get(number=1)
    if year.surveys.exists() or not year.issues.exists():
        return
    partnership = cycle.partnership
    analyst = Membership.objects.filter(partnership=partnership, role=Role.ANALYST).first()
    _public_survey(year, analyst, today)
    _rationales(year, analyst)
    board = Membership.objects.filter(partnership=partnership, role=Role.BOARD_MEMBER).first()
    emerging_issues.log_emerging_issue(
        partnership=partnership,
        by=board or analyst,
        title="E-scooter thefts and riding on pavements",
        location="Dunstable and Houghton Regis",
        evidence="Twelve thefts reported in August and complaints at two ward meetings.",
        source="Ward councillors' surgery",
    )
    emerging_issues.log_emerging_issue(
        partnership=partnership,
        by=analyst,
        title="Shop theft by organised groups",
        location="Biggleswade retail park",
        evidence="Retailers report repeated thefts by the same group since July.",
        source="Business crime partnership",
    )
