"""The demo's reports: last year's full assessment (its narrative is where this year's
starts), this year's draft with comments from the board and a partner, and a public
summary. The narrative is demo writing about a fictional year, not a real assessment.
Renders are queued by `load_demo`, so the demo's worker makes the PDFs.

The versions run in seed 000's order: a first draft, the final version proposing the
priorities sent to the board meeting that decided them, then the agreed assessment
citing that decision."""

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from cycles.models import Cycle, CycleYear
from demo.meetings_demo import BOARD
from partnerships.models import Membership
from priorities.models import Decision, Group, Meeting, Priority
from priorities.selectors import in_force
from priorities.services import meetings
from reports import services
from reports.content import statutory_check
from reports.models import BoardPaper, Comment, RenderRun, Report, Section
from reports.rules import missing_components

LAST_YEAR = {
    "executive-summary": """
This assessment looks at crime, disorder and substance misuse in Central Bedfordshire
over the last year and recommends six priorities for the partnership.

Recorded crime was broadly stable. Anti-social behaviour and violence remain the
largest categories. Domestic abuse reports rose, which partners read as more victims
coming forward rather than more abuse.

## Recommended priorities

- Serious acquisitive crime
- Domestic violence
- Anti-social behaviour
- Re-offending
- Substance misuse (drugs and alcohol)
- Casualty reduction
""",
    "introduction": """
The community safety team wrote this assessment with analysts from the police, the
council and health partners. Theme specialists wrote a rationale for each issue on the
long list.

## Methodology

We used twelve months of police recorded crime and anti-social behaviour, partner data
and a public survey. Partners scored each issue against a shared matrix. Issues above
the line were put to the board.
""",
    "context": """
Central Bedfordshire is a large, mostly rural unitary area with several market towns.
Its population is growing quickly, with new housing estates in the south.

The horizon scan looked at political, economic, social, technological,
environmental, legal and organisational factors. Rising living costs and changes to
probation were the factors partners mentioned most.
""",
    "analysis": """
Recorded crime rose slightly on the year before. Most of the rise was in violence,
where domestic incidents were reported more often after the partnership's campaign.
Anti-social behaviour fell in the two town centres with evening patrols.
""",
    "conclusion": """
The partnership should keep its six priorities for another year and review them in
the spring. The gaps in intelligence on exploitation need a named lead.
""",
}

