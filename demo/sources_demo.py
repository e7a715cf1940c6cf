"""The demo's data sources register: six sources partners share (police crime data,
linked to the imported extracts; police ASB incidents; deliberate fires; drug and
alcohol treatment; proven re-offending, a quarter overdue; council ASB and
environmental reports) and two information-sharing agreements, one due for review
within the month. Safe to run again: it adds only what is missing."""

from datetime import date, timedelta

from django.core.files.base import ContentFile

from analysis import source_rules, source_services
from analysis.services import police_dataset
from analysis.source_models import DataSource, SharingAgreement
from partnerships.models import Agency, Membership, Partnership

# A one-page PDF standing in for the signed agreement.
SIGNED_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


COUNCIL = "council"  # whichever council the partnership has: district, county or unitary


def _agency(partnership: Partnership, kind: str) -> Agency:
    kinds = Agency.COUNCILS if kind == COUNCIL else (kind,)
    return partnership.agencies.filter(type__in=kinds).order_by("pk").first()


def _last_quarter_end(today: date) -> date:
    """The end of the last calendar quarter that finished before this month."""
    month = today.month - 1 - (today.month - 1) % 3  # the quarter's first month, minus one
    if month == 0:
        return date(today.year - 1, 12, 31)
    return source_rules.month_end(today.year, month)


def _agreements(partnership: Partnership, today: date) -> dict[str, SharingAgreement]:
    types = Agency.Type
    wanted = {
        "community": dict(
            title="Bedfordshire community safety information-sharing agreement",
            parties=[
                _agency(partnership, t)
                for t in (
                    COUNCIL,
                    types.POLICE,
                    types.FIRE_AND_RESCUE,
                    types.HEALTH,
                    types.PROBATION,
                )
            ],
            purpose=(
                "Quarterly exchange of depersonalised crime, disorder, fire and health "
                "figures for the strategic assessment and the partnership plan."
            ),
            lawful_basis=SharingAgreement.LawfulBasis.PUBLIC_TASK,
            gateway=SharingAgreement.Gateway.DUTY_17A,
            basis_note="Figures are shared as counts by area and month: no personal data.",
            signed_on=today - timedelta(days=700),
            review_on=today + timedelta(days=20),
            status=SharingAgreement.Status.SIGNED,
        ),
        "reoffending": dict(
            title="Reducing re-offending data protocol",
            parties=[_agency(partnership, t) for t in (types.PROBATION, types.POLICE, COUNCIL)],
            purpose="Proven re-offending rates for the cohort managed in the area.",
            lawful_basis=SharingAgreement.LawfulBasis.PUBLIC_TASK,
            gateway=SharingAgreement.Gateway.POWER_115,
            basis_note="To check with each party's data protection officer at the next review.",
            signed_on=today - timedelta(days=200),
            review_on=today + timedelta(days=165),
            status=SharingAgreement.Status.SIGNED,
        ),
    }
    found = {}
    for key, values in wanted.items():
        agreement = SharingAgreement.objects.filter(
            partnership=partnership, title=values["title"]
        ).first()
        if agreement is None:
            document = (
                ContentFile(SIGNED_PDF, name="community-safety-isa-signed.pdf")
                if key == "community"
                else None
            )
            agreement = source_services.add_agreement(
                partnership=partnership, document=document, today=today, **values
            )
        found[key] = agreement
    return found


def build_sources_demo(partnership: Partnership, today: date) -> list[DataSource]:
    agreements = _agreements(partnership, today)
    analyst = Membership.objects.filter(partnership=partnership, role="analyst").first()
    specialist = Membership.objects.filter(partnership=partnership, role="theme_specialist").first()
    types, reliable = Agency.Type, DataSource.Reliability
    quarter_end = _last_quarter_end(today)
    current = source_rules.add_months(quarter_end, -3) + timedelta(days=1), quarter_end
    # The re-offending figures stopped three quarters ago: overdue.
    stale_end = source_rules.add_months(quarter_end, -9)
    stale = source_rules.add_months(stale_end, -3) + timedelta(days=1), stale_end
    sources = [
        (
            "Police recorded crime",
            types.POLICE,
            ["crime", "asb"],
            True,
            reliable.GOOD,
            "data.police.uk street-level extracts; locations are approximate.",
            analyst,
            "community",
            current,
            police_dataset(partnership=partnership),
        ),
        (
            "Police anti-social behaviour incidents",
            types.POLICE,
            ["asb"],
            True,
            reliable.FAIR,
            "Incident categories changed in 2024; earlier years are not comparable.",
            analyst,
            "community",
            current,
            None,
        ),
        (
            "Deliberate fires",
            types.FIRE_AND_RESCUE,
            ["fire", "asb"],
            True,
            reliable.GOOD,
            "",
            analyst,
            "community",
            current,
            None,
        ),
        (
            "Drug and alcohol treatment",
            types.HEALTH,
            ["substance_misuse"],
            False,
            reliable.FAIR,
            "Counts under five are withheld by the provider.",
            specialist,
            "community",
            current,
            None,
        ),
        (
            "Proven re-offending",
            types.PROBATION,
            ["reoffending"],
            False,
            reliable.FAIR,
            "Published a quarter in arrears.",
            specialist,
            "reoffending",
            stale,
            None,
        ),
        (
            "Council ASB and environmental reports",
            COUNCIL,
            ["asb", "environment"],
            False,
            reliable.POOR,
            "Fly-tipping reports include duplicates from the app.",
            analyst,
            "community",
            current,
            None,
        ),
    ]
    made = []
    for (
        name,
        kind,
        themes,
        prescribed,
        reliability,
        note,
        owner,
        agreement,
        period,
        dataset,
    ) in sources:
        source = DataSource.objects.filter(partnership=partnership, name=name).first()
        if source is None:
            source = source_services.add_source(
                partnership=partnership,
                name=name,
                agency=_agency(partnership, kind),
                owner=owner,
                agreement=agreements[agreement],
                dataset=dataset,
                themes=themes,
                prescribed=prescribed,
                reliability=reliability,
                reliability_note=note,
            )
        if not source.receipts.exists():
            source_services.record_receipt(
                source=source,
                received_on=min(period[1] + timedelta(days=15), today),
                period_start=period[0],
                period_end=period[1],
                recorded_by=owner,
                note="Sent by email to the partnership analyst.",
            )
        made.append(source)
    return made
