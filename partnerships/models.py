"""Partnerships, the districts they cover, their agencies, and who belongs with which role."""

from django.conf import settings
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords


class Keep(models.TextChoices):
    NEXT_ASSESSMENT = "next_assessment", "Until the next strategic assessment is agreed"
    MONTHS = "months", "For a number of months"


class EraseOriginals(models.TextChoices):
    AT_ONCE = "at_once", "As soon as the answer is redacted"
    WITH_RESPONSES = "with_responses", "When the responses' retention ends"


class Partnership(models.Model):
    class Kind(models.TextChoices):
        DISTRICT = "district", "District"
        UNITARY = "unitary", "Unitary"
        COUNTY = "county", "County"

    name = models.CharField(
        max_length=200,
        unique=True,
        error_messages={"unique": "There is already a partnership with this name."},
    )
    slug = models.SlugField(max_length=60, unique=True)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        limit_choices_to={"kind": Kind.COUNTY},
        help_text="The county partnership this one reports to, in a two-tier area.",
    )
    suppress_below = models.PositiveSmallIntegerField(
        "Hide counts below",
        default=10,
        validators=[
            MinValueValidator(1, "Enter a number of at least 1."),
            MaxValueValidator(100, "Enter a number no more than 100."),
        ],
        help_text=(
            'On public pages and the public summary, counts below this show as "fewer than" '
            "it, so nobody can be picked out. 1 shows every count."
        ),
    )
    # Retention (docs/data-protection.md): what the daily retention run deletes or
    # anonymises, and when. The default keeps the promise the survey's privacy notice
    # makes: "until the next strategic assessment is agreed".
    responses_kept = models.CharField(
        "Keep consultation responses",
        max_length=16,
        choices=Keep.choices,
        default=Keep.NEXT_ASSESSMENT,
    )
    responses_months = models.PositiveSmallIntegerField(
        "Months after the consultation closes",
        default=12,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
        help_text="Used when responses are kept for a number of months.",
    )
    files_kept = models.CharField(
        "Keep uploaded files",
        max_length=16,
        choices=Keep.choices,
        default=Keep.NEXT_ASSESSMENT,
        help_text="Police and partner data uploads, rationale attachments and checklist "
        "evidence. The counts worked out from them are kept.",
    )
    files_months = models.PositiveSmallIntegerField(
        "Months after a file is uploaded",
        default=12,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
        help_text="Used when files are kept for a number of months.",
    )
    originals_erased = models.CharField(
        "Erase a redacted answer's original wording",
        max_length=16,
        choices=EraseOriginals.choices,
        default=EraseOriginals.WITH_RESPONSES,
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("cycles:dashboard", kwargs={"slug": self.slug})


MAX_POPULATION = 20_000_000


class District(models.Model):
    """A local authority district the partnership covers (ONS code, e.g. E06000056)."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="districts")
    name = models.CharField(max_length=120)
    code = models.CharField(
        "ONS code", max_length=9, help_text="The ONS local authority district code, like E06000056."
    )
    population = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text="Usual resident population, for rates per 1,000 residents.",
        # The largest district has about 1.2 million people; a figure past this is a
        # slip of the keyboard, and would make every rate near nothing.
        validators=[
            MaxValueValidator(MAX_POPULATION, f"Enter a population of {MAX_POPULATION:,} or fewer.")
        ],
    )
    population_source = models.CharField(
        max_length=120, blank=True, help_text="For example: Census 2021."
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "code"],
                name="unique_district_code",
                violation_error_message="There is already a district with this ONS code.",
            ),
            # Partner files are placed by name whatever its capitals (analysis.aggregates
            # .area_key): two districts one name apart by case would split the counts.
            models.UniqueConstraint(
                "partnership",
                Lower("name"),
                name="unique_district_name",
                violation_error_message="There is already a district with this name. "
                "Capital letters do not make a name different.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class Agency(models.Model):
    class Type(models.TextChoices):
        POLICE = "police", "Police"
        DISTRICT_COUNCIL = "district_council", "District council"
        COUNTY_COUNCIL = "county_council", "County council"
        UNITARY_COUNCIL = "unitary_council", "Unitary council"
        FIRE_AND_RESCUE = "fire_and_rescue", "Fire and rescue"
        HEALTH = "health", "Health"
        PROBATION = "probation", "Probation"
        PCC = "pcc", "Police and crime commissioner"
        OTHER = "other", "Other"

    # The council, whichever kind the area has: each is the local authority, one of the
    # responsible authorities.
    COUNCILS = (Type.DISTRICT_COUNCIL, Type.COUNTY_COUNCIL, Type.UNITARY_COUNCIL)

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="agencies")
    name = models.CharField(max_length=200)
    type = models.CharField(max_length=20, choices=Type.choices)
    is_responsible_authority = models.BooleanField(
        "Responsible authority",
        default=False,
        help_text="One of the bodies the law requires to take part in the partnership.",
    )

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "agencies"
        constraints = [
            models.UniqueConstraint(
                "partnership",
                Lower("name"),
                name="unique_agency_name",
                violation_error_message="There is already an agency with this name. "
                "Capital letters do not make a name different.",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    ADMIN = "admin", "Admin"
    ANALYST = "analyst", "Analyst"
    THEME_SPECIALIST = "theme_specialist", "Theme specialist"
    BOARD_MEMBER = "board_member", "Board member"


class MembershipQuerySet(models.QuerySet):
    def current(self):
        """Those who have joined and not left: the people a partnership's pages are for.
        Someone invited who has not accepted, or who has left, is not among them."""
        return self.filter(accepted_at__isnull=False, left_at__isnull=True)

    def choosable(self, keep=()):
        """Whom a form may name for new work: people who have joined and not left, and
        `keep`, whoever the record names now, so that editing a record never fails over
        a person who has since left. Someone invited who has not joined cannot open the
        partnership's pages, so they are not given its work (`Membership.is_pending`)."""
        keep = [getattr(k, "pk", k) for k in keep if k]
        return self.filter((JOINED & models.Q(left_at__isnull=True)) | models.Q(pk__in=keep))


# The query form of "not `Membership.is_pending`": accepted, and either a password set or
# signed in once (someone who signs in through their organisation has no password).
JOINED = models.Q(accepted_at__isnull=False) & (
    ~models.Q(user__password__startswith=UNUSABLE_PASSWORD_PREFIX)
    | models.Q(user__last_login__isnull=False)
)


class Membership(models.Model):
    """A person's place in one partnership. One role per partnership.

    A membership is kept when the person leaves (`left_at`): their name stays on the
    scores, documents and actions that record their work, and they lose all access to
    the partnership, as if they had never been a member."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=20, choices=Role.choices)
    agency = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.SET_NULL, related_name="members"
    )
    job_title = models.CharField(max_length=120, blank=True)
    joined_at = models.DateTimeField(auto_now_add=True)
    # When the person agreed to join. Someone who already has an account is asked
    # first, so no admin can add them, or learn their name, without their say.
    accepted_at = models.DateTimeField(null=True, blank=True, default=timezone.now)
    left_at = models.DateTimeField(null=True, blank=True)

    objects = MembershipQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["user__first_name", "user__last_name", "user__email"]
        constraints = [
            models.UniqueConstraint(fields=["user", "partnership"], name="one_membership_each"),
        ]

    def __str__(self) -> str:
        return f"{self.display_name} ({self.get_role_display()}, {self.partnership.name})"

    @property
    def display_name(self) -> str:
        return self.user.get_full_name() or self.user.email

    @property
    def has_left(self) -> bool:
        return self.left_at is not None

    @property
    def is_pending(self) -> bool:
        """Invited and not yet joined: not yet accepted, or no password set and never
        signed in (someone who signs in through their organisation has no password)."""
        return self.accepted_at is None or (
            not self.user.has_usable_password() and self.user.last_login is None
        )

    @property
    def name_for_admins(self) -> str:
        """The name the partnership's admins see. Until the person accepts, it is the
        name the admin typed, never what another partnership knows them by."""
        if self.accepted_at is None and hasattr(self, "invitation"):
            typed = f"{self.invitation.first_name} {self.invitation.last_name}".strip()
            return typed or self.user.email
        return self.display_name


class Invitation(models.Model):
    """An email invitation to join a partnership, kept so admins can see who has not joined."""

    membership = models.OneToOneField(
        Membership, on_delete=models.CASCADE, related_name="invitation"
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    sent_at = models.DateTimeField()
    # When the last email could not be sent (the mail server down, or the address
    # refused); empty once one is sent. The People pages tell the admin.
    not_sent_at = models.DateTimeField(null=True, blank=True)
    first_name = models.CharField(max_length=150, blank=True)
    last_name = models.CharField(max_length=150, blank=True)

    def __str__(self) -> str:
        return f"Invitation for {self.membership.user.email}"


class CountyRequest(models.Model):
    """A district or unitary partnership asking to join a county partnership.

    Joining lets the county see what the district escalates, so nothing changes until
    the county's admin accepts. The request stays as the record of who asked and who
    agreed, and when."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for the county"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"
        WITHDRAWN = "withdrawn", "Withdrawn"

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="county_requests"
    )
    county = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="district_requests"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField()
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership"],
                condition=models.Q(status="pending"),
                name="one_pending_county_request",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.partnership} asks to join {self.county} ({self.get_status_display()})"


