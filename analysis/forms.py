"""Forms for uploads and for choosing the area and period. They validate; services save.
What is inside the files is checked by the import, which says exactly what is wrong."""

from pathlib import Path

from django import forms

from csp_assessment.crispy import CrispyForm
from csp_assessment.dates import month
from csp_assessment.field_messages import PlainMessages

from .police_files import CRIME_TYPES
from .services import max_upload_bytes

PERIOD_LENGTHS = [(1, "1 month"), (3, "3 months"), (6, "6 months"), (12, "12 months")]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            if not data and self.required:
                # An empty list would otherwise pass: FileField checks one file at a time.
                raise forms.ValidationError(self.error_messages["required"], code="required")
            return [super(MultipleFileField, self).clean(item, initial) for item in data]
        return [super().clean(data, initial)]


def _check_size(files) -> None:
    limit = max_upload_bytes()
    total = sum(f.size for f in files)
    if total > limit:
        raise forms.ValidationError(
            f"The upload is {total / 1e6:,.1f} MB; the limit is {limit / 1e6:,.0f} MB. "
            "Upload fewer months at a time."
        )
    for upload in files:
        if upload.size == 0:
            raise forms.ValidationError(f"{upload.name} is empty.")


class PoliceUploadForm(CrispyForm, forms.Form):
    files = MultipleFileField(
        label="Street-level files",
        help_text=(
            "One or more monthly CSV files from data.police.uk (like "
            "2017-11-bedfordshire-street.csv), or the zip of its archive with a folder per "
            "month. A month already imported is replaced."
        ),
    )

    submit_label = "Upload and import"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["files"].widget.attrs["accept"] = ".csv,.zip,text/csv,application/zip"

    def clean_files(self):
        files = self.cleaned_data["files"]
        for upload in files:
            if Path(upload.name).suffix.lower() not in {".csv", ".zip"}:
                raise forms.ValidationError(
                    f"{upload.name} is not a CSV or zip file. data.police.uk files end in .csv."
                )
        _check_size(files)
        return files


class PartnerUploadForm(CrispyForm, forms.Form):
    dataset_name = forms.CharField(
        label="Dataset name",
        max_length=120,
        help_text="For example: Council ASB incidents. Use the same name to add months to it.",
    )
    file = forms.FileField(label="CSV file")
    date_column = forms.CharField(
        label="Month or date column", max_length=120, help_text="Values like 2024-03 or 23/11/2024."
    )
    area_column = forms.CharField(
        label="Area column",
        max_length=120,
        help_text="An LSOA code, an LSOA name, a district code or a district name in each row.",
    )
    category_column = forms.CharField(
        label="Category column", max_length=120, required=False, help_text="Leave blank if none."
    )
    category_name = forms.CharField(
        label="Category when there is no column",
        max_length=120,
        required=False,
        help_text="For example: Deliberate fires.",
    )
    count_column = forms.CharField(
        label="Count column",
        max_length=120,
        required=False,
        help_text="Leave blank when each row is one incident.",
    )

    submit_label = "Upload and import"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs["accept"] = ".csv,text/csv"

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if Path(upload.name).suffix.lower() != ".csv":
            raise forms.ValidationError(f"{upload.name} is not a CSV file.")
        _check_size([upload])
        return upload

    def mapping(self) -> dict:
        data = self.cleaned_data
        return {
            "date": data["date_column"],
            "area": data["area_column"],
            "category": data["category_column"],
            "category_name": data["category_name"],
            "count": data["count_column"],
        }


class PeriodForm(PlainMessages, forms.Form):
    """The area and period of the analysis page (a GET form)."""

    area = forms.ChoiceField(label="Area", required=False)
    end = forms.ChoiceField(label="Period ends with", required=False)
    length = forms.TypedChoiceField(
        label="Period length",
        choices=PERIOD_LENGTHS,
        coerce=int,
        required=False,
        empty_value=12,
        # Without it the page shows "1 month" selected (the first option) while the
        # figures are for 12, and pressing Show switches to 1 month.
        initial=12,
    )

    def __init__(self, *args, districts, months, partnership_name, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].choices = [("", f"All of {partnership_name}")] + [
            (d.code, d.name) for d in districts
        ]
        self.fields["end"].choices = [("", "The latest month with data")] + [
            (f"{m:%Y-%m}", month(m)) for m in reversed(months)
        ]


class IssueCrimeTypesForm(CrispyForm, forms.Form):
    crime_types = forms.MultipleChoiceField(
        label="Crime types this issue covers",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[(name, name) for name in sorted(CRIME_TYPES)],
        help_text=(
            "The suggested scores for proportion of demand, deteriorating performance and "
            "risk of increase count these types together. Leave all unticked for no "
            "suggestions."
        ),
    )

    submit_label = "Save crime types"
