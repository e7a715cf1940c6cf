"""Every write to partnerships, districts, agencies and memberships, and invitations."""

from collections.abc import Callable

from axes.utils import reset as reset_sign_in_attempts
from django.contrib.auth.models import User
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from csp_assessment.dates import day
from csp_assessment.registry import Registry

from . import mail, permissions
from .models import Agency, CountyRequest, District, Invitation, Membership, Partnership, Role


def update_partnership(
    *, partnership: Partnership, name: str, kind: str, suppress_below: int | None = None
) -> Partnership:
    """Name, kind and threshold. Joining a county is a request the county accepts
    (`request_county`), never a field an admin sets."""
    if kind == Partnership.Kind.COUNTY and partnership.parent_id is not None:
        raise ValidationError(
            {"kind": "A county partnership has no parent. Leave the county first."}
        )
    partnership.name, partnership.kind = name, kind
    if suppress_below is not None:
        partnership.suppress_below = suppress_below
    partnership.full_clean()
    partnership.save()
    return partnership


# Joining a county -----------------------------------------------------------------------


def request_county(*, partnership: Partnership, county: Partnership, by: User) -> CountyRequest:
    if partnership.kind == Partnership.Kind.COUNTY:
        raise ValidationError("A county partnership cannot join another county.")
    if county.kind != Partnership.Kind.COUNTY or county.pk == partnership.pk:
        raise ValidationError({"county": "Choose a county partnership."})
    if partnership.parent_id == county.pk:
        raise ValidationError({"county": f"{partnership.name} is already part of {county.name}."})
    if partnership.county_requests.filter(status=CountyRequest.Status.PENDING).exists():
        raise ValidationError("A request is already waiting for a county. Withdraw it first.")
    return CountyRequest.objects.create(
        partnership=partnership, county=county, requested_by=by, requested_at=timezone.now()
    )


def _decide(request: CountyRequest, status: str, by: User) -> CountyRequest:
    """Close a pending request under a row lock, so two admins cannot both decide it."""
    with transaction.atomic():
        locked = CountyRequest.objects.select_for_update().get(pk=request.pk)
        if locked.status != CountyRequest.Status.PENDING:
            raise ValidationError(
                f"This request was already {locked.get_status_display().lower()}."
            )
        locked.status, locked.decided_by, locked.decided_at = status, by, timezone.now()
        locked.save(update_fields=["status", "decided_by", "decided_at"])
        if status == CountyRequest.Status.ACCEPTED:
            joining = Partnership.objects.get(pk=locked.partnership_id)
            joining.parent_id = locked.county_id
            joining.save(update_fields=["parent"])  # a save, so its history records it
    return locked


def accept_county_request(*, request: CountyRequest, by: User) -> CountyRequest:
    return _decide(request, CountyRequest.Status.ACCEPTED, by)


def decline_county_request(*, request: CountyRequest, by: User) -> CountyRequest:
    return _decide(request, CountyRequest.Status.DECLINED, by)


def withdraw_county_request(*, request: CountyRequest, by: User) -> CountyRequest:
    return _decide(request, CountyRequest.Status.WITHDRAWN, by)


def leave_county(*, partnership: Partnership) -> Partnership:
    if partnership.parent_id is None:
        raise ValidationError(f"{partnership.name} is not part of a county.")
    partnership.parent = None
    partnership.save(update_fields=["parent"])
    return partnership


def save_district(*, district: District) -> District:
    district.full_clean()
    district.save()
    return district


def save_agency(*, agency: Agency) -> Agency:
    agency.full_clean()
    agency.save()
    return agency


def end_sign_in_lock(*, user: User) -> int:
    """A new password set from a reset link ends the lock failed sign-ins put on the
    account, from every address. Returns how many recorded attempts were cleared."""
    # Axes records the address as it was typed, lower-cased by the sign-in form.
    names = {user.username, user.username.lower(), user.email.lower()} - {""}
    return sum(reset_sign_in_attempts(username=name) for name in names)


def set_password_link(*, user: User, request_base: str) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    path = reverse("accounts:set_password", kwargs={"uidb64": uid, "token": token})
    return request_base.rstrip("/") + path


