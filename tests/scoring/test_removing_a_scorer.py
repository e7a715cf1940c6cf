"""A person whose scores count stays in the partnership: removing them would delete
their sheets, and with them what moderation, the ranking and the report were built on."""

from datetime import date

from django.urls import reverse

from partnerships.models import Membership
from scoring import services
from scoring.models import Score, ScoreSheet


def _remove(client_as, cast, person):
    url = reverse(
        "partnerships:person_remove", kwargs={"slug": person.partnership.slug, "pk": person.pk}
    )
    return client_as(cast["admin"]).post(url, follow=True)


def test_a_scorer_who_gave_a_score_is_not_removed_and_the_admin_is_told_why(
    client_as, cast, open_round, issues, scorer_of
):
    jo = scorer_of(cast["theme_specialist"])
    sheet = ScoreSheet.objects.get(round=open_round, scorer=jo)
    criterion = open_round.matrix.criteria.first()
    services.save_scores(sheet=sheet, cells={(issues[0].pk, criterion.pk): (3, False)})

    response = _remove(client_as, cast, jo)

    assert response.status_code == 200
    assert (
        "Jo Evans cannot be removed: they gave scores in 1 scoring round. "
        "Those records must keep their name." in response.content.decode()
    )
    assert Membership.objects.filter(pk=jo.pk).exists()
    assert Score.objects.filter(sheet=sheet).count() == 1


def test_a_scorer_who_marked_a_value_not_known_is_not_removed(
    client_as, cast, open_round, issues, scorer_of
):
    jo = scorer_of(cast["theme_specialist"])
    sheet = ScoreSheet.objects.get(round=open_round, scorer=jo)
    criterion = open_round.matrix.criteria.first()
    services.save_scores(sheet=sheet, cells={(issues[0].pk, criterion.pk): (None, True)})

    _remove(client_as, cast, jo)

    assert Membership.objects.filter(pk=jo.pk).exists()


def test_a_scorer_who_has_not_scored_yet_is_removed_with_their_empty_sheet(
    client_as, cast, open_round, scorer_of
):
    jo = scorer_of(cast["theme_specialist"])
    assert ScoreSheet.objects.filter(round=open_round, scorer=jo).exists()

    response = _remove(client_as, cast, jo)

    assert "Jo Evans removed from Central Bedfordshire CSP." in response.content.decode()
    assert not Membership.objects.filter(pk=jo.pk).exists()
    assert not ScoreSheet.objects.filter(round=open_round, scorer_id=jo.pk).exists()


def test_a_scorer_who_has_left_stays_on_the_round_when_the_scorers_are_saved(
    client_as, cast, open_round, issues, scorer_of, mark
):
    """Saving the scorers page must not drop someone who left after scoring: their
    assignment and scores stay, and the page names them as having left."""
    from partnerships.services import mark_left

    jo = scorer_of(cast["theme_specialist"])
    sheet = ScoreSheet.objects.get(round=open_round, scorer=jo)
    criterion = open_round.matrix.criteria.first()
    services.save_scores(sheet=sheet, cells={(issues[0].pk, criterion.pk): (3, False)})
    mark_left(membership=jo)
    url = reverse(
        "scoring:scorers", kwargs={"slug": jo.partnership.slug, "round_id": open_round.pk}
    )
    client = client_as(cast["admin"])
    assert "Jo Evans (has left)" in client.get(url).content.decode()

    posted = {f"issue-{issue.pk}": [jo.pk, scorer_of(mark).pk] for issue in issues}
    client.post(url, posted)

    assert open_round.assignments.filter(scorer=jo).count() == len(issues)
    assert Score.objects.filter(sheet=sheet).count() == 1


def test_someone_who_has_left_is_not_offered_for_a_new_round(cast, scorer_of, partnership):
    from partnerships.services import mark_left
    from scoring.selectors import possible_scorers

    jo = mark_left(membership=scorer_of(cast["theme_specialist"]))

    assert jo not in possible_scorers(partnership)
    assert jo in possible_scorers(partnership, keep={jo.pk})


def test_a_scorer_who_has_left_cannot_be_given_new_issues(
    client_as, cast, year, issues, csp16, scorer_of, mark
):
    """Kept on the issues they were asked to score, but not ticked for any other, and the
    "every issue" and agency shortcuts pass them by."""
    from partnerships.services import mark_left

    jo = scorer_of(cast["theme_specialist"])
    round_ = services.create_round(
        year=year, name="Spring check", matrix=csp16, deadline=date(2026, 12, 1), issues=issues
    )
    services.assign_scorers(round_=round_, issue=issues[0], scorers=[jo])
    jo = mark_left(membership=jo)
    url = reverse("scoring:scorers", kwargs={"slug": jo.partnership.slug, "round_id": round_.pk})
    client = client_as(cast["admin"])

    page = client.get(url).content.decode()
    assert f'aria-label="Jo Evans scores {issues[0].title}"' in page
    assert f'aria-label="Jo Evans scores {issues[1].title}"' not in page
    assert 'aria-label="Jo Evans scores every issue"' not in page

    client.post(url, {f"issue-{issues[0].pk}": [jo.pk], "every-issue": [jo.pk]})
    assert list(round_.assignments.filter(scorer=jo).values_list("issue", flat=True)) == [
        issues[0].pk
    ]

    # Ticked for another issue (and untaken from the first): refused, and nothing changes.
    response = client.post(url, {f"issue-{issues[1].pk}": [jo.pk]}, follow=True)
    assert "Jo Evans has left the partnership, so cannot be asked to score" in (
        response.content.decode()
    )
    assert list(round_.assignments.filter(scorer=jo).values_list("issue", flat=True)) == [
        issues[0].pk
    ]
