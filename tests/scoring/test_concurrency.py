"""Issue 11, item 7: moderated scores are not silently overwritten, two first saves
of one score cell never fail, and a save that arrives while the round closes is
refused under a lock. The last two run on PostgreSQL, with two real connections."""

import threading

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse

from scoring import services
from scoring.models import AgreedScore, Score, ScoreSheet
from tests.edit_clash import seen_stamp
from tests.threads import in_thread, postgres_only

from .test_moderation_and_ranking import scored  # noqa: F401 - the shared fixture

SLUG = "central-bedfordshire"


def test_a_second_moderation_of_an_issue_is_refused(client_as, cast, scored, issues):  # noqa: F811
    url = reverse(
        "scoring:moderate_issue",
        kwargs={"slug": SLUG, "round_id": scored.pk, "issue_id": issues[0].pk},
    )
    client = client_as(cast["analyst"])
    seen = seen_stamp(client.get(url).content.decode())
    criteria = list(scored.matrix.criteria.all())
    form = {f"agreed-{c.pk}": "3" for c in criteria} | {"seen": seen}
    assert client.post(url, {**form, "rationale": "Agreed at the workshop."}).status_code == 302
    response = client.post(url, {**form, f"agreed-{criteria[0].pk}": "5", "rationale": "No."})
    page = response.content.decode()
    assert "These agreed scores were saved on" in page
    assert criteria[0].name in page
    assert AgreedScore.objects.get(issue=issues[0], criterion=criteria[0]).value == 3


def test_two_first_saves_of_one_cell_never_fail(
    transactional_db, open_round, issues, cast, scorer_of
):
    postgres_only()
    sheet = ScoreSheet.objects.get(round=open_round, scorer=scorer_of(cast["theme_specialist"]))
    criterion = open_round.matrix.criteria.first()
    start = threading.Barrier(2)

    def save(value):
        def work():
            start.wait(timeout=10)
            return services.save_scores(
                sheet=ScoreSheet.objects.get(pk=sheet.pk),
                cells={(issues[0].pk, criterion.pk): (value, False)},
            )

        return work

    runs = [in_thread(save(2)), in_thread(save(4))]
    for thread, _ in runs:
        thread.join(timeout=30)
    assert [outcome.get("error") for _, outcome in runs] == [None, None]
    assert Score.objects.filter(sheet=sheet, issue=issues[0], criterion=criterion).count() == 1


def test_a_save_that_arrives_while_the_round_closes_is_refused(
    transactional_db, open_round, issues, cast, scorer_of
):
    postgres_only()
    sheet = ScoreSheet.objects.get(round=open_round, scorer=scorer_of(cast["theme_specialist"]))
    criterion = open_round.matrix.criteria.first()
    closed, release = threading.Event(), threading.Event()

    def close_and_hold():
        with transaction.atomic():
            services.close_round(round_=type(open_round).objects.get(pk=open_round.pk))
            closed.set()
            release.wait(timeout=10)  # the close is not yet committed

    closer, closing = in_thread(close_and_hold)
    assert closed.wait(timeout=10)

    def late_save():
        return services.save_scores(
            sheet=ScoreSheet.objects.get(pk=sheet.pk),
            cells={(issues[0].pk, criterion.pk): (3, False)},
        )

    saver, saving = in_thread(late_save)
    saver.join(timeout=1)
    assert saver.is_alive(), "the save did not wait for the closing round's lock"
    release.set()
    closer.join(timeout=30)
    saver.join(timeout=30)
    assert "error" not in closing
    assert isinstance(saving.get("error"), ValidationError)
    assert "The round is not open" in " ".join(saving["error"].messages)
    assert not Score.objects.filter(sheet=sheet).exists()
