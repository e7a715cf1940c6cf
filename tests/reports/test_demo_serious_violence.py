"""The demo's Serious Violence Duty: the strand, who took part, the strategy's objective and
a strategic needs assessment with its sections written; running it twice adds nothing."""

from datetime import date

from analysis.sv_models import SvParticipation
from cycles.models import Issue
from cycles.services import create_cycle_from_template, save_issue
from demo.serious_violence_demo import NARRATIVE, build_serious_violence_demo
from partnerships.models import Agency
from priorities.models import Priority
from priorities.services.proposals import propose_priority
from reports.models import RenderRun, Report


def test_the_demo_builds_the_duty_once(partnership, cast, police, council):
    Agency.objects.create(
        partnership=partnership,
        name="Bedfordshire Fire and Rescue Service",
        type=Agency.Type.FIRE_AND_RESCUE,
    )
    cycle = create_cycle_from_template(
        partnership=partnership, template_key="four-year", start_year=2026
    )
    year = cycle.years.get(number=1)
    issues = [
        save_issue(year=year, title=title)
        for title in ["Serious violence", "Drug supply and county lines", "Vehicle crime"]
    ]
    propose_priority(year=year, title="Domestic abuse", issues=issues[2:])
    propose_priority(year=year, title="Vehicle crime", issues=issues[2:])
    today = date(2026, 11, 24)
    build_serious_violence_demo(cycle, today)
    build_serious_violence_demo(cycle, today)

    strand = Issue.objects.filter(serious_violence=True).values_list("title", flat=True)
    assert sorted(strand) == ["Drug supply and county lines", "Serious violence"]
    recorded = SvParticipation.objects.filter(year=year)
    assert sorted(r.agency.name for r in recorded) == [
        "Bedfordshire Fire and Rescue Service",
        "Bedfordshire Police",
        "Central Bedfordshire Council",
    ]
    assert Priority.objects.get(serious_violence=True).title == "Domestic abuse"
    assert Priority.objects.count() == 2
    report = Report.objects.get(kind=Report.Kind.SNA)
    written = {s.key for s in report.sections.all() if s.narrative}
    assert written == set(NARRATIVE)
    assert RenderRun.objects.filter(report=report).count() == 1
