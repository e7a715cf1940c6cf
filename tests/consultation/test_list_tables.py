"""The consultation lists drawn as tables: surveys, rationale documents and emerging
issues sort by a column, keep their caption and still say when they are empty."""

from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone

from consultation.models import EmergingIssue, RationaleDocument, Response, Survey
from tests.list_queries import assert_queries_stay_flat

SLUG = "central-bedfordshire"


def _order(text: str, *names: str) -> list[str]:
    return sorted(names, key=text.index)


def _page(client, name: str, **params) -> str:
    return client.get(
        reverse(f"consultation:{name}", kwargs={"slug": SLUG}), params
    ).content.decode()


def test_the_surveys_sort_by_title_and_say_when_there_are_none(client_as, cast, year, member):
    analyst = client_as(cast["analyst"])
    assert "<p>No surveys yet.</p>" in _page(analyst, "surveys")
    for title, opens in [
        ("Residents survey", date(2026, 6, 1)),
        ("Partner survey", date(2026, 7, 1)),
    ]:
        Survey.objects.create(
            year=year,
            title=title,
            audience=Survey.Audience.PUBLIC,
            status=Survey.Status.CLOSED,
            opens_on=opens,
            closes_on=opens + timedelta(days=30),
            created_by=member(cast["analyst"]),
        )
    ascending = _page(analyst, "surveys", sort="title")
    descending = _page(analyst, "surveys", sort="-title")
    assert _order(ascending, "Residents survey", "Partner survey") == [
        "Partner survey",
        "Residents survey",
    ]
    assert _order(descending, "Residents survey", "Partner survey") == [
        "Residents survey",
        "Partner survey",
    ]
    assert "The partnership&#x27;s surveys</caption>" in ascending
    assert "1 June 2026 to 1 July 2026" in ascending
    assert ">Results of Residents survey</a>" in ascending

    # A theme specialist reads the titles but neither edits the surveys nor reads results.
    specialist = _page(client_as(cast["theme_specialist"]), "surveys", sort="title")
    assert "<td >Residents survey</td>" in specialist
    assert "Results of" not in specialist


def test_the_rationale_documents_sort_by_due_date(client_as, cast, year, issues, member):
    analyst = client_as(cast["analyst"])
    assert "<p>There are no rationale documents for you to see yet.</p>" in _page(
        analyst, "rationales"
    )
    for issue, due in [(issues[0], date(2026, 11, 1)), (issues[1], date(2026, 9, 1))]:
        RationaleDocument.objects.create(
            year=year,
            issue=issue,
            specialist=member(cast["theme_specialist"]),
            requested_by=member(cast["analyst"]),
            due_on=due,
        )
    early, late = issues[1].title, issues[0].title
    ascending = _page(analyst, "rationales", sort="due_on")
    descending = _page(analyst, "rationales", sort="-due_on")
    assert _order(ascending, early, late) == [early, late]
    assert _order(descending, early, late) == [late, early]
    assert '<caption class="visually-hidden">Rationale documents</caption>' in ascending
    mine = _page(client_as(cast["theme_specialist"]), "rationales")
    assert "Rationale documents you can read</caption>" in mine


def test_the_emerging_issues_sort_by_what_and_only_triagers_get_the_link(
    client_as, cast, partnership, member
):
    board = client_as(cast["board_member"])
    assert "<p>Nothing logged yet.</p>" in _page(board, "emerging")
    for title in ["Nitrous oxide", "Cuckooing"]:
        EmergingIssue.objects.create(
            partnership=partnership,
            title=title,
            logged_by=member(cast["board_member"]),
            logged_at=timezone.now(),
        )
    ascending = _page(board, "emerging", sort="title")
    descending = _page(board, "emerging", sort="-title")
    assert _order(ascending, "Nitrous oxide", "Cuckooing") == ["Cuckooing", "Nitrous oxide"]
    assert _order(descending, "Nitrous oxide", "Cuckooing") == ["Nitrous oxide", "Cuckooing"]
    assert "Emerging issues logged by the partnership</caption>" in ascending
    assert "Triage " not in ascending
    assert ">Triage Cuckooing</a>" in _page(client_as(cast["analyst"]), "emerging")


