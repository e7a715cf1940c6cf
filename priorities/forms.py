"""Forms for priorities, meetings, KPIs, actions and checklists. They validate; services save."""

from django import forms
from django.utils import timezone

from consultation.rules import AttachmentRejected, check_attachment
from csp_assessment.crispy import CrispyForm
from csp_assessment.dates import day
from csp_assessment.edits import SeenField
from csp_assessment.form_fields import long_text
from cycles.forms import DATE_WIDGET
from cycles.models import CycleYear
from partnerships.forms import MemberChoiceField, member_label
from partnerships.models import Agency, Membership

from . import objective_selectors, rules, selectors
from .checklist_layout import offered_templates
from .models import KPI, Action, ChecklistItem, ChecklistTemplate, Decision, Group, Priority
from .objective_forms import ObjectivesField

EVIDENCE_LIMIT = 10 * 1024 * 1024


def _members(partnership, keep=None):
    """The members a form offers: those who have joined and not left, and `keep` (one or
    several, whom the record names now)."""
    keep = keep if isinstance(keep, list | tuple | set) else [keep]
    return (
        Membership.objects.filter(partnership=partnership)
        .choosable(keep)
        .select_related("user", "agency")
    )


def _years(partnership):
    return CycleYear.objects.filter(cycle__partnership=partnership).select_related("cycle")


class CycleYearField(forms.ModelChoiceField):
    """A choice of years, each named with its cycle (a partnership may have several)."""

    def label_from_instance(self, obj: CycleYear) -> str:
        return f"{obj.cycle.name}, {obj.label}"


class ProposalForm(CrispyForm, forms.Form):
    seen = SeenField()
    issues = forms.ModelMultipleChoiceField(
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        help_text="The issues from the ranking this priority covers.",
    )
    title = forms.CharField(max_length=200, help_text="For example: Anti-social behaviour.")
    emphasis = forms.CharField(
        max_length=300, required=False, help_text="For example: emphasis on repeat victims."
    )
    rationale = long_text()
    lead = MemberChoiceField(queryset=None, required=False, label="Proposed lead")
    lead_agency = forms.ModelChoiceField(
        queryset=None, required=False, label="Lead agency", empty_label="No lead agency yet"
    )
    proposed_kpis = long_text("Proposed KPIs", "One measure a line.")
    serious_violence = forms.BooleanField(
        label="An objective of the serious violence strategy",
        required=False,
        help_text="Groups it with the serious violence strand on the priorities page and in "
        "the strategic needs assessment.",
    )
    objectives = ObjectivesField()
    continues = forms.ModelChoiceField(
        queryset=Priority.objects.none(),
        required=False,
        label="Continues last cycle's priority",
        empty_label="No, a new priority",
    )
    kind = forms.ChoiceField(
        label="What is it?",
        choices=[
            (Priority.Kind.PRIORITY, "An additional priority for the rest of the cycle"),
            (Priority.Kind.FOCUS_AREA, "A focus area under one of the cycle's priorities"),
        ],
        initial=Priority.Kind.PRIORITY,
        widget=forms.RadioSelect,
    )
    parent = forms.ModelChoiceField(
        queryset=Priority.objects.none(),
        required=False,
        label="The cycle's priority it sits under",
        empty_label="Choose for a focus area",
        help_text="Only for a focus area.",
    )

    submit_label = "Save proposal"

    def __init__(
        self,
        *args,
        year: CycleYear,
        continuable: list[Priority],
        cycle_priorities: list[Priority],
        ranks,
        **kwargs,
    ):
        """continuable: last cycle's priorities a year-1 proposal may continue.
        cycle_priorities: the cycle's priorities in force, which a focus area sits under;
        the kind and parent fields show only in a year that adds to them."""
        super().__init__(*args, **kwargs)
        partnership = year.cycle.partnership
        self.fields["issues"].queryset = year.issues.order_by("title")
        self.fields["issues"].label_from_instance = lambda issue: (
            f"{issue.title} (rank {ranks[issue.pk].rank})" if issue.pk in ranks else issue.title
        )
        self.fields["lead"].queryset = _members(partnership, self.initial.get("lead"))
        self.fields["lead_agency"].queryset = Agency.objects.filter(partnership=partnership)
        named = [o.pk for o in self.initial.get("objectives", ())]
        offered = objective_selectors.offered(partnership, keep=named)
        if offered.exists():
            self.fields["objectives"].queryset = offered
        else:
            del self.fields["objectives"]
        if continuable:
            self.fields["continues"].queryset = Priority.objects.filter(
                pk__in=[p.pk for p in continuable]
            )
        else:
            del self.fields["continues"]
        if rules.proposes_additions(year.kind, year.number):
            self.fields["parent"].queryset = Priority.objects.filter(
                pk__in=[p.pk for p in cycle_priorities if p.parent_id is None]
            )
        else:
            del self.fields["kind"]
            del self.fields["parent"]


