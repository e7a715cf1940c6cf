"""Publishing the public summary: an analyst or admin puts the agreed version of a
public summary on the partnership's public page, replaces it with a newer agreed
version, or withdraws it. Only a made, agreed public summary is ever published: a
draft, a final version for the board or another kind of report is refused here, so
no page can put one in front of the public."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from partnerships.models import Membership, Partnership

from . import permissions
from .models import Publication, RenderRun, Report

NOT_PERMITTED = "Only the analyst or an admin of this partnership publishes its public summary."
NOTHING_PUBLISHED = "Nothing is published on the public page, so there is nothing to withdraw."
# How a version that is not the agreed one is named in a refusal.
NOT_AGREED = {
    RenderRun.State.DRAFT: "a draft",
    RenderRun.State.FINAL: "the final version for the board",
}


def _newer(run: RenderRun, than: RenderRun) -> bool:
    """Later years first; within a year's one public summary, the higher version."""
    return (run.report.year.starts_on, run.version) > (than.report.year.starts_on, than.version)


def refusal(run: RenderRun, published: RenderRun | None = None) -> str | None:
    """Why `run` may not go on the public page, or None when it may. `published` is
    the version the public reads now, if any. Pages ask this before they offer the
    button; `publish_summary` asks it again under a lock."""
    version = f"Version {run.version}"
    if run.report.kind != Report.Kind.PUBLIC:
        return (
            f"{version} is of the {run.report.get_kind_display().lower()}. Only the public "
            "summary is published: it leaves out internal sections and hides small numbers."
        )
    if run.state != RenderRun.State.AGREED:
        return (
            f"{version} is {NOT_AGREED[run.state]}. Only the agreed version of the public "
            "summary is published: make it once the board has agreed the assessment."
        )
    if run.status == RenderRun.Status.FAILED:
        return f"{version} could not be made, so it has no PDF. Make the agreed version again."
    if run.status != RenderRun.Status.DONE or not run.pdf:
        return f"{version} is still being made. Publish it once its PDF is ready."
    if published is not None and published.pk == run.pk:
        return f"{version} is already on the public page."
    if published is not None and _newer(published, run):
        return (
            f"The public page shows a newer version: {published.report.year.label}, "
            f"version {published.version}. Withdraw it first to publish an older one."
        )
    return None


def _check_member(by: Membership, partnership: Partnership) -> None:
    if by.partnership_id != partnership.pk or not permissions.can_publish(by):
        raise ValidationError(NOT_PERMITTED)


def _locked(partnership: Partnership) -> Publication:
    """The partnership's record (unsaved the first time), under a lock: one change to
    a partnership's public page at a time."""
    Partnership.objects.select_for_update().get(pk=partnership.pk)
    found = Publication.objects.select_related("run__report__year").filter(partnership=partnership)
    return found.first() or Publication(partnership=partnership)


@transaction.atomic
def publish_summary(*, run: RenderRun, by: Membership) -> Publication:
    """Put the agreed public summary `run` on the public page, replacing whatever the
    public read before. Records who published it and when (the row's history keeps
    each change)."""
    run = RenderRun.objects.select_related("report__year__cycle__partnership").get(pk=run.pk)
    partnership = run.report.year.cycle.partnership
    _check_member(by, partnership)
    publication = _locked(partnership)
    refused = refusal(run, publication.run)
    if refused:
        raise ValidationError(refused)
    publication.run = run
    publication.published_by = by
    publication.published_at = timezone.now()
    publication.withdrawn_by = None
    publication.withdrawn_at = None
    publication.full_clean()
    publication.save()
    return publication


@transaction.atomic
def withdraw_summary(*, partnership: Partnership, by: Membership) -> RenderRun:
    """Take the public summary off the public page, which then says nothing is
    published. Returns the version withdrawn."""
    _check_member(by, partnership)
    publication = _locked(partnership)
    withdrawn = publication.run
    if withdrawn is None:
        raise ValidationError(NOTHING_PUBLISHED)
    publication.run = None
    publication.withdrawn_by = by
    publication.withdrawn_at = timezone.now()
    publication.full_clean()
    publication.save()
    return withdrawn