# The queries each list takes do not grow with its rows, sorted or not.


def test_the_surveys_queries_do_not_grow_with_surveys(client_as, cast, year, member):
    analyst = member(cast["analyst"])
    today = timezone.localdate()

    def add(start, count):
        for n in range(start, start + count):
            survey = Survey.objects.create(
                year=year,
                title=f"Survey {n}",
                audience=Survey.Audience.PARTNER if n % 2 else Survey.Audience.PUBLIC,
                status=Survey.Status.PUBLISHED if n % 3 else Survey.Status.DRAFT,
                opens_on=today - timedelta(days=n),
                closes_on=today + timedelta(days=30),
                created_by=analyst,
            )
            if n % 2:  # the analyst has answered the partner ones
                Response.objects.create(
                    survey=survey,
                    submission_id=f"s{n}",
                    respondent=analyst,
                    submitted_at=timezone.now(),
                )

    url = reverse("consultation:surveys", kwargs={"slug": SLUG})
    assert_queries_stay_flat(client_as(cast["analyst"]), url, add)


def test_the_rationales_queries_do_not_grow_with_documents(client_as, cast, year, member, issues):
    def add(start, count):
        for n in range(start, start + count):
            RationaleDocument.objects.create(
                year=year,
                issue=issues[n % len(issues)] if n % 2 else None,
                theme="" if n % 2 else f"Theme {n}",
                specialist=member(cast["theme_specialist"]),
                requested_by=member(cast["analyst"]),
                due_on=date(2026, 1, 1) + timedelta(days=n),
            )

    url = reverse("consultation:rationales", kwargs={"slug": SLUG})
    assert_queries_stay_flat(client_as(cast["analyst"]), url, add)


def test_the_emerging_issues_queries_do_not_grow_with_issues(
    client_as, cast, year, member, partnership, issues
):
    statuses = [EmergingIssue.Status.OPEN, EmergingIssue.Status.ADDED, EmergingIssue.Status.CLOSED]

    def add(start, count):
        for n in range(start, start + count):
            status = statuses[n % 3]
            EmergingIssue.objects.create(
                partnership=partnership,
                title=f"Emerging {n}",
                location="Leighton Buzzard",
                evidence="Residents report it weekly.",
                source="Residents' meeting",
                status=status,
                logged_by=member(cast["analyst"]) if n % 2 else None,
                logged_at=timezone.now() - timedelta(hours=n),
                issue=issues[n % len(issues)] if status == EmergingIssue.Status.ADDED else None,
                close_reason="Covered already." if status == EmergingIssue.Status.CLOSED else "",
            )

    url = reverse("consultation:emerging", kwargs={"slug": SLUG})
    assert_queries_stay_flat(client_as(cast["analyst"]), url, add)


def test_the_surveys_say_who_each_is_for(client_as, cast, year, member):
    for title, audience in [
        ("Residents survey", Survey.Audience.PUBLIC),
        ("Partner survey", Survey.Audience.PARTNER),
    ]:
        Survey.objects.create(
            year=year,
            title=title,
            audience=audience,
            status=Survey.Status.CLOSED,
            opens_on=date(2026, 6, 1),
            closes_on=date(2026, 7, 1),
            created_by=member(cast["analyst"]),
        )
    page = _page(client_as(cast["theme_specialist"]), "surveys", sort="title")
    rows = {
        title: row
        for row in page.split("<tr")
        for title in ["Residents survey", "Partner survey"]
        if f"<td >{title}</td>" in row
    }
    assert "<td >Public</td>" in rows["Residents survey"]
    assert "<td >Partners</td>" in rows["Partner survey"]