THIS_YEAR = {
    "executive-summary": """
This is the first full strategic assessment of the new four-year cycle. It sets out
what the data, partners and residents tell us about crime, disorder and substance
misuse in Central Bedfordshire, and recommends the partnership's priorities for
{label}.

## What we found

- Recorded crime is broadly level with the same month a year earlier. The change is
  within normal variation.
- Anti-social behaviour and violence and sexual offences remain the largest
  categories, together about half of all recorded crime.
- A small number of neighbourhoods account for a large share of recorded crime. Most
  are town centres and the estates around them.
- Residents told us anti-social behaviour, speeding and drug dealing worry them most.
- Last year's plan was mostly delivered. Work on re-offending and substance misuse
  made good progress; casualty reduction fell behind because of staff changes.

## What we recommend

The board is asked to agree three priorities: anti-social behaviour, domestic abuse
and reducing re-offending. Issues below the line stay on a watch list and will be
checked again at the mid-year review.
""",
    "introduction": """
The community safety team wrote this assessment between September and December {first}.
Sam Taylor (analyst) led the analysis; theme specialists from the police, the council,
probation and health wrote a rationale for each issue on the long list.

## How we did it

1. We carried over last year's long list and added new issues from the horizon scan
   and from partners.
2. We imported twelve months of police recorded crime and anti-social behaviour from
   data.police.uk and compared it with the same period a year earlier.
3. We ran a public survey in September and October, online and on paper.
4. Partners scored every issue against the partnership's scoring matrix. The analyst
   moderated scores where partners disagreed by more than two points.
5. The board considered the ranked list and agreed the priorities.

## The data and its limits

Police data counts what was reported and recorded. It misses crime that people do not
report, such as much domestic abuse, hate crime and fraud. Locations are moved to the
nearest map point to protect privacy, so small areas should be read with care. Where
counts are small the change from one year to the next can be chance; the tables say
when a change is unlikely to be chance.
""",
    "context": """
Central Bedfordshire is home to about 294,000 people, in market towns and many
villages. The population grew by around 15% in the ten years to 2021, faster than
England as a whole, and new estates continue to be built in the south of the area.

Most of the area is rural and crime is lower than in neighbouring towns. But the main
roads that cross it, and its closeness to Luton and Milton Keynes, shape patterns of
vehicle crime, burglary and drug supply.

## The scanning exercise

Partners used the PESTELO headings to think about what could change crime and
disorder in the next three years. The table below lists the factors noted against
each issue.

- **Economic:** rising living costs put pressure on households, which partners link
  to shoplifting, fraud and some domestic abuse.
- **Social:** the growing population brings more young people into town centres in the
  evenings.
- **Legal and organisational:** changes to probation and to the way police record
  anti-social behaviour affect how figures compare with earlier years.
- **Technological:** fraud and scams increasingly reach older people online and by
  phone.

## What residents told us

The survey asked people what worries them most and where they feel unsafe. The
results are summarised below. Anti-social behaviour, speeding and drug dealing were
the concerns named most often. Town centres after dark were the places people felt
least safe.
""",
    "analysis": """
This section sets out the levels and patterns of recorded crime and anti-social
behaviour, how they have changed since the last assessment, and why we think they
changed.

## Levels and patterns

Anti-social behaviour remains the single largest category. Violence and sexual
offences are the largest category of crime; about a third of it is domestic. Vehicle
crime and burglary follow the main road network and are higher in the south of the
area.

## What has changed

Overall, recorded crime is level with the same month a year earlier. The tables below
compare each category and say whether each change is likely to be chance. Most
changes are small and within normal variation.

## Why

- **Anti-social behaviour:** reports have moved between categories since police
  changed how they record some incidents. Partners do not think behaviour itself has
  changed much.
- **Violence:** more domestic incidents are being reported after the awareness
  campaign in the spring. We read this as more victims coming forward.
- **Vehicle crime:** a series of catalytic converter thefts in the autumn raised
  numbers for two months before arrests were made.
""",
    "victims": """
## Key information

Domestic abuse accounts for about a third of recorded violence. Repeat victims make up
around a quarter of reports. Older residents are targeted by phone and doorstep fraud.

## Current work

The domestic abuse service runs the independent adviser service and the risk
conference. Trading standards run a call-blocker scheme for older residents.

## Progress

More victims are coming forward, and the risk conference now meets weekly.

## Gaps

We know little about victims who do not report, especially men and people from
minority communities. Fraud is under-recorded.

## Recommendations

Keep domestic abuse as a priority. Share fraud data between the police and trading
standards every quarter.
""",
    "offenders": """
## Key information

A small group of people commit a large share of crime. Many have problems with drugs
or alcohol, and with housing.

## Current work

Integrated offender management covers people at the highest risk of re-offending.
Drug and alcohol services work with probation on treatment orders.

## Progress

More people on the scheme are in treatment than a year ago. Proven re-offending for
the scheme's group fell over the year.

## Gaps

Young adults leaving the youth justice system are not always picked up by adult
services.

## Recommendations

Keep reducing re-offending as a priority, with a measure for young adults moving to
adult services.
""",
    "locations": """
## Key information

Crime concentrates in a small number of neighbourhoods, mostly town centres and the
estates around them. The table of the busiest neighbourhoods is below.

## Current work

Town centre partnerships in Dunstable and Leighton Buzzard fund patrols in the evening
economy. The council's anti-social behaviour team works with housing providers on the
estates with most reports.

## Progress

Reports in the two town centres with patrols fell during the summer.

## Gaps

Rural crime, such as thefts from farms and fly-tipping, is under-reported and does
not show well in the data.

## Recommendations

Keep anti-social behaviour as a priority and focus the problem-solving work on the
busiest neighbourhoods.
""",
    "current-activity": """
This section reports how far last year's partnership plan was put into practice. The
tables below show each measure against its baseline and target, and the actions the
board set.

Most actions were completed. The casualty reduction work fell behind because of staff
changes in the road safety team; it has been picked up again this autumn. Substance
misuse treatment numbers rose faster than planned.
""",
    "priorities": """
## How the priorities were selected

Every issue on the long list was scored by at least four partners against the
partnership's scoring matrix. Where partners disagreed by more than two points on a
criterion, the analyst moderated the score with them. Issues above the line were put
to the board with a rationale from their theme specialist. The board considered them
at its meeting and agreed the priorities below.

## The strategic priorities

Each priority has a lead agency and measures. The board will review progress every
quarter.
""",
    "gaps": """
## Gaps in activity

There is no joined-up work on fraud against older people. Rural crime has no lead.

## Gaps in provision

Waiting times for drug and alcohol treatment rose in the spring.

## Gaps in intelligence

We have little data from health partners on violence, and no regular data on
exploitation. The compliance checklist below lists what is still to do.
""",
    "conclusion": """
The partnership has a clear picture of where crime and disorder cause most harm. We
recommend three priorities for {label} and a watch list for the rest.

## Next steps

1. The board agrees the priorities and their leads.
2. Leads draft the partnership plan by the end of March {last}.
3. The analyst refreshes the data for the mid-year review.
4. A public summary is published on the council's website.
""",
}

