"""Every form says what is wrong in plain words (csp_assessment/field_messages.py), never
Django's "This field is required." or "Ensure this value has at most 200 characters",
and the error summary at the top of a form lists those words, each a link to its field."""

import copy
import importlib
from pathlib import Path

import pytest
from django import forms
from django.conf import settings
from django.core.validators import MinValueValidator
from django.urls import reverse

from consultation.forms import EmergingIssueForm, TokenForm
from csp_assessment.crispy import CrispyForm
from csp_assessment.field_messages import word_errors
from csp_assessment.form_fields import long_text
from partnerships.models import District
from priorities.forms import ActionUpdateForm, KPIForm, MeetingForm
from reports.forms import CommentForm

DJANGO_WORDING = ["This field is required.", "Enter a valid", "Select a valid choice"]


class _Form(CrispyForm, forms.Form):
    title = forms.CharField(max_length=200)
    code = forms.CharField(label="ONS code", required=False)
    count = forms.IntegerField(min_value=0, max_value=20_000_000, required=False)
    weight = forms.DecimalField(required=False)
    held_on = forms.DateField(label="Date", required=False)
    kind = forms.ChoiceField(choices=[("a", "A"), ("b", "B")], required=False)
    link = forms.URLField(assume_scheme="https", required=False)
    notes = long_text()
    reason = forms.CharField(required=False, error_messages={"required": "Say why."})
    score = forms.IntegerField(
        required=False, validators=[MinValueValidator(1, "Give a score of 1 or more.")]
    )


def _errors(data: dict) -> dict:
    form = _Form({"title": "A title", **data})
    assert not form.is_valid()
    return form.errors


def test_a_required_field_left_empty_is_named():
    assert _errors({"title": ""}) == {"title": ["Enter title."]}


@pytest.mark.parametrize(
    "data,message",
    [
        ({"held_on": "31/02/2026"}, "Enter a real date, like 23/11/2026."),
        ({"count": "4.5"}, "Enter a whole number, like 12."),
        ({"weight": "lots"}, "Enter a number, like 12 or 4.5."),
        ({"count": "-1"}, "Enter a number of at least 0."),
        ({"count": "20000001"}, "Enter a number no more than 20,000,000."),
        ({"kind": "zzz"}, "Choose one of the options listed."),
        ({"link": "not a web address"}, "Enter a full web address, starting https://"),
    ],
)
def test_a_value_that_will_not_do_is_refused_in_plain_words(data, message):
    (name,) = data
    assert _errors(data) == {name: [message]}


def test_a_text_too_long_says_both_numbers_with_thousands_separators():
    assert _errors({"title": "x" * 5000})["title"] == [
        "Keep this to 200 characters or fewer. It has 5,000."
    ]
    assert _errors({"notes": "x" * 20_001})["notes"] == [
        "Keep this to 10,000 characters or fewer. It has 20,001."
    ]


def test_a_message_the_form_chose_is_kept():
    form = _Form({"title": "A title", "score": "0"})
    form.fields["reason"].required = True
    assert not form.is_valid()
    assert form.errors == {"reason": ["Say why."], "score": ["Give a score of 1 or more."]}


def test_a_dates_own_limits_are_kept():
    assert _errors({"held_on": "2100-01-01"})["held_on"] == [
        "Enter a date from 1 January 1998 to 31 December 2099."
    ]


def _required(label: str, field_class=forms.CharField, **kwargs) -> str:
    fields = {"field": field_class(label=label, **kwargs)}
    word_errors(fields)
    return fields["field"].error_messages["required"]


@pytest.mark.parametrize(
    "label,field_class,kwargs,message",
    [
        ("ONS code", forms.CharField, {}, "Enter ONS code."),
        ("Your comment", forms.CharField, {}, "Enter your comment."),
        ("Review date", forms.DateField, {}, "Enter review date."),
        ("Role", forms.ChoiceField, {}, "Choose role."),
        ("CSV file", forms.FileField, {}, "Choose CSV file."),
        # Labels that would read badly after "Enter" or "Choose" are quoted.
        ("Due on", forms.DateField, {}, "Enter a date for “Due on”."),
        ("Sent to", forms.CharField, {}, "Fill in “Sent to”."),
        ("You said", forms.CharField, {}, "Fill in “You said”."),
        ("Hide counts below", forms.IntegerField, {}, "Enter a number for “Hide counts below”."),
        ("How it was sent", forms.ChoiceField, {}, "Choose an option for “How it was sent”."),
        ("What is the issue?", forms.CharField, {}, "Answer “What is the issue?”"),
        ("Add a file", forms.FileField, {}, "Choose a file."),
    ],
)
def test_the_required_message_reads_well_for_the_label(label, field_class, kwargs, message):
    assert _required(label, field_class, **kwargs) == message