@transaction.atomic
def invite_person(
    *,
    partnership: Partnership,
    email: str,
    first_name: str,
    last_name: str,
    role: str,
    agency: Agency | None,
    invited_by: User,
    request_base: str,
) -> Membership:
    """Invite a person and email them.

    A new person gets an account without a password and a link to set one: setting it
    is their acceptance. A person who already has an account (from another
    partnership) keeps it, untouched: they are asked to accept when they next sign in,
    and until then this partnership sees only the name its admin typed. The admin's
    page reads the same either way, so it never tells whether an account exists.
    """
    email = User.objects.normalize_email(email).lower()
    if agency is not None and agency.partnership_id != partnership.pk:
        raise ValidationError({"agency": "Choose an agency of this partnership."})
    if role not in Role.values:
        raise ValidationError({"role": "Choose a role from the list."})
    user = User.objects.filter(email__iexact=email).first()
    existing = Membership.objects.filter(user=user, partnership=partnership).first()
    if existing and existing.has_left:
        raise ValidationError(
            {
                "email": f"{email} left {partnership.name} on {day(existing.left_at)}. "
                "To let them back in, open their page under People and give them access again."
            }
        )
    if existing:
        raise ValidationError({"email": f"{email} is already a member of {partnership.name}."})
    is_new = user is None
    if is_new:
        user = User(username=email, email=email, first_name=first_name, last_name=last_name)
        user.set_unusable_password()
        user.save()
    membership = Membership.objects.create(
        user=user,
        partnership=partnership,
        role=role,
        agency=agency,
        accepted_at=timezone.now() if is_new else None,
    )
    Invitation.objects.create(
        membership=membership,
        invited_by=invited_by,
        sent_at=timezone.now(),
        first_name=first_name,
        last_name=last_name,
    )
    _send_invitation(membership=membership, invited_by=invited_by, request_base=request_base)
    return membership


@transaction.atomic
def resend_invitation(*, membership: Membership, sent_by: User, request_base: str) -> Membership:
    """Send the invitation again to someone who has not joined yet."""
    if membership.has_left:
        raise ValidationError(
            f"{membership.name_for_admins} has left. Give them access again instead."
        )
    if not membership.is_pending:
        raise ValidationError(f"{membership.user.email} has already joined.")
    Invitation.objects.update_or_create(
        membership=membership,
        defaults={"invited_by": sent_by, "sent_at": timezone.now(), "not_sent_at": None},
    )
    _send_invitation(membership=membership, invited_by=sent_by, request_base=request_base)
    return membership


def not_sent(membership: Membership) -> bool:
    """Whether the last invitation email to this person could not be sent. Read after
    the change commits, when the email has been tried."""
    return Invitation.objects.filter(membership=membership, not_sent_at__isnull=False).exists()


def _send_invitation(*, membership: Membership, invited_by: User, request_base: str) -> None:
    """Email the invitation once the transaction commits.

    A person with no password yet gets a set-password link; someone who already has
    an account (from another partnership) gets a link to the partnership.
    """
    user, partnership = membership.user, membership.partnership
    is_new = not user.has_usable_password()
    context = {
        "partnership": partnership,
        "membership": membership,
        "invited_by": invited_by,
        "is_new": is_new,
        "link": set_password_link(user=user, request_base=request_base)
        if is_new
        else request_base.rstrip("/") + reverse("home"),
    }
    invitation = Invitation.objects.filter(membership=membership)
    mail.send_after_commit(
        subject=f"You have been invited to {partnership.name}",
        body=render_to_string("partnerships/email/invitation.txt", context),
        to=[user.email],
        what=f"Invitation for membership {membership.pk}",
        failed=lambda: invitation.update(not_sent_at=timezone.now()),
    )


@transaction.atomic
def accept_invitation(*, membership: Membership) -> Membership:
    if membership.accepted_at is None:
        membership.accepted_at = timezone.now()
        membership.save(update_fields=["accepted_at"])
    return membership


@transaction.atomic
def decline_invitation(*, membership: Membership) -> None:
    """Declining removes the membership; the person's account is theirs and stays. Where
    the partnership's records already name them (work given before they were refused
    it, `check_still_here`), the membership is ended as if they had left instead, so
    those records keep their name."""
    if membership.accepted_at is not None:
        raise ValidationError("You have already joined. Ask an admin to remove you.")
    if not records_held(membership):
        try:
            with transaction.atomic():
                membership.delete()
            return
        except ProtectedError:
            pass
    membership.left_at = timezone.now()
    membership.save(update_fields=["left_at"])


@transaction.atomic
def update_membership(
    *, membership: Membership, role: str, agency: Agency | None, job_title: str, changed_by: User
) -> Membership:
    if agency is not None and agency.partnership_id != membership.partnership_id:
        raise ValidationError({"agency": "Choose an agency of this partnership."})
    # Read the stored role: a bound ModelForm may already have changed the instance.
    stored = Membership.objects.get(pk=membership.pk)
    if permissions.is_admin(stored) and not permissions.is_admin(Membership(role=role)):
        _keep_an_admin(membership)
    membership.role, membership.agency, membership.job_title = role, agency, job_title
    membership.full_clean()
    # Only what this form changes: a leave or an acceptance saved meanwhile stands.
    membership.save(update_fields=["role", "agency", "job_title"])
    return membership


# What later apps keep of a person that must go on naming them (the scores they gave,
# for one): each check answers with what the person did ("gave scores in 1 scoring
# round"), or "" for nothing.
RecordsHeld = Callable[[Membership], str]
_records_held: Registry[RecordsHeld] = Registry()


def register_records_held(check: RecordsHeld) -> RecordsHeld:
    return _records_held.add(check)


