"""Consultation forms. They validate and normalise; services save."""

import re
import secrets
from datetime import date

from django import forms

from csp_assessment.crispy import CrispyForm
from csp_assessment.field_messages import PlainMessages
from csp_assessment.form_fields import check_dates_in_order, long_text
from csp_assessment.uploads import other_format
from cycles.forms import DATE_WIDGET
from cycles.models import CycleYear
from partnerships.forms import MemberChoiceField
from partnerships.models import Membership, Partnership

from . import permissions, rules
from .models import Answer, Question, RationaleDocument, Survey

RADIOS = forms.RadioSelect(attrs={"class": "form-check-input"})
# A choice is read in a radio or tick-box label, and printed in the results table.
MAX_CHOICE = 200
SUBMISSION_ID = re.compile(r"[\w-]{1,40}", re.ASCII)


class RationaleRequestForm(CrispyForm, forms.Form):
    issue = forms.ModelChoiceField(
        queryset=None,
        required=False,
        empty_label="(a theme instead)",
        help_text="The long-list issue the document is about.",
    )
    theme = forms.ChoiceField(
        required=False,
        help_text="Or a whole theme: one of the partnership's themes.",
        error_messages={"invalid_choice": "Choose one of the partnership's themes."},
    )
    specialist = MemberChoiceField(queryset=None, label="Theme specialist")
    due_on = forms.DateField(label="Due on", widget=DATE_WIDGET)
    message = long_text(
        help_text="What you need and why. The specialist sees this with the request.", rows=4
    )

    submit_label = "Send request"

    def __init__(self, *args, year: CycleYear, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["issue"].queryset = year.issues.order_by("title")
        names = year.cycle.partnership.themes.order_by("name").values_list("name", flat=True)
        self.fields["theme"].choices = [("", "(an issue instead)"), *((n, n) for n in names)]
        self.fields["specialist"].queryset = (
            Membership.objects.filter(
                partnership_id=year.cycle.partnership_id,
                role__in=permissions.can_write_rationales.roles,
            )
            .choosable([self.initial.get("specialist")])
            .select_related("user", "agency")
        )
        self.fields["specialist"].label_from_instance = lambda m: (
            f"{m.display_name}{f' ({m.agency.name})' if m.agency_id else ''}"
        )

    def clean(self):
        cleaned = super().clean()
        if "theme" in self.errors:
            return cleaned  # its own message says what is wrong
        if not cleaned.get("issue") and not cleaned.get("theme", "").strip():
            self.add_error("issue", "Choose an issue, or a theme.")
        elif cleaned.get("issue") and cleaned.get("theme", "").strip():
            self.add_error("theme", "Choose an issue or a theme, not both.")
        return cleaned


class RationaleSectionsForm(PlainMessages, forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, heading, help_text in RationaleDocument.SECTIONS:
            self.fields[name] = forms.CharField(
                label=heading,
                help_text=help_text,
                required=False,
                max_length=20000,
                widget=forms.Textarea(attrs={"rows": 6}),
            )


class AttachmentForm(CrispyForm, forms.Form):
    file = forms.FileField(
        label="Add a file",
        help_text=(
            f"PDF, Word (DOCX), Excel (XLSX) or OpenDocument text (ODT), up to "
            f"{rules.MAX_ATTACHMENT_BYTES // 1048576} MB."
        ),
    )

    submit_label = "Upload file"
    multipart = True

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > rules.MAX_ATTACHMENT_BYTES:
            raise forms.ValidationError(
                f"The file is {upload.size / 1048576:.1f} MB; the limit is "
                f"{rules.MAX_ATTACHMENT_BYTES // 1048576} MB."
            )
        return upload


class ReviewForm(CrispyForm, forms.Form):
    decision = forms.ChoiceField(
        choices=[("accept", "Accept the document"), ("return", "Return it with comments")],
        widget=forms.RadioSelect,
    )
    comment = long_text(help_text="Needed when you return it. The specialist sees it.", rows=4)

    submit_label = "Record decision"


class SurveyForm(CrispyForm, forms.Form):
    title = forms.CharField(max_length=200)
    audience = forms.ChoiceField(choices=Survey.Audience.choices, widget=forms.RadioSelect)
    opens_on = forms.DateField(label="Opens on", widget=DATE_WIDGET)
    closes_on = forms.DateField(
        label="Closes on",
        widget=DATE_WIDGET,
        help_text="Answers are taken until the end of this day.",
    )
    introduction = long_text()
    privacy_notice = long_text(
        help_text="Shown on public surveys. Leave blank to use the standard notice.", rows=5
    )
    requires_token = forms.BooleanField(
        label="One response per link",
        required=False,
        help_text="Public surveys only: you send each person their own link, which works once.",
    )

    submit_label = "Save survey"

    def clean(self):
        cleaned = super().clean()
        check_dates_in_order(
            self, "opens_on", "closes_on", "The closing date must be on or after the opening date."
        )
        return cleaned


class TemplateSurveyForm(CrispyForm, forms.Form):
    template = forms.ChoiceField(widget=forms.RadioSelect)
    opens_on = forms.DateField(label="Opens on", widget=DATE_WIDGET)
    closes_on = forms.DateField(label="Closes on", widget=DATE_WIDGET)

    submit_label = "Create from template"

    def __init__(self, *args, templates: list[dict], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template"].choices = [
            (t["key"], f"{t['title']} ({len(t['questions'])} questions, {t['audience']})")
            for t in templates
        ]


class QuestionForm(CrispyForm, forms.Form):
    text = forms.CharField(label="Question", max_length=500)
    kind = forms.ChoiceField(label="Kind of answer", choices=Question.Kind.choices)
    help_text = forms.CharField(label="Help text", max_length=500, required=False)
    required = forms.BooleanField(label="An answer is required", required=False)
    options = long_text("Choices", "For single and multiple choice: one choice a line.", rows=4)

    submit_label = "Save question"

    def clean_options(self):
        lines = [line.strip() for line in self.cleaned_data["options"].splitlines()]
        for number, line in enumerate(lines, start=1):
            if len(line) > MAX_CHOICE:
                raise forms.ValidationError(
                    f"Keep each choice to {MAX_CHOICE} characters or fewer. Line {number} has "
                    f"{len(line):,}."
                )
        return [line for line in lines if line]


class TokenForm(PlainMessages, forms.Form):
    count = forms.IntegerField(label="How many links", min_value=1, max_value=500, initial=50)


class ModerationForm(CrispyForm, forms.Form):
    action = forms.ChoiceField(
        label="What to do",
        choices=[
            (Answer.Moderation.REDACTED, "Redact: publish an edited version"),
            (Answer.Moderation.HIDDEN, "Hide: publish nothing of it"),
            (Answer.Moderation.SHOWN, "Show it again as given"),
        ],
        widget=forms.RadioSelect,
    )
    redacted_text = long_text(
        "Text to publish",
        "For a redaction: the answer with names and identifying details removed.",
        rows=4,
    )
    reason = forms.CharField(max_length=300, help_text="Kept in the history with your name.")

    submit_label = "Save"


class ImportForm(CrispyForm, forms.Form):
    file = forms.FileField(
        label="CSV export", help_text="A CSV file with a header row, up to 5 MB."
    )

    submit_label = "Import responses"
    multipart = True

    def __init__(self, *args, questions: list[Question], **kwargs):
        super().__init__(*args, **kwargs)
        for question in questions:
            self.fields[f"column_{question.pk}"] = forms.CharField(
                label=f"Column for “{question.text}”",
                required=False,
                max_length=500,
                help_text="The column heading exactly as in the file. Leave blank to skip.",
            )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 5 * 1024 * 1024:
            raise forms.ValidationError("The file is larger than 5 MB.")
        upload.seek(0)
        head = upload.read(16)
        upload.seek(0)
        if kind := other_format(head):
            raise forms.ValidationError(
                f"{upload.name} is not a CSV file: it looks like {kind}. Save it as CSV UTF-8 "
                "and import that."
            )
        if not upload.name.lower().endswith(".csv"):
            raise forms.ValidationError(
                f"{upload.name} is not a CSV file. Choose the file whose name ends .csv."
            )
        return upload

    def mapping(self) -> dict[int, str]:
        return {
            int(name.removeprefix("column_")): value.strip()
            for name, value in self.cleaned_data.items()
            if name.startswith("column_")
        }


class EmergingIssueForm(CrispyForm, forms.Form):
    title = forms.CharField(label="What is the issue?", max_length=200)
    location = forms.CharField(
        label="Where", max_length=200, required=False, help_text="A ward, town, street or venue."
    )
    evidence = long_text(
        help_text="What you have seen or heard, with figures if you have them.", rows=4
    )
    source = forms.CharField(
        max_length=200,
        required=False,
        help_text="Who or what raised it, such as a residents' meeting or a police briefing.",
    )

    submit_label = "Log the issue"


class TriageForm(CrispyForm, forms.Form):
    decision = forms.ChoiceField(
        choices=[("add", "Add it to a long list"), ("close", "Close it")],
        widget=forms.RadioSelect,
    )
    year = forms.ModelChoiceField(
        queryset=None, required=False, label="Long list for", empty_label="Choose a year"
    )
    reason = long_text(help_text="Needed when you close it.")

    submit_label = "Record decision"

    def __init__(self, *args, partnership: Partnership, today: date, **kwargs):
        super().__init__(*args, **kwargs)
        # Only long lists of years not ended: the service refuses the others by the same rule.
        self.fields["year"].queryset = (
            CycleYear.objects.filter(cycle__partnership=partnership, ends_on__gte=today)
            .select_related("cycle")
            .order_by("starts_on", "pk")
        )
        if not self.fields["year"].queryset.exists():
            ended = "Every year of the partnership's cycles has ended. Create the next cycle first."
            self.fields["year"].help_text = ended
        self.fields["year"].label_from_instance = lambda y: (
            f"{y.cycle.name}, year {y.number} ({y.label})"
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == "add" and not cleaned.get("year"):
            self.add_error("year", "Choose the year whose long list it joins.")
        if cleaned.get("decision") == "close" and not cleaned.get("reason", "").strip():
            self.add_error("reason", "Say why it is closed.")
        return cleaned


class ResponseForm(PlainMessages, forms.Form):
    """A survey's questions as fields; rankings are one rank number per issue."""

    # Names one sending of the form, so that sending it twice saves it once. One that
    # is missing or mangled is replaced rather than refused: the person could not mend
    # a hidden field, and an error on it would stop every later try.
    submission_id = forms.CharField(widget=forms.HiddenInput, required=False)
    # Honeypot: hidden from people by CSS; anything typed here marks the post as a bot's.
    website = forms.CharField(
        required=False,
        label="Leave this blank",
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, questions: list[Question], titles: dict[int, str], **kwargs):
        super().__init__(*args, **kwargs)
        self.questions, self.titles = questions, titles
        if not self.is_bound:
            self.initial["submission_id"] = secrets.token_urlsafe(18)
        self.blocks = []
        for question in questions:
            names = []
            if question.kind == Question.Kind.RANKING:
                places = [("", "Not ranked")] + [
                    (str(i), str(i)) for i in range(1, len(titles) + 1)
                ]
                for pk, title in titles.items():
                    name = f"q{question.pk}_{pk}"
                    self.fields[name] = forms.ChoiceField(
                        choices=places,
                        required=False,
                        label=title,
                        widget=forms.Select(attrs={"class": "form-select rank-select"}),
                    )
                    names.append(name)
            else:
                name = f"q{question.pk}"
                self.fields[name] = self._field(question)
                names.append(name)
            self.blocks.append((question, names))

    @staticmethod
    def _field(question: Question) -> forms.Field:
        # Required answers are checked by the service, so every message comes from one place.
        if question.kind == Question.Kind.SINGLE:
            return forms.ChoiceField(
                choices=[(o, o) for o in question.options], widget=RADIOS, required=False
            )
        if question.kind == Question.Kind.MULTIPLE:
            return forms.MultipleChoiceField(
                choices=[(o, o) for o in question.options],
                widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
                required=False,
            )
        if question.kind == Question.Kind.RATING:
            return forms.ChoiceField(
                choices=[(str(i), str(i)) for i in range(1, 6)], widget=RADIOS, required=False
            )
        return forms.CharField(
            widget=forms.Textarea(attrs={"rows": 5, "class": "form-control"}),
            required=False,
            max_length=rules.MAX_TEXT,
            error_messages={"max_length": rules.TOO_LONG},
        )

    def question_blocks(self) -> list[dict]:
        """Each question with its bound fields and errors, for the template."""
        blocks = []
        for question, names in self.blocks:
            fields = [self[name] for name in names]
            errors = [e for field in fields for e in field.errors]
            blocks.append(
                {
                    "question": question,
                    "fields": fields,
                    "errors": errors,
                    "id": f"question-{question.pk}",
                }
            )
        return blocks

    def clean_submission_id(self) -> str:
        given = self.cleaned_data["submission_id"]
        return given if SUBMISSION_ID.fullmatch(given) else secrets.token_urlsafe(18)

    def is_bot(self) -> bool:
        return bool(self.data.get("website"))

    def answers(self) -> dict[int, object]:
        """The answers by question id, ready for the service; ranking errors are added."""
        answers = {}
        for question, names in self.blocks:
            if question.kind == Question.Kind.RANKING:
                positions = {int(n.rsplit("_", 1)[1]): self.cleaned_data.get(n) for n in names}
                try:
                    answers[question.pk] = rules.ranking_from_positions(positions)
                except rules.AnswerInvalid as error:
                    self.add_error(names[0], str(error))
            else:
                answers[question.pk] = self.cleaned_data.get(names[0])
        return answers

    def add_service_error(self, error: forms.ValidationError) -> None:
        """Show the service's objections by their questions (keyed q<id>), or above the form."""
        if not hasattr(error, "error_dict"):
            self.add_error(None, error.messages)
            return
        for key, errors in error.message_dict.items():
            block = next((names for q, names in self.blocks if f"q{q.pk}" == key), None)
            self.add_error(block[0] if block else None, errors)
