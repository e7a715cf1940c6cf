"""Every form's date fields take dates from 1998, when partnerships began, to 2099: a
survey open until 31 December 9999 or a checklist item due on 1 January 0001 was saved."""

import pytest
from django import forms

from csp_assessment.crispy import CrispyForm


class _Dated(CrispyForm, forms.Form):
    on = forms.DateField()


@pytest.mark.parametrize("typed", ["0001-01-01", "1850-01-01", "9999-12-31", "2100-01-01"])
def test_a_date_outside_1998_to_2099_is_refused_in_every_form(typed):
    form = _Dated({"on": typed})
    assert not form.is_valid()
    assert form.errors["on"] == ["Enter a date from 1 January 1998 to 31 December 2099."]
    assert _Dated({"on": "2026-11-23"}).is_valid()
    # The field's own copy is bounded; the class's is left as it was.
    assert not _Dated.base_fields["on"].validators
