"""The demo's Serious Violence Duty: the serious violence strand on year 1's long list,
which authorities took part and what each gave, the strategy's objective, and a
strategic needs assessment with its sections written and a draft queued. Safe to run
again: it looks for each piece and adds only what is missing."""

from datetime import date

from analysis import sv_services
from analysis.models import IssueCrimeTypes
from analysis.sv_models import SvParticipation
from cycles.models import Cycle, Issue
from partnerships.models import Agency, Membership, Role
from priorities.models import Priority
from reports.models import Report
from reports.services import create_report, request_render, save_section

STRAND = [
    "Serious violence",
    "Violence against women and girls",
    "Drug supply and county lines",
    "Domestic abuse",
]
LINKED = {"Serious violence": ["Violence and sexual offences", "Possession of weapons", "Robbery"]}

# (agency name, contributions, note). No youth offending team is recorded, so the page
# and the report show the gap.
PARTICIPATION = [
    (
        "Bedfordshire Police",
        ["data", "analysis", "attendance"],
        "Recorded crime and knife crime extracts; the police analyst joined the workshops.",
    ),
    (
        "Central Bedfordshire Council",
        ["analysis", "attendance", "resources"],
        "Led the needs assessment; public health analyst time.",
    ),
    ("Bedfordshire Fire and Rescue Service", ["data", "attendance"], "Deliberate fires data."),
    (
        "Bedfordshire, Luton and Milton Keynes Integrated Care Board",
        ["data", "consulted"],
        "Emergency department attendances for assault, anonymised.",
    ),
    ("Probation Service, Bedfordshire", ["data", "actions"], "Caseload profile for violence."),
    ("Office of the Police and Crime Commissioner for Bedfordshire", ["resources"], ""),
]

# The agreed domestic abuse priority (with its KPI and actions) doubles as the serious
# violence strategy's objective: the local definition below includes domestic abuse.
OBJECTIVE = "Domestic abuse"

NARRATIVE = {
    "sv-summary": "Serious violence in Central Bedfordshire is low by national standards "
    "but concentrated in a few town centre areas at night. Most of it is violence with "
    "injury; knife possession offences have risen for two years.\n\n"
    "We recommend that the strategy focuses on young people at risk of exploitation and on "
    "the night-time economy.",
    "sv-partnership": "The Community Safety Partnership leads the duty locally, agreed by "
    "the specified authorities at the executive in April. The council's public health team "
    "wrote the assessment with the police analyst.",
    "sv-definition": "For this assessment serious violence means homicide, violence with "
    "injury, knife and weapon offences, robbery, and violence linked to drug supply and "
    "exploitation. Domestic abuse and sexual offences are included where they involve "
    "a weapon or serious injury.",
    "sv-kinds": "Violence with injury is the largest kind. Possession of weapons is small in "
    "number but rising. Robbery of personal property clusters near transport hubs.",
    "sv-causes": "The drivers partners named most often: exploitation through county lines, "
    "school exclusion, alcohol in the night-time economy, and adverse childhood experiences.",
    "sv-people": "Victims and suspects are mostly young men aged 15 to 24. A small group of "
    "repeat victims accounts for a large share of injuries treated at hospital.",
    "sv-places": "Leighton Buzzard and Dunstable town centres on Friday and Saturday nights; "
    "two estates linked to drug supply.",
    "sv-data": "Police, fire, health and probation data are in. We have no youth offending "
    "team data yet, and health data covers only one hospital.",
    "sv-objectives": "The agreed domestic abuse priority is the strategy's first objective. "
    "A second, on young people and knives, will be proposed at the six-month review.",
}


def build_serious_violence_demo(cycle: Cycle, today: date) -> None:
    year = cycle.years.get(number=1)
    partnership = cycle.partnership
    analyst = Membership.objects.filter(partnership=partnership, role=Role.ANALYST).first()
    strand = list(Issue.objects.filter(year=year, title__in=STRAND))
    for issue in strand:
        if not issue.serious_violence:
            issue.serious_violence = True
            issue.save()
        if issue.title in LINKED:
            IssueCrimeTypes.objects.get_or_create(
                issue=issue, defaults={"crime_types": LINKED[issue.title]}
            )
    agencies = {a.name: a for a in Agency.objects.filter(partnership=partnership)}
    for name, contributions, note in PARTICIPATION:
        agency = agencies.get(name)
        if agency and not SvParticipation.objects.filter(year=year, agency=agency).exists():
            sv_services.record_participation(
                year=year,
                agency=agency,
                contributions=contributions,
                note=note,
                recorded_by=analyst,
            )
    objective = Priority.objects.filter(year=year, title=OBJECTIVE).first()
    if objective and not objective.serious_violence:
        objective.serious_violence = True
        objective.save()
    if not Report.objects.filter(year=year, kind=Report.Kind.SNA).exists():
        report = create_report(year=year, kind=Report.Kind.SNA, authors="Sam Taylor, Helen Price")
        for section in report.sections.all():
            if section.key in NARRATIVE:
                save_section(section=section, narrative=NARRATIVE[section.key], by=analyst)
        request_render(report=report, by=analyst)
