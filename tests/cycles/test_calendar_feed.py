"""The private calendar feed (/calendar/<token>.ics): a valid iCalendar file, read back
with icalendar's own parser, listing the person's deadlines, meetings and reviews from
every partnership they belong to and nobody else's; a stable UID per event; a bounded
window; a query count that does not grow with the events; a link that only its exact
token opens and that stops working once reset."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from analysis.source_models import SharingAgreement
from consultation.models import RationaleDocument
from cycles import calendar, calendar_feed
from cycles.models import Activity, CalendarFeed
from cycles.services import create_cycle_from_template, save_issue
from partnerships.models import Membership, Role
from priorities.models import Action, DecisionRequest, Group, Meeting, Priority, Review
from scoring.matrix_files import load_shipped_matrices
from scoring.models import Matrix, Round, ScoreSheet

TODAY = timezone.localdate()


def _work_for(partnership, members, *, label=""):
    """One of each dated thing in the partnership. members: role -> Membership."""
    cycle = create_cycle_from_template(
        partnership=partnership, template_key="four-year", start_year=TODAY.year
    )
    Activity.objects.filter(stage__year__cycle=cycle).delete()  # only the one below
    year = cycle.years.get(number=1)
    stage = year.stages.first()
    Activity.objects.create(
        stage=stage,
        title=f"Send the partner survey{label}",
        owner=members["scorer"],
        due_on=TODAY + timedelta(days=5),
    )
    issue = save_issue(year=year, title=f"Domestic abuse{label}")
    load_shipped_matrices()
    round_ = Round.objects.create(
        year=year,
        name=f"Autumn scoring{label}",
        matrix=Matrix.objects.filter(partnership=None).first(),
        deadline=TODAY + timedelta(days=10),
        status=Round.Status.OPEN,
    )
    ScoreSheet.objects.create(round=round_, scorer=members["scorer"])
    RationaleDocument.objects.create(
        year=year, issue=issue, specialist=members["scorer"], due_on=TODAY + timedelta(days=3)
    )
    Meeting.objects.create(
        partnership=partnership, title=f"Partnership board{label}", held_on=TODAY + timedelta(20)
    )
    Action.objects.create(
        partnership=partnership,
        title=f"Map the night-time economy{label}",
        owner=members["board"],
        due_on=TODAY + timedelta(days=30),
        raised_on=TODAY - timedelta(days=30),
    )
    Priority.objects.create(
        year=year,
        title=f"Reduce serious violence{label}",
        status=Priority.Status.AGREED,
        lead=members["board"],
    )
    Review.objects.create(year=year, review_on=TODAY + timedelta(days=60))
    group = Group.objects.create(
        partnership=partnership, kind="operational_delivery", name=f"Violence group{label}"
    )
    group.members.add(members["scorer"])
    Meeting.objects.create(
        partnership=partnership, group=group, title=f"Violence group{label}", held_on=TODAY
    )
    DecisionRequest.objects.create(
        group=group,
        question=f"Should we fund street pastors{label}?",
        asked_on=TODAY,
        due_on=TODAY + timedelta(days=14),
    )
    SharingAgreement.objects.create(
        partnership=partnership,
        title=f"Police and council data{label}",
        review_on=TODAY + timedelta(days=90),
    )
    return year


@pytest.fixture
def work(partnership, other_partnership, members, cast, membership_of):
    lee = membership_of(cast["outsider"], other_partnership)
    _work_for(other_partnership, {"scorer": lee, "board": lee}, label=" in Luton")
    return _work_for(partnership, members)


def _feed(client, user) -> tuple[Calendar, bytes]:
    token = calendar_feed.feed_for(user).token
    response = client.get(reverse("calendar_feed", args=[token]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content), response.content


def _summaries(parsed: Calendar) -> dict[str, str]:
    return {str(e["uid"]).split("@")[0]: str(e["summary"]) for e in parsed.walk("VEVENT")}


def test_every_app_registered_its_sources():
    names = {f"{s.__module__}.{s.__name__}" for s in calendar.sources()}
    assert names == {
        "cycles.calendar_events.activities_due",
        "scoring.calendar_events.sheets_due",
        "consultation.calendar_events.rationales_due",
        "analysis.calendar_events.agreement_reviews",
        "priorities.calendar_events.meetings",
        "priorities.calendar_events.reviews",
        "priorities.calendar_events.actions_due",
        "priorities.calendar_events.questions_due",
    }


def test_registering_twice_adds_once():
    before = calendar.sources()
    calendar.register(before[0])
    assert calendar.sources() == before


def test_the_feed_is_valid_icalendar_with_the_required_properties(client, cast, work):
    parsed, raw = _feed(client, cast["theme_specialist"])
    assert raw.startswith(b"BEGIN:VCALENDAR\r\n")
    assert raw.rstrip().endswith(b"END:VCALENDAR")
    assert parsed.name == "VCALENDAR"
    assert str(parsed["VERSION"]) == "2.0"
    assert str(parsed["PRODID"]) == calendar_feed.PRODID
    assert max(len(line) for line in raw.split(b"\r\n")) <= 75  # folded, as RFC 5545 asks
    events = parsed.walk("VEVENT")
    assert events
    for event in events:
        for required in ("UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "URL"):
            assert required in event, (required, event)
        # All-day: a DATE, not a DATE-TIME, ending the next day.
        start, end = event.decoded("dtstart"), event.decoded("dtend")
        assert type(start).__name__ == "date"
        assert end - start == timedelta(days=1)
        assert str(event["url"]).startswith("http://testserver/p/central-bedfordshire/")
    # Strict parsing finds nothing it had to skip or repair.
    assert not any(getattr(component, "errors", []) for component in parsed.walk())


def test_the_scorer_sees_their_activity_sheet_rationale_and_group(client, cast, work):
    parsed, _ = _feed(client, cast["theme_specialist"])
    summaries = sorted(_summaries(parsed).values())
    assert summaries == sorted(
        [
            "Due: Send the partner survey",
            "Score sheet due: Autumn scoring",
            "Rationale document due: Domestic abuse",
            "Meeting: Violence group",
            "Decision due from Violence group: Should we fund street pastors?",
        ]
    )


def test_the_board_member_sees_the_board_meeting_their_action_and_the_review(client, cast, work):
    parsed, _ = _feed(client, cast["board_member"])
    assert sorted(_summaries(parsed).values()) == sorted(
        [
            "Meeting: Partnership board",
            "Action due: Map the night-time economy",
            f"Six-month review of {work.label}",
        ]
    )


def test_the_analyst_sees_the_board_meeting_the_review_and_the_agreement(client, cast, work):
    parsed, _ = _feed(client, cast["analyst"])
    assert sorted(_summaries(parsed).values()) == sorted(
        [
            "Meeting: Partnership board",
            f"Six-month review of {work.label}",
            "Review the sharing agreement: Police and council data",
        ]
    )


def _urls(parsed: Calendar) -> list[str]:
    return [str(e["url"]) for e in parsed.walk("VEVENT")]


def test_another_partnerships_events_never_appear(client, cast, work):
    for role in ("theme_specialist", "board_member", "analyst", "admin"):
        parsed, raw = _feed(client, cast[role])
        assert b"Luton" not in raw, role
        assert all(u.startswith("http://testserver/p/central-bedfordshire/") for u in _urls(parsed))
    parsed, raw = _feed(client, cast["outsider"])
    assert len(_urls(parsed)) == 9  # Lee plays every part in Luton
    assert all(u.startswith("http://testserver/p/luton/") for u in _urls(parsed))


def test_a_person_in_two_partnerships_sees_both_each_named(client, cast, work, other_partnership):
    Membership.objects.create(
        user=cast["board_member"], partnership=other_partnership, role=Role.BOARD_MEMBER
    )
    parsed, _ = _feed(client, cast["board_member"])
    summaries = set(_summaries(parsed).values())
    assert "Meeting: Partnership board (Central Bedfordshire CSP)" in summaries
    assert "Meeting: Partnership board in Luton (Luton CSP)" in summaries
    assert "Action due: Map the night-time economy (Central Bedfordshire CSP)" in summaries
    # Lee owns Luton's action, not Chris.
    assert not any(
        s.startswith("Action due: Map the night-time economy in Luton") for s in summaries
    )


def test_an_invitation_not_yet_accepted_shows_nothing(client, cast, work, other_partnership):
    Membership.objects.create(
        user=cast["board_member"],
        partnership=other_partnership,
        role=Role.BOARD_MEMBER,
        accepted_at=None,
    )
    _, raw = _feed(client, cast["board_member"])
    assert b"Luton" not in raw


def test_uids_are_stable_so_a_moved_event_replaces_itself(client, cast, work):
    first, _ = _feed(client, cast["board_member"])
    Action.objects.filter(title="Map the night-time economy").update(
        due_on=TODAY + timedelta(days=40)
    )
    second, _ = _feed(client, cast["board_member"])
    assert set(_summaries(first)) == set(_summaries(second))
    moved = {str(e["uid"]): e.decoded("dtstart") for e in second.walk("VEVENT")}
    action = Action.objects.get(title="Map the night-time economy")
    assert moved[f"action-{action.pk}@testserver"] == TODAY + timedelta(days=40)


def test_done_work_and_events_outside_the_window_leave_the_feed(client, cast, work):
    Action.objects.filter(title="Map the night-time economy").update(status=Action.Status.DONE)
    Meeting.objects.create(
        partnership=work.cycle.partnership,
        title="Too far ahead",
        held_on=TODAY + timedelta(days=calendar.DAYS_AHEAD + 1),
    )
    Meeting.objects.create(
        partnership=work.cycle.partnership,
        title="Too long ago",
        held_on=TODAY - timedelta(days=calendar.DAYS_BACK + 1),
    )
    Meeting.objects.create(
        partnership=work.cycle.partnership,
        title="Last year's board",
        held_on=TODAY - timedelta(days=calendar.DAYS_BACK - 1),
    )
    parsed, _ = _feed(client, cast["board_member"])
    summaries = set(_summaries(parsed).values())
    assert "Action due: Map the night-time economy" not in summaries
    assert "Meeting: Too far ahead" not in summaries
    assert "Meeting: Too long ago" not in summaries
    assert "Meeting: Last year's board" in summaries


def test_the_query_count_does_not_grow_with_the_events(client, cast, work, members):
    url = reverse("calendar_feed", args=[calendar_feed.feed_for(cast["board_member"]).token])
    client.get(url)
    with CaptureQueriesContext(connection) as before:
        client.get(url)
    partnership = work.cycle.partnership
    Action.objects.bulk_create(
        Action(
            partnership=partnership,
            title=f"Action {i}",
            owner=members["board"],
            due_on=TODAY + timedelta(days=i),
            raised_on=TODAY,
        )
        for i in range(15)
    )
    Meeting.objects.bulk_create(
        Meeting(partnership=partnership, title=f"Board {i}", held_on=TODAY + timedelta(days=i))
        for i in range(15)
    )
    with CaptureQueriesContext(connection) as after:
        response = client.get(url)
    assert len(Calendar.from_ical(response.content).walk("VEVENT")) == 3 + 30
    assert len(after) == len(before)


# The link ---------------------------------------------------------------------------


def test_an_unknown_token_gets_404(client, cast, work):
    token = calendar_feed.feed_for(cast["board_member"]).token
    assert client.get(reverse("calendar_feed", args=["0" * 16 + "x" * 43])).status_code == 404
    assert client.get(reverse("calendar_feed", args=[token[:16]])).status_code == 404
    # One character changed (never to itself: the token may end in "A" already).
    changed = token[:-1] + ("B" if token.endswith("A") else "A")
    assert client.get(reverse("calendar_feed", args=[changed])).status_code == 404
    assert client.get(reverse("calendar_feed", args=[token])).status_code == 200


def test_the_token_is_long_and_random(cast):
    one = calendar_feed.feed_for(cast["board_member"])
    two = calendar_feed.feed_for(cast["analyst"])
    assert len(one.token) >= 59 and one.token != two.token
    assert calendar_feed.feed_for(cast["board_member"]).token == one.token  # kept


def test_reset_stops_the_old_link_and_the_new_one_works(client, cast, work):
    old = calendar_feed.feed_for(cast["board_member"]).token
    new = calendar_feed.reset_feed(user=cast["board_member"]).token
    assert new != old
    assert client.get(reverse("calendar_feed", args=[old])).status_code == 404
    assert client.get(reverse("calendar_feed", args=[new])).status_code == 200
    assert CalendarFeed.objects.filter(user=cast["board_member"]).count() == 1


def test_an_inactive_accounts_link_opens_nothing(client, cast, work):
    token = calendar_feed.feed_for(cast["board_member"]).token
    cast["board_member"].is_active = False
    cast["board_member"].save()
    assert client.get(reverse("calendar_feed", args=[token])).status_code == 404


def test_the_feed_sets_no_cookie_and_is_kept_out_of_shared_caches(client, cast, work):
    response = client.get(
        reverse("calendar_feed", args=[calendar_feed.feed_for(cast["analyst"]).token])
    )
    assert response.cookies == {} or not list(response.cookies)
    assert "private" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex"


def test_someone_who_has_left_sees_nothing_more_of_the_partnership(client, cast, work, members):
    from partnerships.services import mark_left

    mark_left(membership=members["scorer"])
    parsed, _ = _feed(client, cast["theme_specialist"])
    assert _summaries(parsed) == {}