# What later apps undo when a person leaves (emails recorded but not yet sent, for one).
OnLeaving = Callable[[Membership], None]
_on_leaving: Registry[OnLeaving] = Registry()


def register_on_leaving(handler: OnLeaving) -> OnLeaving:
    return _on_leaving.add(handler)


def check_still_here(chosen: Membership | None, *, field: str, now: object = None) -> None:
    """Refuse naming someone who has left, or who has not joined yet, for new work. `now`
    is whoever the record names already (a membership or its id): keeping them is not new
    work."""
    if chosen is None or chosen.pk == getattr(now, "pk", now):
        return
    if chosen.has_left:
        raise ValidationError(
            {field: f"{chosen.display_name} has left the partnership. Choose someone else."}
        )
    if chosen.is_pending:
        raise ValidationError(
            {
                field: f"{chosen.name_for_admins} has not joined the partnership yet. "
                "Choose someone who has, or wait until they accept."
            }
        )


@transaction.atomic
def remove_membership(*, membership: Membership) -> None:
    """Remove a person from a partnership. Refused for the last admin, and for someone
    whose work is part of the partnership's record: removing them would delete it
    (scores) or is blocked by it (a rationale document keeps whom it was asked of)."""
    if permissions.is_admin(membership):
        _keep_an_admin(membership)
    held = records_held(membership)
    if held:
        raise ValidationError(_cannot_remove(membership, held))
    try:
        membership.delete()
    except ProtectedError as error:
        raise ValidationError(
            _cannot_remove(membership, [f"are named on {_records(error.protected_objects)}"])
        ) from error


def records_held(membership: Membership) -> list[str]:
    """What the partnership's record keeps of this person ("gave scores in 1 scoring
    round"), from every app that registered a check; empty for nothing."""
    return [found for check in _records_held if (found := check(membership))]


def _cannot_remove(membership: Membership, held: list[str]) -> str:
    return (
        f"{membership.name_for_admins} cannot be removed: they {' and '.join(held)}. "
        "Those records must keep their name. Mark them as left instead: that ends their "
        "access and keeps their name on their work."
    )


@transaction.atomic
def mark_left(*, membership: Membership) -> Membership:
    """End a person's access to the partnership and keep their name on their work.

    From now on the partnership does not exist for them (404), it sends them nothing,
    and its forms no longer offer them for new work; every record that names them
    still does. Refused for the last admin, for someone who has not joined (remove the
    invitation instead) and for someone who has already left."""
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if membership.has_left:
        raise ValidationError(
            f"{membership.display_name} already left on {day(membership.left_at)}."
        )
    if membership.is_pending and not records_held(membership):
        raise ValidationError(
            f"{membership.name_for_admins} has not joined yet. Remove the invitation instead."
        )
    if permissions.is_admin(membership):
        _keep_an_admin(membership)
    membership.left_at = timezone.now()
    membership.save(update_fields=["left_at"])
    for handler in _on_leaving:
        handler(membership)
    return membership


@transaction.atomic
def give_access_again(*, membership: Membership) -> Membership:
    """Undo `mark_left`: the person is a member again, with the role they had."""
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if not membership.has_left:
        raise ValidationError(f"{membership.display_name} has not left.")
    membership.left_at = None
    membership.save(update_fields=["left_at"])
    return membership


def _records(objects) -> str:
    counts: dict[str, int] = {}
    for obj in objects:
        counts[obj._meta.verbose_name] = counts.get(obj._meta.verbose_name, 0) + 1
    return " and ".join(
        f"{n} {name if n == 1 else name + 's'}" for name, n in sorted(counts.items())
    )


def _keep_an_admin(membership: Membership) -> None:
    """Refuse a change that would leave the partnership with no admin who has not left.
    The partnership's row is locked first, so two admins removing or marking each other
    at the same moment are taken one after the other, and the second is refused."""
    Partnership.objects.select_for_update().filter(pk=membership.partnership_id).first()
    others = Membership.objects.current().filter(
        partnership=membership.partnership, role__in=permissions.is_admin.roles
    )
    if not others.exclude(pk=membership.pk).exists():
        raise ValidationError(
            "A partnership needs at least one admin. Make someone else an admin first."
        )


RETENTION_FIELDS = (
    "responses_kept",
    "responses_months",
    "files_kept",
    "files_months",
    "originals_erased",
)


@transaction.atomic
def update_retention(
    *,
    partnership: Partnership,
    responses_kept: str,
    responses_months: int,
    files_kept: str,
    files_months: int,
    originals_erased: str,
    **_confirmed,
) -> Partnership:
    """How long the partnership keeps responses and files. The daily retention run
    (`partnerships.retention`) acts on them; the history keeps who changed them."""
    partnership.responses_kept, partnership.responses_months = responses_kept, responses_months
    partnership.files_kept, partnership.files_months = files_kept, files_months
    partnership.originals_erased = originals_erased
    partnership.full_clean()
    partnership._change_reason = "Retention settings changed"
    partnership.save(update_fields=list(RETENTION_FIELDS))
    return partnership