PUBLIC = {
    "introduction": """
Central Bedfordshire Community Safety Partnership brings together the council, the
police, the fire and rescue service, probation and health services. Every year we look
at crime and anti-social behaviour in the area and decide what to focus on.

This summary tells you what we found and what we will do.
""",
    "what-the-data-shows": """
Crime in Central Bedfordshire is low compared with the rest of the country and has
stayed about the same as last year. Anti-social behaviour is still the problem
reported most.
""",
    "what-you-told-us": """
Thank you to everyone who answered our survey. You told us anti-social behaviour,
speeding and drug dealing worry you most.
""",
}

COMMENTS = [
    (
        "board@example.org",
        "executive-summary",
        "Could the summary say how the three priorities differ from last year's six? "
        "The board will want to see what has been dropped and why.",
    ),
    (
        "specialist@example.org",
        "victims",
        "Please add the new figures from the domestic abuse service before the final "
        "version. I will send them by the end of the month.",
    ),
]

GROUP_COMMENT = (
    "priorities",
    "The group read the draft on Tuesday. We can deliver the first two priorities from "
    "existing budgets; the third needs a named lead from the council before April.",
)


def _write(report: Report, texts: dict[str, str], by: Membership | None) -> None:
    """Each section's text, with the report's own years where it names them."""
    year = report.year
    years = {
        "{label}": year.label,
        "{first}": str(year.starts_on.year),
        "{last}": str(year.ends_on.year),
    }
    for section in report.sections.filter(key__in=texts):
        narrative = texts[section.key].strip()
        for token, value in years.items():
            narrative = narrative.replace(token, value)
        services.save_section(section=section, narrative=narrative, by=by)


def build_reports_demo(cycle: Cycle) -> list[Report]:
    """Returns the reports whose first version `load_demo` should queue."""
    district = cycle.partnership
    year: CycleYear = cycle.years.get(number=1)
    if Report.objects.filter(year=year).exists():
        return []
    members = {m.user.username: m for m in Membership.objects.filter(partnership=district)}
    analyst = members["analyst@example.org"]
    earlier = (
        CycleYear.objects.filter(cycle__partnership=district, starts_on__lt=year.starts_on)
        .order_by("-starts_on")
        .first()
    )
    queue = []
    if earlier is not None and not Report.objects.filter(year=earlier).exists():
        last = services.create_report(year=earlier, kind=Report.Kind.FULL, authors="Sam Taylor")
        _write(last, LAST_YEAR, analyst)
        queue.append(last)

    full = services.create_report(year=year, kind=Report.Kind.FULL)  # copies last year's
    _write(full, THIS_YEAR, analyst)
    for email, key, text in COMMENTS:
        services.add_comment(section=full.sections.get(key=key), author=members[email], text=text)
    # Seed 001: the operational delivery group reviews the draft before the board.
    group = Group.objects.filter(partnership=district, kind=Group.Kind.OPERATIONAL_DELIVERY).first()
    if group is not None and group.chair is not None:
        services.add_comment(
            section=full.sections.get(key=GROUP_COMMENT[0]),
            author=group.chair,
            text=GROUP_COMMENT[1],
            for_group=group,
        )
    queue.append(full)

    public = services.create_report(year=year, kind=Report.Kind.PUBLIC, authors="Sam Taylor")
    _write(public, PUBLIC, analyst)
    queue.append(public)  # a draft: it follows the assessment the board agreed
    return queue


