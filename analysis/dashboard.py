"""What analysis puts on a person's dashboard: data sources overdue for their period,
and information-sharing agreements coming up for review (from 30 days before) or past
it. Shown to those who keep the register, and a source also to its owner. One query
each."""

from datetime import date

from django.db.models import Q
from django.urls import reverse

from csp_assessment.dates import day
from cycles.dashboard import WaitingItem
from partnerships.models import Membership

from . import permissions, source_rules, source_selectors
from .source_models import DataSource, SharingAgreement


def sources_overdue(membership: Membership, today: date) -> list[WaitingItem]:
    mine = Q(owner=membership)
    if permissions.can_manage_sources(membership):
        mine = Q()
    sources = DataSource.objects.filter(mine, partnership=membership.partnership).select_related(
        "agency"
    )
    slug = membership.partnership.slug
    items = []
    for source in sources:
        state = source_selectors.source_row(source, today).state
        if not state.overdue:
            continue
        detail = (
            f"Last covered to {day(source.period_end)}" if source.period_end else "Never received"
        )
        items.append(
            WaitingItem(
                kind="Data sources to chase",
                title=f"{source.name} ({source.agency.name})",
                url=reverse("analysis:source", kwargs={"slug": slug, "source_id": source.pk}),
                due_on=state.due_on,
                detail=detail,
            )
        )
    return items


def agreements_for_review(membership: Membership, today: date) -> list[WaitingItem]:
    if not permissions.can_manage_agreements(membership):
        return []
    soon = today.toordinal() + source_rules.REVIEW_NOTICE_DAYS
    agreements = SharingAgreement.objects.filter(
        partnership=membership.partnership,
        review_on__lte=date.fromordinal(soon),
    ).exclude(status=SharingAgreement.Status.ENDED)
    slug = membership.partnership.slug
    return [
        WaitingItem(
            kind="Information-sharing agreements to review",
            title=agreement.title,
            url=reverse("analysis:agreement", kwargs={"slug": slug, "agreement_id": agreement.pk}),
            due_on=agreement.review_on,
            detail=agreement.get_status_display(),
        )
        for agreement in agreements
    ]
