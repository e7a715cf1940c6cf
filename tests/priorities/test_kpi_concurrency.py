"""A double click on "Save figure": the second post waits for the first and is told the
period already has a figure, never an error page. PostgreSQL, two real connections."""

import threading
from datetime import date

from django.db import transaction
from django.urls import reverse

from priorities.models import KPIValue
from priorities.services.kpis import enter_kpi_value
from tests.threads import in_thread, postgres_only

SLUG = "central-bedfordshire"


def test_a_double_click_on_save_figure_gets_the_message_not_an_error(
    transactional_db, client_as, cast, kpi, member
):
    postgres_only()
    lead = member(cast["board_member"])
    saved, release = threading.Event(), threading.Event()

    def first_click():
        with transaction.atomic():
            enter_kpi_value(kpi=kpi, period_ending=date(2026, 9, 30), value=95, entered_by=lead)
            saved.set()
            release.wait(timeout=10)  # the first request has not yet committed

    first, first_outcome = in_thread(first_click)
    assert saved.wait(timeout=10)
    client = client_as(cast["board_member"])
    client.raise_request_exception = False
    url = reverse("priorities:kpi_value_new", kwargs={"slug": SLUG, "kpi_id": kpi.pk})

    def second_click():
        return client.post(url, {"period_ending": "2026-09-30", "value": "95", "note": ""})

    second, second_outcome = in_thread(second_click)
    second.join(timeout=1)
    assert second.is_alive(), "the second save did not wait for the first"
    release.set()
    first.join(timeout=30)
    second.join(timeout=30)
    assert "error" not in first_outcome and "error" not in second_outcome
    response = second_outcome["result"]
    assert response.status_code == 200
    assert "There is already a figure for the period ending 30 September 2026." in (
        response.content.decode()
    )
    assert KPIValue.objects.filter(kpi=kpi).count() == 1
