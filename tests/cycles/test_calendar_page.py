"""The calendar page (/accounts/calendar/) and its reset: signed-in only, each person
sees their own link, and resetting asks first, works without JavaScript, and stops the
old link."""

from django.urls import reverse

from cycles import calendar_feed
from cycles.models import CalendarFeed

PAGE = reverse("calendar")
RESET = reverse("calendar_reset")


def test_signed_out_people_are_sent_to_sign_in(client, cast):
    for url in (PAGE, RESET):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))
    response = client.post(RESET, {"confirm": "yes"})
    assert response.status_code == 302
    assert not CalendarFeed.objects.exists()


def test_each_role_sees_their_own_link_and_how_to_add_it(client_as, cast):
    for role in ("admin", "analyst", "theme_specialist", "board_member", "outsider"):
        page = client_as(cast[role]).get(PAGE)
        assert page.status_code == 200
        html = page.content.decode()
        token = CalendarFeed.objects.get(user=cast[role]).token
        assert f"http://testserver/calendar/{token}.ics" in html
        assert f"webcal://testserver/calendar/{token}.ics" in html
        assert "Add it to Outlook" in html and "Add it to Google Calendar" in html
        assert reverse("calendar_reset") in html


def test_nobody_sees_anothers_link(client_as, cast):
    theirs = calendar_feed.feed_for(cast["outsider"]).token
    html = client_as(cast["board_member"]).get(PAGE).content.decode()
    assert theirs not in html


def test_the_reset_asks_first_and_changes_nothing_until_confirmed(client_as, cast):
    client = client_as(cast["theme_specialist"])
    before = calendar_feed.feed_for(cast["theme_specialist"]).token
    page = client.get(RESET)
    assert page.status_code == 200
    assert "Your current link will stop working at once" in page.content.decode()
    assert CalendarFeed.objects.get(user=cast["theme_specialist"]).token == before
    # A POST without the confirmation changes nothing and says so.
    response = client.post(RESET, follow=True)
    assert "Your calendar link was not changed." in response.content.decode()
    assert CalendarFeed.objects.get(user=cast["theme_specialist"]).token == before


def test_confirming_the_reset_replaces_the_link_and_the_old_one_404s(client_as, cast):
    client = client_as(cast["theme_specialist"])
    before = calendar_feed.feed_for(cast["theme_specialist"]).token
    response = client.post(RESET, {"confirm": "yes"}, follow=True)
    html = response.content.decode()
    after = CalendarFeed.objects.get(user=cast["theme_specialist"]).token
    assert after != before
    assert "Your calendar link has been reset." in html
    assert after in html and before not in html
    client.logout()
    assert client.get(reverse("calendar_feed", args=[before])).status_code == 404
    assert client.get(reverse("calendar_feed", args=[after])).status_code == 200


def test_one_persons_reset_leaves_anothers_link_alone(client_as, cast):
    theirs = calendar_feed.feed_for(cast["analyst"]).token
    client_as(cast["board_member"]).post(RESET, {"confirm": "yes"})
    assert CalendarFeed.objects.get(user=cast["analyst"]).token == theirs


def test_the_page_is_linked_from_your_account(client_as, cast):
    client = client_as(cast["analyst"])
    assert (
        f'href="{reverse("accounts:account")}"'
        in client.get(reverse("home"), follow=True).content.decode()
    )
    html = client.get(reverse("accounts:account")).content.decode()
    assert f'href="{PAGE}">Your calendar</a>' in html
