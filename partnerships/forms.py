"""Forms for setting up a partnership. They validate and normalise; services save."""

from django import forms
from django.urls import reverse

from csp_assessment.crispy import CrispyForm
from csp_assessment.form_fields import long_text

from .models import Agency, District, EraseOriginals, Keep, Membership, Partnership, Role


def member_label(member: Membership) -> str:
    """How a form names a member: their name, then their agency if they have one, and
    whether they have left (a record may still name them)."""
    agency = f", {member.agency.name}" if member.agency_id else ""
    left = " (has left)" if member.has_left else ""
    return f"{member.display_name}{agency}{left}"


class MemberChoiceField(forms.ModelChoiceField):
    """A choice of members, each named by `member_label`. A person not offered (they
    have left since the form opened, say) is refused in words, not Django's default."""

    default_error_messages = {
        "invalid_choice": "Choose someone from the list. People who have left are not listed."
    }

    def __init__(self, *args, **kwargs):
        # Left empty, a person field means nobody: it says so, unless the form words it.
        if not kwargs.get("required", True):
            kwargs.setdefault("empty_label", "Nobody")
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj: Membership) -> str:
        return member_label(obj)


class PartnershipForm(CrispyForm, forms.ModelForm):
    class Meta:
        model = Partnership
        fields = ["name", "kind", "suppress_below"]

    def clean_suppress_below(self):
        value = self.cleaned_data.get("suppress_below")
        return self.instance.suppress_below if value is None else value

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Left empty, the threshold stays as it is.
        self.fields["suppress_below"].required = False


def _tidy_name(form: forms.ModelForm) -> str:
    """A name as it is kept: spaces at the ends dropped and runs of them made one."""
    return " ".join(form.cleaned_data["name"].split())


class DistrictForm(CrispyForm, forms.ModelForm):
    class Meta:
        model = District
        fields = ["name", "code", "population", "population_source"]

    def clean_name(self) -> str:
        return _tidy_name(self)

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].strip().upper()
        if len(code) != 9 or code[0] not in "EWSN" or not code[1:].isdigit():
            raise forms.ValidationError(
                "Enter an ONS code: a letter followed by 8 digits, like E06000056."
            )
        return code

    def __init__(self, *args, partnership: Partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.partnership = partnership


class AgencyForm(CrispyForm, forms.ModelForm):
    class Meta:
        model = Agency
        fields = ["name", "type", "is_responsible_authority"]

    def clean_name(self) -> str:
        return _tidy_name(self)

    def __init__(self, *args, partnership: Partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.partnership = partnership


class InviteForm(CrispyForm, forms.Form):
    """Invite someone. The role starts at the least a member can do; an admin's role is
    sent only once the inviter has confirmed it on the page that asks
    (`awaits_confirmation`; the page posts `confirm_admin`)."""

    submit_label = "Send invitation"
    # Least privilege: a theme specialist writes and scores only what they are given;
    # a board member decides priorities, an analyst runs the cycle, an admin runs it all.
    LEAST_ROLE = Role.THEME_SPECIALIST

    email = forms.EmailField(label="Email address")
    first_name = forms.CharField(max_length=150)
    last_name = forms.CharField(max_length=150)
    role = forms.ChoiceField(choices=Role.choices, initial=LEAST_ROLE)
    agency = forms.ModelChoiceField(
        queryset=Agency.objects.none(), required=False, empty_label="No agency"
    )

    def __init__(self, *args, partnership: Partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = partnership.agencies.all()

    def awaits_confirmation(self, confirmed: bool) -> bool:
        """Valid, for an admin, and not yet confirmed: ask before sending anything."""
        return self.is_valid() and self.cleaned_data["role"] == Role.ADMIN and not confirmed


class MembershipForm(CrispyForm, forms.ModelForm):
    class Meta:
        model = Membership
        fields = ["role", "agency", "job_title"]

    agency = forms.ModelChoiceField(
        queryset=Agency.objects.none(), required=False, empty_label="No agency"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = self.instance.partnership.agencies.all()


class CountyRequestForm(CrispyForm, forms.Form):
    """Ask a county partnership to take this partnership in. The county's admin decides."""

    submit_label = "Ask to join"

    county = forms.ModelChoiceField(
        queryset=Partnership.objects.none(),
        label="County partnership",
        help_text="Its admin is asked to accept. Until then nothing is shared with it.",
    )

    def __init__(self, *args, partnership: Partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["county"].queryset = Partnership.objects.filter(
            kind=Partnership.Kind.COUNTY
        ).exclude(pk=partnership.pk)
        self.helper.form_action = reverse("partnerships:county_request", args=[partnership.slug])


class SingleSignOnForm(CrispyForm, forms.Form):
    """Which provider the partnership's people sign in through, for which domains."""

    provider = forms.ChoiceField(
        label="Identity provider",
        required=False,
        help_text="Choose none to sign in with passwords only.",
    )
    domains = long_text(
        "Email domains",
        "One a line, like westshire.gov.uk. Addresses at these domains sign in "
        "through the provider.",
    )

    def __init__(self, *args, providers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].choices = [("", "None: passwords only")] + [
            (p.key, p.name) for p in providers
        ]

    def clean_domains(self) -> list[str]:
        domains = []
        for line in self.cleaned_data["domains"].replace(",", " ").split():
            domain = line.strip().lower().lstrip("@")
            if "." not in domain or not all(
                part and (part.replace("-", "").isalnum()) for part in domain.split(".")
            ):
                raise forms.ValidationError(
                    f"{line} is not an email domain, like westshire.gov.uk."
                )
            if domain not in domains:
                domains.append(domain)
        return domains


def _months(label: str, what: str) -> forms.IntegerField:
    """How many months `what` are kept for, when the choice is a number of months."""
    return forms.IntegerField(
        label=label,
        min_value=1,
        max_value=120,
        help_text=f"Only used when {what} are kept for a number of months. 1 to 120.",
    )


class RetentionForm(CrispyForm, forms.Form):
    submit_label = "Save retention settings"

    responses_kept = forms.ChoiceField(
        label="Keep consultation responses", choices=Keep.choices, widget=forms.RadioSelect
    )
    responses_months = _months("Months after the consultation closes", "responses")
    files_kept = forms.ChoiceField(
        label="Keep uploaded files",
        choices=Keep.choices,
        widget=forms.RadioSelect,
        help_text="Police and partner data uploads, rationale attachments and checklist "
        "evidence. The counts worked out from uploads are kept.",
    )
    files_months = _months("Months after a file is uploaded", "files")
    originals_erased = forms.ChoiceField(
        label="Erase a redacted answer's original wording",
        choices=EraseOriginals.choices,
        widget=forms.RadioSelect,
    )
    confirm = forms.BooleanField(
        label="I understand that each night the service deletes or anonymises what these "
        "settings say has expired, and that this cannot be undone.",
        error_messages={"required": "Tick the box to confirm you understand."},
    )
