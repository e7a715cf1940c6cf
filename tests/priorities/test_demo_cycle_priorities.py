"""The demo shows seed 000's cycle on the previous four-year cycle, 2021-22 to 2024-25:
six priorities agreed in year 1, carried through years 2 to 4, and a focus area the
year-3 refresh added, which the board agreed."""

from datetime import date

from cycles.models import Cycle
from demo.builder import build_demo
from priorities import cycle_selectors
from priorities.models import Decision, Priority


def test_the_demo_has_a_past_cycle_with_year_1_priorities_and_a_year_3_focus_area(db):
    cycle = build_demo(date(2026, 11, 24))["cycle"]
    old = Cycle.objects.get(partnership=cycle.partnership, start_year=2021)
    years = {y.number: y for y in old.years.all()}
    assert [years[n].label for n in (1, 2, 3, 4)] == ["2021-22", "2022-23", "2023-24", "2024-25"]

    # Decided once: six in year 1, one focus area in year 3, nothing in years 2 and 4.
    assert Decision.objects.filter(priority__year=years[1]).count() == 6
    assert Decision.objects.filter(priority__year=years[3]).count() == 1
    assert not Priority.objects.filter(year__in=[years[2], years[4]]).exists()

    year_2 = cycle_selectors.cycle_progress(years[2])
    assert len(year_2.rows) == 6 and year_2.focus_area_count == 0
    assert year_2.span == "the four years 2021 to 2025"
    year_4 = cycle_selectors.cycle_progress(years[4])
    assert len(year_4.rows) == 6
    (violence,) = [r for r in year_4.rows if r.priority.title == "Domestic violence"]
    (area,) = violence.focus_areas
    assert area.priority.title == "Stalking and harassment"
    assert area.priority.kind == Priority.Kind.FOCUS_AREA and area.agreed_in == years[3]
    assert area.kpis and area.rag == "green"

    # Today's cycle: its three year-1 priorities agreed, continuing three of the six.
    now = cycle_selectors.cycle_progress(cycle.years.get(number=1))
    assert [r.priority.title for r in now.rows] == [
        "Anti-social behaviour",
        "Reduce re-offending",
        "Domestic abuse",
    ]
    assert all(r.priority.continues.year == years[1] for r in now.rows)

    counts = (Priority.objects.count(), Decision.objects.count(), Cycle.objects.count())
    build_demo(date(2026, 11, 24))
    assert (Priority.objects.count(), Decision.objects.count(), Cycle.objects.count()) == counts