class SingleSignOn(models.Model):
    """Which identity provider a partnership's people sign in through. The providers
    themselves (addresses, client ids, secrets) come from the environment
    (settings.OIDC_PROVIDERS), never from the database; the email domains it serves are
    its SignInDomain rows."""

    partnership = models.OneToOneField(
        Partnership, on_delete=models.CASCADE, related_name="single_sign_on"
    )
    provider = models.CharField(
        "Identity provider",
        max_length=40,
        help_text="The organisation account people sign in with, as set up by the service.",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "single sign-on"
        verbose_name_plural = "single sign-on"

    def __str__(self) -> str:
        return f"{self.partnership}: {self.provider}"


class SignInDomain(models.Model):
    """An email domain a partnership's admin asked to sign in through its provider.

    It is used for signing in only once site staff confirm the partnership owns it:
    otherwise one partnership's admin could name another's domain and send its people
    to the wrong provider. A new provider, or a domain removed and added again, asks
    afresh."""

    class Status(models.TextChoices):
        WAITING = "waiting", "Waiting for the service's support team to confirm"
        CONFIRMED = "confirmed", "Confirmed"
        REFUSED = "refused", "Refused by the service's support team"

    single_sign_on = models.ForeignKey(
        SingleSignOn, on_delete=models.CASCADE, related_name="sign_in_domains"
    )
    domain = models.CharField("Email domain", max_length=253)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.WAITING)
    # Empty only for the domains that were already in use when confirming began.
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    asked_at = models.DateTimeField()
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "sign-in domain"
        ordering = ["domain"]
        constraints = [
            models.UniqueConstraint(
                fields=["single_sign_on", "domain"], name="one_sign_in_domain_each"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.domain} ({self.get_status_display()})"


class RetentionRun(models.Model):
    """One day's retention run for one partnership: what expired and what was done.

    Creating the row claims the day, so a second run on the same day does nothing."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="retention_runs"
    )
    run_on = models.DateField()
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    # [{"what": "consultation responses anonymised", "count": 12}]
    done = models.JSONField(default=list, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-run_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "run_on"], name="one_retention_run_a_day"
            ),
        ]

    def __str__(self) -> str:
        return f"Retention run for {self.partnership} on {self.run_on}"

    @property
    def total(self) -> int:
        return sum(row["count"] for row in self.done)
