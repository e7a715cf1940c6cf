"""What reports puts on a person's dashboard: for those who run the report, the
comments on its sections not yet dealt with, final versions not yet sent to the
board, and agreed public summaries not yet on the public page. One query each."""

from datetime import date, timedelta

from django.db.models import Exists, OuterRef, Subquery
from django.template.defaultfilters import truncatewords
from django.urls import reverse

from cycles.dashboard import WaitingItem
from partnerships.models import Membership

from . import permissions
from .models import BoardPaper, Comment, Publication, RenderRun, Report

# A year's assessment is agreed near the year's end and its public summary often goes
# on the public page after it: the reminder lasts a year past the year's end.
STILL_TO_PUBLISH = timedelta(days=365)


def comments_waiting(membership: Membership, today: date) -> list[WaitingItem]:
    if not permissions.can_manage(membership):
        return []
    comments = Comment.objects.filter(
        resolved=False, section__report__year__cycle__partnership=membership.partnership
    ).select_related("section__report", "author__user")
    slug = membership.partnership.slug
    items = []
    for comment in comments:
        section = comment.section
        author = comment.author.display_name if comment.author else "A former member"
        items.append(
            WaitingItem(
                kind="Comments to answer",
                title=f"{section.title} in {section.report.title}",
                url=reverse(
                    "reports:section",
                    kwargs={"slug": slug, "report_id": section.report_id, "key": section.key},
                ),
                detail=f"{author}: “{truncatewords(comment.text, 12)}”",
            )
        )
    return items


def _version_item(
    run: RenderRun, slug: str, *, kind: str, heading: str, detail: str
) -> WaitingItem:
    """A version of a report waiting for its next step, linked to the part of the
    report's page (`heading`, an element id) where that step is taken."""
    return WaitingItem(
        kind=kind,
        title=f"{run.report.title}, version {run.version}",
        url=reverse("reports:report", kwargs={"slug": slug, "report_id": run.report_id})
        + f"#{heading}",
        detail=detail,
    )


def finals_to_send(membership: Membership, today: date) -> list[WaitingItem]:
    """Reports of a year not yet over whose newest final version has not gone to a board
    meeting, while the report has no agreed version: the board cannot agree what it has
    not been sent. An earlier version sent does not count for a newer one."""
    if not permissions.can_send_to_board(membership):
        return []
    made = RenderRun.objects.filter(state=RenderRun.State.FINAL).exclude(
        status=RenderRun.Status.FAILED
    )
    newest = made.filter(report=OuterRef("report")).order_by("-version").values("version")[:1]
    finals = (
        made.filter(
            report__year__cycle__partnership=membership.partnership,
            report__year__ends_on__gte=today,
            version=Subquery(newest),
        )
        .annotate(sent=Exists(BoardPaper.objects.filter(run=OuterRef("pk"))))
        .annotate(
            agreed=Exists(
                RenderRun.objects.filter(report=OuterRef("report"), state=RenderRun.State.AGREED)
            )
        )
        .filter(sent=False, agreed=False)
        .select_related("report")
        .order_by("report_id")
    )
    slug = membership.partnership.slug
    return [
        _version_item(
            run,
            slug,
            kind="Final versions to send to the board",
            heading="board-heading",
            detail="To do: send it to a board meeting, so the board can agree it.",
        )
        for run in finals
    ]


def summaries_to_publish(membership: Membership, today: date) -> list[WaitingItem]:
    """Public summaries of a year not over for more than a year (`STILL_TO_PUBLISH`)
    whose newest made, agreed version has never been on the public page: never
    published, or newer than the version the public reads. A version once published
    and then withdrawn is not asked for again (someone chose to take it off), nor one
    older than a later year's on the page (publishing it is refused:
    `publish_services.refusal`)."""
    if not permissions.can_publish(membership):
        return []
    partnership = membership.partnership
    made = RenderRun.objects.filter(
        state=RenderRun.State.AGREED, status=RenderRun.Status.DONE
    ).exclude(pdf="")
    newest = made.filter(report=OuterRef("report")).order_by("-version").values("version")[:1]
    page = Publication.objects.filter(partnership=partnership)
    runs = (
        made.filter(
            report__kind=Report.Kind.PUBLIC,
            report__year__cycle__partnership=partnership,
            report__year__ends_on__gte=today - STILL_TO_PUBLISH,
            version=Subquery(newest),
        )
        .annotate(
            # The row's history holds every version ever put on the page.
            ever_published=Exists(
                Publication.history.filter(partnership=partnership, run=OuterRef("pk"))
            ),
            later_year_shown=Exists(
                page.filter(run__report__year__starts_on__gt=OuterRef("report__year__starts_on"))
            ),
            older_shown=Exists(page.filter(run__report=OuterRef("report"))),
        )
        .filter(ever_published=False, later_year_shown=False)
        .select_related("report")
        .order_by("report_id")
    )
    slug = partnership.slug
    return [
        _version_item(
            run,
            slug,
            kind="Public summaries to publish",
            heading="public-page-heading",
            detail="To do: publish it in place of the older version the public reads."
            if run.older_shown
            else "To do: publish it on the public page, so anyone can read it.",
        )
        for run in runs
    ]