@pytest.mark.django_db
def test_real_forms_from_each_app_use_the_plain_words():
    meeting = MeetingForm({"title": "", "held_on": "31/02/2026"})
    assert not meeting.is_valid()
    assert meeting.errors == {
        "title": ["Enter title."],
        "held_on": ["Enter a real date, like 23/11/2026."],
    }
    update = ActionUpdateForm({"status": "done"})
    assert not update.is_valid()
    assert update.errors["note"] == ["Enter update."]
    kpi = KPIForm({"name": "Repeat victims", "baseline": "lots", "target": "12", "direction": "x"})
    assert not kpi.is_valid()
    assert kpi.errors["baseline"] == ["Enter a number, like 12 or 4.5."]
    assert kpi.errors["direction"] == ["Choose one of the options listed."]
    issue = EmergingIssueForm({"title": "", "source": "x" * 201})
    assert not issue.is_valid()
    assert issue.errors == {
        "title": ["Answer “What is the issue?”"],
        "source": ["Keep this to 200 characters or fewer. It has 201."],
    }
    comment = CommentForm({"text": "x" * 5001})
    assert not comment.is_valid()
    assert comment.errors["text"] == ["Keep this to 5,000 characters or fewer. It has 5,001."]
    # A form drawn without crispy is worded too.
    tokens = TokenForm({"count": "501"})
    assert not tokens.is_valid()
    assert tokens.errors["count"] == ["Enter a number no more than 500."]


def _summary(page: str) -> str:
    start = page.index('data-testid="error-summary"')
    return page[start : page.index("</ul>", start)]


def test_the_summary_lists_each_message_as_a_link_to_its_field(client_as, cast, partnership, year):
    url = reverse("cycles:issue_new", kwargs={"slug": partnership.slug, "year_id": year.pk})
    page = client_as(cast["analyst"]).post(url, {"title": "", "source": "zzz"}).content.decode()
    summary = _summary(page)
    assert "There is a problem" in summary
    assert '<a href="#div_id_title">Enter title.</a>' in summary
    assert '<a href="#div_id_source">Choose one of the options listed.</a>' in summary
    assert "Check “" not in summary
    assert not any(words in page for words in DJANGO_WORDING)


def test_a_district_is_refused_in_plain_words(client_as, cast, partnership):
    url = reverse("partnerships:district_new", kwargs={"slug": partnership.slug})
    client = client_as(cast["admin"])
    existing = partnership.districts.get()
    district = {"name": "Somewhere else", "code": existing.code, "population_source": ""}
    page = client.post(url, {**district, "population": "1000"}).content.decode()
    assert "There is already a district with this ONS code." in _summary(page)
    page = client.post(
        url, {**district, "code": "E06000099", "population": "9223372036854775807"}
    ).content.decode()
    assert '<a href="#div_id_population">Enter a population of 20,000,000 or fewer.</a>' in page
    assert District.objects.filter(partnership=partnership).count() == 1


def test_a_partnerships_settings_are_refused_in_plain_words(
    client_as, cast, partnership, other_partnership
):
    url = reverse("partnerships:settings", kwargs={"slug": partnership.slug})
    form = {"name": other_partnership.name, "kind": partnership.kind, "suppress_below": "101"}
    page = client_as(cast["admin"]).post(url, form).content.decode()
    assert '<a href="#div_id_name">There is already a partnership with this name.</a>' in page
    assert '<a href="#div_id_suppress_below">Enter a number no more than 100.</a>' in page
    partnership.refresh_from_db()
    assert partnership.suppress_below == 10


def _forms_of_the_apps():
    for app in settings.SERVICE_APPS:
        for path in sorted(Path(app).glob("*forms*.py")):
            module = importlib.import_module(f"{app}.{path.stem}")
            for name, form in vars(module).items():
                if isinstance(form, type) and issubclass(form, forms.BaseForm):
                    yield f"{app}.{path.stem}.{name}", form


def test_no_field_of_any_form_is_left_with_djangos_wording():
    """The class's fields, worded as a form of it is when cleaned; its own __init__ may
    add more, worded the same way."""
    left = []
    for name, form in _forms_of_the_apps():
        fields = copy.deepcopy(form.base_fields)
        word_errors(fields)
        for field_name, field in fields.items():
            for key in ("required", "invalid", "invalid_choice"):
                message = str(field.error_messages.get(key, ""))
                if any(words in message for words in DJANGO_WORDING):
                    left.append(f"{name}.{field_name}: {message}")
    assert left == []