def _decision_meeting(year: CycleYear):
    """The board meeting that decided the year's priorities, if it has. In a year that
    decided none (years 2 and 4 carry the cycle's priorities, seed 000), the board
    still reads the year's assessment: its own meeting in February of that year, made
    for the demo if the demo has none (only past years lack a decision meeting)."""
    decision = (
        Decision.objects.filter(priority__year=year, item__meeting__group__isnull=True)
        .select_related("item__meeting")
        .order_by("decided_at")
        .first()
    )
    if decision is not None:
        return decision.item.meeting
    if not Priority.objects.filter(in_force(year)).exists():
        return None
    held_on = date(year.ends_on.year, 2, 12)
    partnership = year.cycle.partnership
    meeting = Meeting.objects.filter(
        partnership=partnership, group__isnull=True, held_on=held_on
    ).first()
    return meeting or meetings.create_meeting(partnership=partnership, held_on=held_on, title=BOARD)


def _versions_in_order(report: Report, analyst: Membership) -> None:
    """A report's versions as seed 000 runs them, adding only what is missing: the
    first draft; then, once the board has decided, the comments on the draft dealt
    with, the final version on the agenda of the meeting that decided, and the agreed
    assessment citing the decision. The demo stands in for the analyst who read each
    checklist and confirmed."""
    if not report.runs.exists():
        services.request_render(report=report, by=analyst)
    meeting = _decision_meeting(report.year)
    if meeting is None or report.kind == Report.Kind.PUBLIC or meeting.is_closed():
        return
    State = RenderRun.State
    final = report.runs.filter(state=State.FINAL).first()
    if final is None:
        # The analyst answered the comments on the draft before making the final.
        for comment in Comment.objects.filter(section__report=report, resolved=False):
            services.resolve_comment(comment=comment, by=analyst)
        final = services.request_render(
            report=report, by=analyst, state=State.FINAL, confirmed=True
        )
    if not BoardPaper.objects.filter(run=final, meeting=meeting).exists():
        # No link in the agenda text: the demo has no site address to write, and the
        # meeting page links each paper sent to an item to its report's page.
        paper = services.send_to_board(run=final, meeting=meeting, by=analyst)
        _date_as_it_happened(report, final, paper, meeting)
        decided = Decision.objects.filter(item__meeting=meeting).exists()
        meetings.record_item_outcome(
            item=paper.item,
            outcome="The board read the final version and decided on the priorities it "
            "proposed (see the priorities item)."
            if decided
            else "The board read the final version. The cycle's priorities carry on "
            "without a new decision.",
        )
    if not report.runs.filter(state=State.AGREED).exists():
        services.request_render(report=report, by=analyst, state=State.AGREED, confirmed=True)


def _date_as_it_happened(report: Report, final: RenderRun, paper: BoardPaper, meeting) -> None:
    """The demo builds in one go, but seed 000 runs over weeks: date the first draft
    three weeks before the board meeting, the comments on it two weeks before, and the
    final version and its sending one week before, so the pages do not say a paper was
    sent after the meeting read it. The sections were written the day before the first
    draft. The agreed assessment keeps the build's time: it cites the decisions taken
    by then."""
    held = timezone.make_aware(datetime.combine(meeting.held_on, time(10)))
    week = timedelta(days=7)
    report.runs.filter(state=RenderRun.State.DRAFT).update(requested_at=held - 3 * week)
    RenderRun.objects.filter(pk=final.pk).update(requested_at=held - week)
    BoardPaper.objects.filter(pk=paper.pk).update(sent_at=held - week)
    # The comments were made on the first draft, before the final version.
    Comment.objects.filter(section__report=report).update(created_at=held - 2 * week)
    # The sections were written before the first draft was made.
    written = held - 3 * week - timedelta(days=1)
    report.sections.update(updated_at=written)
    Section.history.filter(report_id=report.pk).update(history_date=written)


def queue_demo_versions(cycle: Cycle, reports: list[Report]) -> None:
    """Queue the new demo reports' versions for the demo's worker. Last year's
    assessment covers every component, so it runs to its agreed assessment; this year's
    full assessment does too (the demo board agreed year 1's priorities); the public
    summary stays a draft."""
    analyst = Membership.objects.get(
        partnership=cycle.partnership, user__username="analyst@example.org"
    )
    for report in reports:
        this_year = report.year.cycle_id == cycle.pk
        if this_year or not missing_components(statutory_check(report)):
            _versions_in_order(report, analyst)
        elif not report.runs.exists():
            services.request_render(report=report, by=analyst)
