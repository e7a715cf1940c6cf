"""A drop-down's empty choice says what it means: "Choose one" where a choice must be
made, "None" where empty is an answer, "Nobody" for a person. Never Django's
"---------" (the walk in test_link_walk.py checks every page for it)."""

import pytest
from django import forms

from csp_assessment.crispy import DASH, CrispyForm
from partnerships.forms import MemberChoiceField
from partnerships.models import Agency, Membership
from scoring.models import Round


class _Form(CrispyForm, forms.Form):
    must = forms.ModelChoiceField(queryset=Agency.objects.all())
    may = forms.ModelChoiceField(queryset=Agency.objects.all(), required=False)
    worded = forms.ModelChoiceField(
        queryset=Agency.objects.all(), required=False, empty_label="Not listed"
    )
    owner = MemberChoiceField(queryset=Membership.objects.all(), required=False)
    kind = forms.ChoiceField(choices=[("", "---------"), ("a", "A")])
    maybe = forms.ChoiceField(choices=[("", "---------"), ("a", "A")], required=False)


class _ModelForm(CrispyForm, forms.ModelForm):
    class Meta:
        model = Round
        fields = ["matrix"]


def _empty_label(field) -> str:
    return next(label for value, label in field.choices if value == "")


@pytest.mark.django_db
def test_each_empty_choice_says_what_it_means():
    fields = _Form().fields
    assert _empty_label(fields["must"]) == "Choose one"
    assert _empty_label(fields["may"]) == "None"
    assert _empty_label(fields["worded"]) == "Not listed"
    assert _empty_label(fields["owner"]) == "Nobody"
    assert _empty_label(fields["kind"]) == "Choose one"
    assert _empty_label(fields["maybe"]) == "None"
    assert "---------" not in str(_Form())


@pytest.mark.django_db
def test_a_model_forms_own_fields_are_worded_too():
    assert "---------" not in str(_ModelForm())


def _optional_drop_downs_left_to_the_default():
    """Each optional drop-down of the apps' forms whose empty choice nobody worded, so
    it would fall back to the bare "None"."""
    import importlib
    from pathlib import Path

    from django.conf import settings

    left = []
    for app in settings.SERVICE_APPS:
        for path in sorted(Path(app).glob("*forms*.py")):
            module = importlib.import_module(f"{app}.{path.stem}")
            for name, form in vars(module).items():
                if not (isinstance(form, type) and issubclass(form, forms.BaseForm)):
                    continue
                for field_name, field in form.base_fields.items():
                    if field.required or not isinstance(field, forms.ChoiceField):
                        continue
                    if isinstance(field, forms.ModelChoiceField):
                        unworded = field.empty_label == DASH
                    else:
                        unworded = ("", DASH) in list(field.choices)
                    if unworded:
                        left.append(f"{app}.{path.stem}.{name}.{field_name}")
    return left


def test_every_optional_drop_down_says_what_leaving_it_empty_means():
    """'None' said nothing of what was left out: 'No lead agency yet', 'Not imported'."""
    assert _optional_drop_downs_left_to_the_default() == []
