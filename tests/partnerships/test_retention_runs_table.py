"""What the retention runs did, drawn as a table: it sorts by day, keeps its caption,
and the page still says when nothing has expired."""

from datetime import date

from django.urls import reverse

from partnerships.models import RetentionRun
from tests.list_queries import assert_queries_stay_flat

SLUG = "central-bedfordshire"
URL = reverse("partnerships:retention", args=[SLUG])


def test_the_runs_sort_by_day_and_say_when_nothing_has_expired(client_as, cast, partnership):
    client = client_as(cast["admin"])
    assert "<p>Nothing has expired yet.</p>" in client.get(URL).content.decode()
    for day, what in [
        (date(2026, 3, 2), "files deleted"),
        (date(2026, 5, 4), "answers anonymised"),
    ]:
        RetentionRun.objects.create(
            partnership=partnership, run_on=day, done=[{"count": 3, "what": what}]
        )
    # The rows only: the page names the last run above them too.
    newest_first = client.get(URL).content.decode().split("<tbody", 1)[1]
    oldest_first = client.get(URL, {"sort": "run_on"}).content.decode().split("<caption", 1)[1]
    assert newest_first.index("4 May 2026") < newest_first.index("2 March 2026")
    assert oldest_first.index("2 March 2026") < oldest_first.index("4 May 2026")
    assert "<li>3 files deleted</li>" in oldest_first
    assert "deleted or anonymised something</caption>" in oldest_first


def test_the_runs_queries_do_not_grow_with_runs(client_as, cast, partnership):
    def add(start, count):
        for n in range(start, start + count):
            RetentionRun.objects.create(
                partnership=partnership,
                run_on=date(2026, 1, n),
                done=[{"count": n, "what": "files deleted"}, {"count": 1, "what": "answers"}],
            )

    assert_queries_stay_flat(client_as(cast["admin"]), URL, add)
