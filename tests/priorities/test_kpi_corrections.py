"""KPIs and their figures put right: a KPI changed, a figure corrected or removed, a KPI
with no figures removed. Services first (each rule; bad input changes nothing), then the
pages (who may, who may not, another partnership, signed out)."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from partnerships.models import Membership, Role
from priorities.models import KPI, KPIValue, Priority
from priorities.services.kpis import (
    change_kpi,
    correct_kpi_value,
    enter_kpi_value,
    remove_kpi,
    remove_kpi_value,
)
from tests.conftest import make_user
from tests.edit_clash import seen_stamp

SLUG = "central-bedfordshire"
KPI_FORM = {
    "name": "Repeat victims of anti-social behaviour",
    "unit": "",
    "baseline": "120",
    "target": "80",
    "direction": "down",
    "period": "quarter",
}


def _kpi_values(kpi):
    kpi.refresh_from_db()
    return (kpi.name, kpi.unit, kpi.baseline, kpi.target, kpi.direction, kpi.period)


def _url(name, **kwargs):
    return reverse(f"priorities:{name}", kwargs={"slug": SLUG, **kwargs})


@pytest.fixture
def second_figure(kpi, member, cast):
    return enter_kpi_value(
        kpi=kpi,
        period_ending=date(2026, 9, 30),
        value=95,
        entered_by=member(cast["board_member"]),
    )


@pytest.fixture
def other_board_member(partnership):
    """A board member who does not lead the priority."""
    user = make_user("alex@example.org", "Alex", "Reid")
    Membership.objects.create(user=user, partnership=partnership, role=Role.BOARD_MEMBER)
    return user


def _no_longer_agreed(priority):
    Priority.objects.filter(pk=priority.pk).update(status=Priority.Status.DEFERRED)
    priority.refresh_from_db()


# Services --------------------------------------------------------------------------


def test_a_kpi_is_changed_and_its_history_says_from_what(kpi):
    change_kpi(
        kpi=kpi, name=" Repeat victims ", baseline=Decimal("120"), target=Decimal("80"),
        direction="down", period="month", unit="people",
    )  # fmt: skip
    assert _kpi_values(kpi) == ("Repeat victims", "people", 120, 80, "down", "month")
    assert kpi.history.count() == 2


def test_a_changed_kpi_keeps_its_target_apart_from_its_baseline(kpi):
    before = _kpi_values(kpi)
    with pytest.raises(ValidationError) as refused:
        change_kpi(
            kpi=kpi, name="Renamed", baseline=90, target=90, direction="down", period="quarter"
        )
    assert refused.value.message_dict == {"target": ["The target must differ from the baseline."]}
    assert _kpi_values(kpi) == before


def test_a_kpi_of_a_priority_no_longer_agreed_is_not_changed(kpi, figure):
    _no_longer_agreed(kpi.priority)
    before = _kpi_values(kpi)
    with pytest.raises(ValidationError, match="KPIs belong to agreed priorities"):
        change_kpi(
            kpi=kpi, name="Renamed", baseline=120, target=90, direction="down", period="quarter"
        )
    with pytest.raises(ValidationError, match="KPIs belong to agreed priorities"):
        correct_kpi_value(figure=figure, period_ending=date(2027, 3, 31), value=1)
    with pytest.raises(ValidationError, match="KPIs belong to agreed priorities"):
        remove_kpi_value(figure=figure)
    assert _kpi_values(kpi) == before
    figure.refresh_from_db()
    assert figure.value == 100


def test_a_retired_priority_stays_agreed_so_its_figures_can_still_be_corrected(kpi, figure, year):
    Priority.objects.filter(pk=kpi.priority_id).update(ended_in=year)
    correct_kpi_value(figure=figure, period_ending=date(2027, 3, 31), value=101)
    figure.refresh_from_db()
    assert figure.value == 101


def test_a_kpi_changed_by_someone_else_since_the_form_opened_is_not_overwritten(kpi):
    stale = "2000-01-01T00:00:00+00:00"
    before = _kpi_values(kpi)
    with pytest.raises(ValidationError, match="This KPI was saved on .* in: Name."):
        change_kpi(
            kpi=kpi, name="Renamed", baseline=120, target=90, direction="down",
            period="quarter", seen=stale,
        )  # fmt: skip
    assert _kpi_values(kpi) == before


def test_a_figure_is_corrected(figure):
    correct_kpi_value(
        figure=figure, period_ending=date(2027, 3, 30), value=Decimal("98.5"), note=" Revised "
    )
    figure.refresh_from_db()
    assert (figure.period_ending, figure.value, figure.note) == (
        date(2027, 3, 30),
        Decimal("98.5"),
        "Revised",
    )
    # Its own period is not "another figure for the same period".
    correct_kpi_value(figure=figure, period_ending=date(2027, 3, 30), value=97)


def test_a_figure_moved_onto_another_figures_period_is_refused_naming_the_date(
    figure, second_figure
):
    with pytest.raises(ValidationError) as refused:
        correct_kpi_value(figure=second_figure, period_ending=date(2027, 3, 31), value=90)
    assert refused.value.message_dict["period_ending"] == [
        "There is already a figure for the period ending 31 March 2027. Choose another date."
    ]
    second_figure.refresh_from_db()
    assert (second_figure.period_ending, second_figure.value) == (date(2026, 9, 30), 95)


def test_a_figure_corrected_by_someone_else_since_the_form_opened_is_not_overwritten(figure):
    with pytest.raises(ValidationError, match="This figure was saved on .* Figure"):
        correct_kpi_value(
            figure=figure, period_ending=date(2027, 3, 31), value=1, seen="2000-01-01T00:00:00"
        )
    figure.refresh_from_db()
    assert figure.value == 100


def test_a_removed_figure_is_gone_and_its_history_keeps_it(figure):
    pk = figure.pk
    remove_kpi_value(figure=figure)
    assert not KPIValue.objects.filter(pk=pk).exists()
    kept = KPIValue.history.filter(id=pk).order_by("history_date")
    assert [h.history_type for h in kept] == ["+", "-"]
    assert kept.last().value == 100


def test_a_kpi_with_figures_is_not_removed(kpi, figure, second_figure):
    with pytest.raises(ValidationError, match="has 2 figures, so it cannot be removed. Remove"):
        remove_kpi(kpi=kpi)
    assert KPI.objects.filter(pk=kpi.pk).exists()
    assert kpi.values.count() == 2


def test_a_kpi_without_figures_is_removed(kpi):
    remove_kpi(kpi=kpi)
    assert not KPI.objects.filter(pk=kpi.pk).exists()
    assert KPI.history.filter(id=kpi.pk, history_type="-").exists()


# Pages -----------------------------------------------------------------------------


def test_the_lead_changes_a_kpi_and_sees_its_history(client_as, cast, kpi):
    client = client_as(cast["board_member"])  # Chris leads the priority
    url = _url("kpi_edit", kpi_id=kpi.pk)
    page = client.get(url).content.decode()
    assert 'value="Repeat victims of ASB"' in page
    response = client.post(url, {**KPI_FORM, "seen": seen_stamp(page)}, follow=True)
    assert response.redirect_chain[-1][0] == kpi.priority.get_absolute_url()
    assert "KPI saved: Repeat victims of anti-social behaviour." in response.content.decode()
    assert _kpi_values(kpi)[0] == "Repeat victims of anti-social behaviour"
    history = client.get(url).content.decode()
    assert "Name: Repeat victims of ASB to Repeat victims of anti-social behaviour" in history
    assert "Target: 90 to 80" in history  # as the page prints figures, not 90.00


def test_a_kpi_whose_target_equals_its_baseline_is_shown_again_with_the_reason(
    client_as, cast, kpi
):
    before = _kpi_values(kpi)
    response = client_as(cast["analyst"]).post(
        _url("kpi_edit", kpi_id=kpi.pk), {**KPI_FORM, "target": "120"}
    )
    assert response.status_code == 200
    assert "The target must differ from the baseline." in response.content.decode()
    assert _kpi_values(kpi) == before


def test_a_second_edit_of_a_kpi_is_refused(client_as, cast, kpi):
    url = _url("kpi_edit", kpi_id=kpi.pk)
    client = client_as(cast["analyst"])
    seen = seen_stamp(client.get(url).content.decode())
    assert client.post(url, {**KPI_FORM, "seen": seen}).status_code == 302
    response = client.post(url, {**KPI_FORM, "name": "Another name", "seen": seen})
    page = response.content.decode()
    assert "This KPI was saved by Sam Taylor on" in page and "the Name" not in page
    assert "It now differs from yours in: Name." in page
    assert _kpi_values(kpi)[0] == KPI_FORM["name"]


def test_the_analyst_corrects_a_figure(client_as, cast, figure, second_figure):
    client = client_as(cast["analyst"])
    url = _url("kpi_value_edit", value_id=figure.pk)
    page = client.get(url).content.decode()
    form = {"period_ending": "2026-09-30", "value": "94", "note": "", "seen": seen_stamp(page)}
    refused = client.post(url, form).content.decode()
    assert "There is already a figure for the period ending 30 September 2026." in refused
    figure.refresh_from_db()
    assert figure.period_ending == date(2027, 3, 31)
    response = client.post(url, {**form, "period_ending": "2026-09-29"})
    assert response.status_code == 302
    figure.refresh_from_db()
    assert (figure.period_ending, figure.value) == (date(2026, 9, 29), 94)
    history = client.get(url).content.decode()
    assert "Period ending: 31 March 2027 to 29 September 2026" in history


def test_the_lead_removes_a_figure_after_confirming(client_as, cast, figure):
    client = client_as(cast["board_member"])
    url = _url("kpi_value_remove", value_id=figure.pk)
    page = client.get(url).content.decode()
    assert "Remove the figure for the period ending 31 March 2027?" in page
    assert "Repeat victims of ASB: 100 for the period ending 31 March 2027." in page
    client.post(url)  # no confirmation: nothing removed
    assert KPIValue.objects.filter(pk=figure.pk).exists()
    response = client.post(url, {"confirm": "yes"}, follow=True)
    assert "Figure for the period ending 31 March 2027 removed" in response.content.decode()
    assert not KPIValue.objects.filter(pk=figure.pk).exists()


def test_a_kpi_with_figures_is_refused_removal_with_the_reason(client_as, cast, kpi, figure):
    client = client_as(cast["board_member"])
    url = _url("kpi_remove", kpi_id=kpi.pk)
    for response in (
        client.get(url, follow=True),
        client.post(url, {"confirm": "yes"}, follow=True),
    ):
        assert response.redirect_chain[-1][0] == kpi.priority.get_absolute_url()
        assert "has one figure, so it cannot be removed. Remove its figures first" in (
            response.content.decode()
        )
    assert KPI.objects.filter(pk=kpi.pk).exists()
    edit = client.get(_url("kpi_edit", kpi_id=kpi.pk)).content.decode()
    assert "This KPI has one figure, so it cannot be removed." in edit


def test_a_kpi_without_figures_is_removed_after_confirming(client_as, cast, kpi):
    client = client_as(cast["admin"])
    url = _url("kpi_remove", kpi_id=kpi.pk)
    assert "Remove the KPI Repeat victims of ASB?" in client.get(url).content.decode()
    response = client.post(url, {"confirm": "yes"}, follow=True)
    assert "KPI removed: Repeat victims of ASB." in response.content.decode()
    assert not KPI.objects.filter(pk=kpi.pk).exists()


PAGES = [
    ("kpi_edit", "kpi"),
    ("kpi_remove", "kpi"),
    ("kpi_value_edit", "figure"),
    ("kpi_value_remove", "figure"),
]


def _page(name, kpi, figure, slug=SLUG):
    kwargs = {"kpi_id": kpi.pk} if name.startswith("kpi_") and "value" not in name else {}
    kwargs = kwargs or {"value_id": figure.pk}
    return reverse(f"priorities:{name}", kwargs={"slug": slug, **kwargs})


@pytest.mark.parametrize("name", [p[0] for p in PAGES])
def test_a_board_member_who_does_not_lead_the_priority_is_refused(
    client_as, other_board_member, kpi, figure, name
):
    client = client_as(other_board_member)
    url = _page(name, kpi, figure)
    assert client.get(url).status_code == 403
    assert client.post(url, {"confirm": "yes", **KPI_FORM}).status_code == 403
    assert KPIValue.objects.filter(pk=figure.pk).exists()
    assert _kpi_values(kpi)[0] == "Repeat victims of ASB"
    page = client.get(kpi.priority.get_absolute_url()).content.decode()
    assert "Change the KPI" not in page and "Correct<" not in page and "Remove<" not in page


@pytest.mark.parametrize("name", [p[0] for p in PAGES])
def test_another_partnership_gets_404(client_as, cast, other_partnership, kpi, figure, name):
    client = client_as(cast["outsider"])  # Lee is Luton's admin
    for slug in (SLUG, other_partnership.slug):
        url = _page(name, kpi, figure, slug)
        assert client.get(url).status_code == 404
        assert client.post(url, {"confirm": "yes"}).status_code == 404
    assert KPIValue.objects.filter(pk=figure.pk).exists()


@pytest.mark.parametrize("name", [p[0] for p in PAGES])
def test_someone_signed_out_is_sent_to_sign_in(client, kpi, figure, name):
    url = _page(name, kpi, figure)
    for response in (client.get(url), client.post(url, {"confirm": "yes"})):
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:login"))
    assert KPIValue.objects.filter(pk=figure.pk).exists()


def test_the_priority_page_offers_the_lead_each_correction_named_for_screen_readers(
    client_as, cast, kpi, figure
):
    page = client_as(cast["board_member"]).get(kpi.priority.get_absolute_url()).content.decode()
    hidden = '<span class="visually-hidden">'
    assert f"Change the KPI{hidden} Repeat victims of ASB</span>" in page
    assert f"Correct{hidden} the figure for 31 March 2027, Repeat victims of ASB</span>" in page
    assert f"Remove{hidden} the figure for 31 March 2027, Repeat victims of ASB</span>" in page
    assert _page("kpi_remove", kpi, figure) not in page  # it has a figure


def test_the_priority_page_offers_removing_a_kpi_without_figures(client_as, cast, kpi):
    page = client_as(cast["analyst"]).get(kpi.priority.get_absolute_url()).content.decode()
    assert _page("kpi_remove", kpi, None) in page