class EscalationForm(CrispyForm, forms.Form):
    reason = long_text(help_text="Why this needs a county-wide response.", required=True)

    submit_label = "Escalate to county"


class AdoptForm(CrispyForm, forms.Form):
    year = CycleYearField(queryset=None, label="Adopt into the county's priorities for")

    submit_label = "Adopt priority"

    def __init__(self, *args, county, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].queryset = _years(county)


class MeetingForm(CrispyForm, forms.Form):
    title = forms.CharField(max_length=200, initial="Partnership board")
    held_on = forms.DateField(label="Date", widget=DATE_WIDGET)
    location = forms.CharField(max_length=200, required=False)
    attendees = long_text(help_text="One person a line, with their agency.")
    apologies = long_text(help_text="One person a line, with their agency.")

    submit_label = "Save meeting"


class MeetingEditForm(MeetingForm):
    seen = SeenField()


class ItemForm(CrispyForm, forms.Form):
    title = forms.CharField(max_length=200, label="Agenda item")
    summary = long_text()

    submit_label = "Add item"


class OutcomeForm(CrispyForm, forms.Form):
    outcome = long_text(
        "Decisions on actions", "What the board decided to do about this item.", required=True
    )

    submit_label = "Save outcome"

    def __init__(self, *args, who: str = "the board", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcome"].help_text = f"What {who} decided to do about this item."


class AgendaItemField(forms.ModelChoiceField):
    """An agenda item, named by its meeting, the meeting's date and its title. The
    form sets the queryset (the items that may be chosen)."""

    def __init__(self, *, help_text: str):
        super().__init__(queryset=None, label="Agenda item", empty_label=None, help_text=help_text)

    def label_from_instance(self, item) -> str:
        return f"{item.meeting.title}, {day(item.meeting.held_on)}: {item.title}"


class BoardDecisionForm(CrispyForm, forms.Form):
    """The board's decision and its minute, as every form that records one asks them.
    A form with an `item` field (an AgendaItemField) is given the `items` to offer."""

    field_order = ["priority", "item"]
    outcome = forms.ChoiceField(
        label="Decision", choices=Decision.Outcome.choices, widget=forms.RadioSelect
    )
    minute = long_text(help_text="What the board decided and why.", required=True)

    submit_label = "Record decision"

    def __init__(self, *args, items=None, **kwargs):
        super().__init__(*args, **kwargs)
        if items is not None:
            self.fields["item"].queryset = items


class DecisionForm(BoardDecisionForm):
    priority = forms.ModelChoiceField(queryset=None, empty_label=None, label="Proposal")

    def __init__(self, *args, partnership, decided_for=None, **kwargs):
        """decided_for: a priority's wording of what agreeing it agrees it for
        (cycle_selectors.decided_for), shown after its title."""
        super().__init__(*args, **kwargs)
        self.fields["priority"].queryset = selectors.awaiting_decision(partnership).select_related(
            "year", "parent"
        )

        def label(p: Priority) -> str:
            title = f"{p.parent.title}: {p.display_title}" if p.parent_id else p.display_title
            return f"{title} ({p.year.label}, {decided_for(p)})" if decided_for else title

        self.fields["priority"].label_from_instance = label


class ActionForm(CrispyForm, forms.Form):
    title = forms.CharField(max_length=300, label="Action")
    owner = MemberChoiceField(queryset=None, required=False)
    owner_agency = forms.ModelChoiceField(
        queryset=None, required=False, label="Owner's agency", empty_label="No agency"
    )
    owner_group = forms.ModelChoiceField(
        queryset=None, required=False, label="Owning group", empty_label="No group"
    )
    due_on = forms.DateField(label="Due", widget=DATE_WIDGET)

    submit_label = "Raise action"

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = _members(partnership, self.initial.get("owner"))
        self.fields["owner_agency"].queryset = Agency.objects.filter(partnership=partnership)
        self.fields["owner_group"].queryset = Group.objects.filter(partnership=partnership)


class ActionUpdateForm(CrispyForm, forms.Form):
    status = forms.ChoiceField(choices=Action.Status.choices)
    note = long_text("Update", "What has happened.", required=True)
    partner_response = long_text("How partners responded")

    submit_label = "Save update"


def _kpi_number(noun: str, **kwargs) -> forms.DecimalField:
    """A KPI's baseline, target or figure, as the model keeps it (12 digits, 2 of them
    after the point), refused in words a reader can act on rather than in digits."""
    too_large = f"The {noun} is too large. It must be less than 10,000,000,000."
    return forms.DecimalField(
        max_digits=12,
        decimal_places=2,
        error_messages={
            "max_digits": too_large,
            "max_whole_digits": too_large,
            "max_decimal_places": f"The {noun} can have at most 2 decimal places, like 41.25.",
        },
        **kwargs,
    )


class KPIForm(CrispyForm, forms.Form):
    name = forms.CharField(max_length=200, label="KPI")
    unit = forms.CharField(max_length=40, required=False, help_text="For example: %, incidents.")
    baseline = _kpi_number("baseline")
    target = _kpi_number(
        "target", help_text="Below the baseline when lower is better, above it when higher is."
    )
    direction = forms.ChoiceField(choices=KPI.Direction.choices, widget=forms.RadioSelect)
    period = forms.ChoiceField(choices=KPI.Period.choices, initial=KPI.Period.QUARTER)

    submit_label = "Add KPI"


class KPIValueForm(CrispyForm, forms.Form):
    period_ending = forms.DateField(label="Period ending", widget=DATE_WIDGET)
    value = _kpi_number("figure", label="Figure")
    note = forms.CharField(max_length=300, required=False)

    submit_label = "Save figure"

    def __init__(self, *args, kpi: KPI, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["value"].label = f"Figure for {kpi.name}"

    def clean_period_ending(self):
        """A figure is for a period that has ended: one dated ahead would count as the
        latest and set the priority's status before the period is over. A correction
        may keep the date already saved, so a figure saved before this rule can still
        be put right."""
        ending = self.cleaned_data["period_ending"]
        today = timezone.localdate()
        if ending > today and ending != self.initial.get("period_ending"):
            raise forms.ValidationError(
                f"The period must have ended by today, {day(today)}. "
                "Enter its figure once the period is over."
            )
        return ending


class KPIEditForm(KPIForm):
    seen = SeenField()

    submit_label = "Save KPI"


class KPIValueEditForm(KPIValueForm):
    seen = SeenField()

    submit_label = "Save the correction"


class ReviewForm(CrispyForm, forms.Form):
    review_on = forms.DateField(label="Review date", widget=DATE_WIDGET)
    note = long_text()

    submit_label = "Save review date"


class StartChecklistForm(CrispyForm, forms.Form):
    template = forms.ModelChoiceField(
        queryset=ChecklistTemplate.objects.all(), empty_label=None, label="Checklist"
    )
    year = CycleYearField(queryset=None, empty_label=None, label="Cycle year")

    submit_label = "Start checklist"

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template"].queryset = offered_templates()
        self.fields["year"].queryset = _years(partnership)


class ChecklistItemForm(CrispyForm, forms.Form):
    seen = SeenField()
    action = long_text()
    development = long_text(
        "Developments",
        "What has happened so far, as the Developments column of the 2007 checklist.",
    )
    rag = forms.ChoiceField(label="RAG status", choices=ChecklistItem.Rag.choices)
    status_key = forms.ChoiceField(
        label="Status key",
        choices=[("", "No status key")] + ChecklistItem.StatusKey.choices[1:],
        required=False,
        help_text=(
            "The first five are the 2007 minimum standards key; the last, “In place”, is "
            "our addition."
        ),
    )
    owner = MemberChoiceField(queryset=None, required=False)
    due_on = forms.DateField(label="Due", widget=DATE_WIDGET, required=False)
    evidence_link = forms.URLField(
        label="Evidence link",
        required=False,
        assume_scheme="https",
        help_text="A link to the document or page.",
    )
    evidence_file = forms.FileField(
        label="Evidence file",
        required=False,
        help_text="A PDF, Word, Excel or OpenDocument text file, up to 10 MB.",
    )

    def clean_evidence_file(self):
        upload = self.cleaned_data.get("evidence_file")
        if not upload:
            return upload
        if upload.size > EVIDENCE_LIMIT:
            raise forms.ValidationError("The evidence file must be 10 MB or smaller.")
        upload.seek(0)
        content = upload.read()
        upload.seek(0)
        try:
            check_attachment(name=upload.name, content=content, limit=EVIDENCE_LIMIT)
        except AttachmentRejected as refused:
            raise forms.ValidationError(str(refused)) from refused
        return upload

    submit_label = "Save item"
    multipart = True

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = _members(partnership, self.initial.get("owner"))


class YouSaidWeDidForm(CrispyForm, forms.Form):
    title = forms.CharField(max_length=200)
    said = long_text("You said", "What people told us. One point a line.", rows=6, required=True)
    did = long_text(
        "We did",
        "What the board decided and what has happened since. One point a line.",
        rows=8,
        required=True,
    )
    questions = forms.MultipleChoiceField(
        label="Questions whose answers are published",
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Counts only. Free-text answers are never published here.",
    )

    submit_label = "Save draft"

    def __init__(self, *args, survey, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["questions"].choices = [
            (str(q.pk), q.text) for q in survey.questions.exclude(kind="text")
        ]

    def clean_questions(self) -> list[int]:
        return [int(pk) for pk in self.cleaned_data["questions"]]


# Groups -------------------------------------------------------------------------------


class GroupForm(CrispyForm, forms.Form):
    kind = forms.ChoiceField(choices=Group.Kind.choices, widget=forms.RadioSelect)
    name = forms.CharField(
        max_length=200,
        help_text="For example: Operational delivery group, or Night-time task group.",
    )
    purpose = long_text()

    submit_label = "Save group"


class GroupEditForm(GroupForm):
    seen = SeenField()


class GroupMembersForm(CrispyForm, forms.Form):
    seen = SeenField()
    members = forms.ModelMultipleChoiceField(
        queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    chair = MemberChoiceField(queryset=None, required=False, help_text="The chair is a member too.")

    submit_label = "Save members"

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        keep = [*self.initial.get("members", ()), self.initial.get("chair")]
        people = _members(partnership, keep).filter(accepted_at__isnull=False)
        self.fields["members"].queryset = people
        self.fields["members"].label_from_instance = member_label
        self.fields["chair"].queryset = people


class DecisionRequestForm(CrispyForm, forms.Form):
    question = long_text(help_text="What the group is asked to decide.", required=True)
    due_on = forms.DateField(label="Answer due by", widget=DATE_WIDGET)

    submit_label = "Ask the group"
