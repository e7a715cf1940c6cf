"""What the KPI forms refuse before anything is saved, each with a reason on its field:
a target on the wrong side of the baseline for the KPI's direction, a figure for a
period that has not ended, a number too large to keep. And how the KPI pages write
the numbers they show: as the priority's page does (42, not 42.00)."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from csp_assessment.dates import day
from priorities.models import KPI, KPIValue
from priorities.services.kpis import add_kpi, change_kpi, enter_kpi_value

SLUG = "central-bedfordshire"
KPI_FORM = {
    "name": "IOM cohort reoffending rate",
    "unit": "",
    "baseline": "10",
    "target": "20",
    "direction": "down",
    "period": "quarter",
}
LOWER = "Lower is better, so the target must be below the baseline of 10."
HIGHER = "Higher is better, so the target must be above the baseline of 10."


def _url(name, **kwargs):
    return reverse(f"priorities:{name}", kwargs={"slug": SLUG, **kwargs})


# A target that contradicts its direction ----------------------------------------------


@pytest.mark.parametrize(
    ("target", "direction", "reason"), [("20", "down", LOWER), ("5", "up", HIGHER)]
)
def test_a_new_kpi_whose_target_contradicts_its_direction_is_refused(
    client_as, cast, agreed, target, direction, reason
):
    response = client_as(cast["analyst"]).post(
        _url("kpi_new", priority_id=agreed.pk),
        {**KPI_FORM, "target": target, "direction": direction},
    )
    assert response.status_code == 200
    assert reason in response.content.decode()
    assert response.context["form"].errors["target"] == [reason]
    assert not KPI.objects.exists()


@pytest.mark.parametrize(("target", "direction"), [("5", "down"), ("20", "up")])
def test_a_target_on_the_right_side_of_the_baseline_is_added(
    client_as, cast, agreed, target, direction
):
    response = client_as(cast["analyst"]).post(
        _url("kpi_new", priority_id=agreed.pk),
        {**KPI_FORM, "target": target, "direction": direction},
    )
    assert response.status_code == 302
    assert KPI.objects.get().direction == direction


def test_a_change_that_turns_the_direction_against_the_target_is_refused(client_as, cast, kpi):
    # Baseline 120, target 90, lower is better: now said to be higher is better.
    response = client_as(cast["board_member"]).post(
        _url("kpi_edit", kpi_id=kpi.pk),
        {**KPI_FORM, "baseline": "120", "target": "90", "direction": "up"},
    )
    assert response.status_code == 200
    assert "Higher is better, so the target must be above the baseline of 120." in (
        response.content.decode()
    )
    kpi.refresh_from_db()
    assert kpi.direction == "down"


def test_the_service_refuses_a_contradicting_target_too(agreed, kpi):
    with pytest.raises(ValidationError) as refused:
        add_kpi(priority=agreed, name="X", baseline=10, target=20, direction="down")
    assert refused.value.message_dict == {"target": [LOWER]}
    with pytest.raises(ValidationError):
        change_kpi(kpi=kpi, name=kpi.name, baseline=10, target=5, direction="up", period="quarter")


# A figure for a period that has not ended ---------------------------------------------


def test_a_figure_for_a_period_ending_after_today_is_refused(client_as, cast, kpi):
    today = timezone.localdate()
    tomorrow = today + timedelta(days=1)
    response = client_as(cast["board_member"]).post(
        _url("kpi_value_new", kpi_id=kpi.pk),
        {"period_ending": tomorrow.isoformat(), "value": "100", "note": ""},
    )
    assert response.status_code == 200
    reason = (
        f"The period must have ended by today, {day(today)}. "
        "Enter its figure once the period is over."
    )
    assert response.context["form"].errors["period_ending"] == [reason]
    assert not KPIValue.objects.exists()


def test_a_figure_for_a_period_ending_today_is_saved(client_as, cast, kpi):
    today = timezone.localdate()
    response = client_as(cast["board_member"]).post(
        _url("kpi_value_new", kpi_id=kpi.pk),
        {"period_ending": today.isoformat(), "value": "100", "note": ""},
    )
    assert response.status_code == 302
    assert KPIValue.objects.get().period_ending == today


def test_a_correction_may_not_move_a_figure_into_the_future(client_as, cast, kpi, member):
    figure = enter_kpi_value(
        kpi=kpi,
        period_ending=timezone.localdate() - timedelta(days=10),
        value=100,
        entered_by=member(cast["board_member"]),
    )
    response = client_as(cast["board_member"]).post(
        _url("kpi_value_edit", value_id=figure.pk),
        {
            "period_ending": (timezone.localdate() + timedelta(days=30)).isoformat(),
            "value": "100",
            "note": "",
        },
    )
    assert "period_ending" in response.context["form"].errors
    figure.refresh_from_db()
    assert figure.period_ending < timezone.localdate()


def test_a_figure_saved_for_a_future_period_can_still_be_corrected(client_as, cast, figure):
    # Saved before the rule: its value can be put right without moving its date first.
    response = client_as(cast["board_member"]).post(
        _url("kpi_value_edit", value_id=figure.pk),
        {"period_ending": figure.period_ending.isoformat(), "value": "101", "note": ""},
    )
    assert response.status_code == 302
    figure.refresh_from_db()
    assert figure.value == 101


# A number too large to keep ------------------------------------------------------------


@pytest.mark.parametrize("value", ["1e400", "12345678901"])
def test_a_figure_too_large_is_refused_in_plain_words(client_as, cast, kpi, value):
    response = client_as(cast["board_member"]).post(
        _url("kpi_value_new", kpi_id=kpi.pk),
        {"period_ending": "2026-09-30", "value": value, "note": ""},
    )
    page = response.content.decode()
    assert response.context["form"].errors["value"] == [
        "The figure is too large. It must be less than 10,000,000,000."
    ]
    assert "digits" not in page
    assert not KPIValue.objects.exists()


def test_a_figure_with_too_many_decimal_places_is_refused_in_plain_words(client_as, cast, kpi):
    response = client_as(cast["board_member"]).post(
        _url("kpi_value_new", kpi_id=kpi.pk),
        {"period_ending": "2026-09-30", "value": "41.125", "note": ""},
    )
    assert response.context["form"].errors["value"] == [
        "The figure can have at most 2 decimal places, like 41.25."
    ]


def test_a_baseline_too_large_is_refused_in_plain_words(client_as, cast, agreed):
    response = client_as(cast["analyst"]).post(
        _url("kpi_new", priority_id=agreed.pk), {**KPI_FORM, "baseline": "1e400"}
    )
    assert response.context["form"].errors["baseline"] == [
        "The baseline is too large. It must be less than 10,000,000,000."
    ]


# Numbers written the same way everywhere -------------------------------------------------


@pytest.fixture
def reoffending(agreed, member, cast):
    kpi = add_kpi(
        priority=agreed,
        name="IOM cohort reoffending rate",
        baseline=42,
        target=35,
        direction="down",
    )
    enter_kpi_value(
        kpi=kpi, period_ending=timezone.localdate(), value=1234, entered_by=member(cast["analyst"])
    )
    return kpi


def test_the_figure_pages_write_the_baseline_and_target_as_the_priority_page_does(
    client_as, cast, reoffending
):
    client = client_as(cast["analyst"])
    figure = reoffending.values.get()
    for page in [
        client.get(_url("kpi_value_new", kpi_id=reoffending.pk)),
        client.get(_url("kpi_value_edit", value_id=figure.pk)),
        client.get(reoffending.priority.get_absolute_url()),
    ]:
        text = page.content.decode()
        assert "Baseline 42, target 35." in text
        assert "42.00" not in text and "35.00" not in text


def test_the_figures_table_and_removal_page_write_figures_as_the_status_line_does(
    client_as, cast, reoffending
):
    client = client_as(cast["analyst"])
    figure = reoffending.values.get()
    page = client.get(reoffending.priority.get_absolute_url()).content.decode()
    assert "<td>1,234</td>" in page
    removal = client.get(_url("kpi_value_remove", value_id=figure.pk)).content.decode()
    assert (
        f"IOM cohort reoffending rate: 1,234 for the period ending {day(figure.period_ending)}"
        in (removal)
    )
