"""In the public summary, a hidden small count cannot be worked out from a total shown
with it: a dataset's categories add up to its "All crime" total (repeated in the
headline), and a survey question's answers to the people who answered, so one more
count is hidden with the small one and left out of the chart too. The full
assessment is for members and shows every count exactly."""

import re
from datetime import date

from django.utils import timezone

from analysis.models import Dataset, MonthlyCount
from consultation.services import survey_responses as consultation
from cycles.services import save_issue
from reports import services
from reports.models import Report
from tests.consultation.conftest import answers_for, build_survey


def _section(html, key):
    start = html.index(f'id="{key}"')
    end = html.find('<section class="report-section">', start)
    return html[start : end if end != -1 else None]


def _text(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _crime(partnership):
    district = partnership.districts.first()
    dataset = Dataset.objects.create(
        partnership=partnership, kind=Dataset.Kind.POLICE_STREET, name="Police recorded crime"
    )
    counts = {"Burglary": 50, "Vehicle crime": 40, "Bicycle theft": 3}
    MonthlyCount.objects.bulk_create(
        MonthlyCount(
            dataset=dataset, district=district, month=date(2017, 11, 1), category=c, count=n
        )
        for c, n in counts.items()
    )


def _html(year, kind):
    return services.build_html(services.create_report(year=year, kind=kind), version=1)


def test_a_hidden_crime_category_is_not_the_total_minus_the_rest(year, partnership):
    assert partnership.suppress_below == 10
    _crime(partnership)
    data = _text(_section(_html(year, Report.Kind.PUBLIC), "what-the-data-shows"))
    assert "93 recorded in November 2017" in data
    # Before, Burglary 50 and Vehicle crime 40 were shown: 93 - 50 - 40 = 3.
    assert "Bicycle theft fewer than 10" in data
    assert "Vehicle crime not shown" in data
    assert "Burglary 50" in data
    assert "All crime and anti-social behaviour 93" in data
    # The chart leaves out both hidden categories.
    assert "Bar chart of 1 category recorded November 2017. The largest is burglary" in data
    assert "Vehicle crime 40" not in data


def test_the_full_assessment_shows_members_every_count(year, partnership):
    _crime(partnership)
    analysis = _text(_section(_html(year, Report.Kind.FULL), "analysis"))
    assert "Bicycle theft 3" in analysis and "Vehicle crime 40" in analysis


def test_a_hidden_survey_answer_is_not_the_people_minus_the_rest(year, partnership):
    issues = [save_issue(year=year, title=t) for t in ("Anti-social behaviour", "Domestic abuse")]
    survey = build_survey(year)
    single = survey.questions.get(kind="single")
    for n in range(12):
        answers = answers_for(survey, issues)
        answers[single.pk] = "Yes" if n == 0 else "No"
        consultation.submit_response(
            survey=survey, answers=answers, submission_id=f"s{n}", today=timezone.localdate()
        )
    told = _text(_section(_html(year, Report.Kind.PUBLIC), "what-you-told-us"))
    assert "12 people answered" in told
    # Before, "No 11" was shown: 12 - 11 - 0 = 1.
    assert "Yes fewer than 10 No not shown Not sure 0" in told
    # Multiple choice adds up to no total: Newspaper's 0 and the others stay exact.
    assert "Website 12 Newspaper 0 Meetings 12" in told


def _one_person_answers(year):
    issues = [save_issue(year=year, title=t) for t in ("Anti-social behaviour", "Domestic abuse")]
    survey = build_survey(year)
    consultation.submit_response(
        survey=survey,
        answers=answers_for(survey, issues),
        submission_id="only",
        today=timezone.localdate(),
    )


def test_one_person_is_one_person_in_full_and_fewer_than_ten_in_public(year, partnership):
    _one_person_answers(year)
    assert "1 person answered." in _text(_html(year, Report.Kind.FULL))
    told = _text(_section(_html(year, Report.Kind.PUBLIC), "what-you-told-us"))
    assert "fewer than 10 people answered." in told


def test_one_person_is_one_person_in_public_where_every_count_is_shown(year, partnership):
    """A partnership that publishes every count as it is: the noun follows the number."""
    partnership.suppress_below = 1
    partnership.save()
    _one_person_answers(year)
    told = _text(_section(_html(year, Report.Kind.PUBLIC), "what-you-told-us"))
    assert "1 person answered." in told


def test_the_full_assessment_words_each_question_as_the_results_page_does(year, partnership):
    """A ranking counts times put first and how many ranked each issue, not "people";
    a rating gives its average; those who gave no answer are a row; a tie names both."""
    issues = [save_issue(year=year, title=t) for t in ("Anti-social behaviour", "Domestic abuse")]
    survey = build_survey(year)
    q = {question.kind: question for question in survey.questions.all()}
    given = [
        {q["ranking"].pk: [issues[1].pk, issues[0].pk], q["single"].pk: "Yes", q["rating"].pk: 2},
        {q["ranking"].pk: [issues[0].pk, issues[1].pk], q["single"].pk: "No", q["rating"].pk: 4},
        {q["ranking"].pk: [issues[1].pk], q["rating"].pk: 3},
    ]
    for n, answers in enumerate(given):
        consultation.submit_response(
            survey=survey, answers=answers, submission_id=f"s{n}", today=timezone.localdate()
        )
    context = _text(_section(_html(year, Report.Kind.FULL), "context"))
    assert "Issue Times put first Ranked by Domestic abuse 2 3 Anti-social behaviour 1 2" in (
        context
    )
    assert "Put first most often: Domestic abuse." in context
    assert "Answer People Yes 1 No 1 Not sure 0 No answer 1" in context
    assert "The most common answers were Yes and No, equally." in context
    assert "Average rating 3.0." in context


def test_the_full_assessment_prints_rates_as_the_analysis_page_does(year, partnership):
    district = partnership.districts.first()
    district.population = 300_000
    district.save()
    _crime(partnership)
    report = services.create_report(year=year, kind=Report.Kind.FULL)
    analysis = _text(_section(services.build_html(report, version=1), "analysis"))
    # 3 bicycle thefts among 300,000 residents is 0.01 per 1,000: shown as the page shows it.
    assert "Bicycle theft 3 3.2% 3.0 0.01" in analysis
    assert "93 recorded in November 2017, 0.31 per 1,000 residents." in analysis
    district.population = 3_000_000
    district.save()
    analysis = _text(_section(services.build_html(report, version=1), "analysis"))
    assert "Bicycle theft 3 3.2% 3.0 Under 0.01" in analysis and " 0.00" not in analysis
