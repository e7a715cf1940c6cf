"""Forms for the data sources register and the information-sharing agreements.
They validate and normalise; source_services saves."""

import zipfile

from django import forms

from csp_assessment.crispy import CrispyForm
from csp_assessment.edits import SeenField
from csp_assessment.form_fields import long_text
from cycles.forms import DATE_WIDGET
from partnerships.forms import MemberChoiceField
from partnerships.models import Agency, Membership

from .models import Dataset
from .source_models import DataSource, SharingAgreement

DOCUMENT_MAX_BYTES = 10 * 1024 * 1024


class SourceForm(CrispyForm, forms.Form):
    seen = SeenField()
    name = forms.CharField(
        max_length=150, help_text="As partners know it, for example Police ASB incidents."
    )
    agency = forms.ModelChoiceField(label="Provided by", queryset=None)
    owner = MemberChoiceField(
        queryset=None, required=False, help_text="The person who chases it and answers for it."
    )
    agreement = forms.ModelChoiceField(
        label="Information-sharing agreement",
        queryset=None,
        required=False,
        empty_label="No agreement recorded",
    )
    dataset = forms.ModelChoiceField(
        label="Imported as",
        queryset=None,
        required=False,
        empty_label="Not imported",
        help_text="The dataset on the Analysis page that holds this source's data, if any.",
    )
    themes = forms.MultipleChoiceField(
        label="What it covers",
        choices=DataSource.Theme.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one thing the source covers."},
    )
    prescribed = forms.BooleanField(
        label="Prescribed information: partners must share it each quarter",
        required=False,
    )
    frequency = forms.TypedChoiceField(
        label="How often it is due", choices=DataSource.Frequency.choices, coerce=int
    )
    reliability = forms.ChoiceField(choices=DataSource.Reliability.choices)
    reliability_note = forms.CharField(
        label="Note on reliability",
        max_length=300,
        required=False,
        help_text="For example, which months are incomplete or how it is recorded.",
    )

    submit_label = "Save the source"

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        if "seen" not in self.initial:
            del self.fields["seen"]  # a new source: nothing to collide with
        self.fields["agency"].queryset = Agency.objects.filter(partnership=partnership)
        self.fields["owner"].queryset = (
            Membership.objects.filter(partnership=partnership)
            .choosable([self.initial.get("owner")])
            .select_related("user", "agency")
        )
        self.fields["agreement"].queryset = SharingAgreement.objects.filter(partnership=partnership)
        self.fields["dataset"].queryset = Dataset.objects.shown().filter(partnership=partnership)
        self.fields["frequency"].initial = DataSource.Frequency.QUARTERLY


class ReceiptForm(CrispyForm, forms.Form):
    received_on = forms.DateField(label="Date received", widget=DATE_WIDGET)
    period_start = forms.DateField(label="Period from", widget=DATE_WIDGET)
    period_end = forms.DateField(label="Period to", widget=DATE_WIDGET)
    note = forms.CharField(max_length=300, required=False)

    submit_label = "Record the delivery"


def document_kind(upload) -> str:
    """ "pdf" or "docx" from the file's own bytes (its name can say anything), or ""."""
    upload.seek(0)
    head = upload.read(5)
    upload.seek(0)
    if head == b"%PDF-":
        return "pdf"
    if head[:4] == b"PK\x03\x04":
        try:
            with zipfile.ZipFile(upload) as archive:
                names = set(archive.namelist())
        except zipfile.BadZipFile:
            return ""
        finally:
            upload.seek(0)
        if "word/document.xml" in names:
            return "docx"
    return ""


class AgreementForm(CrispyForm, forms.Form):
    seen = SeenField()
    title = forms.CharField(max_length=200)
    parties = forms.ModelMultipleChoiceField(
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose the agencies that are party to it."},
    )
    purpose = long_text(required=True)
    lawful_basis = forms.ChoiceField(
        choices=SharingAgreement.LawfulBasis.choices,
        help_text="The UK GDPR Article 6(1) basis the parties rely on.",
    )
    gateway = forms.ChoiceField(label="Legal gateway", choices=SharingAgreement.Gateway.choices)
    basis_note = long_text("Note on the lawful basis", rows=2)
    status = forms.ChoiceField(choices=SharingAgreement.Status.choices)
    signed_on = forms.DateField(label="Signed on", widget=DATE_WIDGET, required=False)
    review_on = forms.DateField(label="Review date", widget=DATE_WIDGET, required=False)
    document = forms.FileField(
        label="The signed document",
        required=False,
        help_text="A PDF or Word (.docx) file, up to 10 MB.",
    )

    submit_label = "Save the agreement"
    multipart = True

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        if "seen" not in self.initial:
            del self.fields["seen"]  # a new agreement: nothing to collide with
        self.fields["parties"].queryset = Agency.objects.filter(partnership=partnership)

    def clean_document(self):
        upload = self.cleaned_data.get("document")
        if not upload:
            return None
        if upload.size > DOCUMENT_MAX_BYTES:
            raise forms.ValidationError("The document must be 10 MB or smaller.")
        if not document_kind(upload):
            raise forms.ValidationError(
                "The document must be a PDF or a Word (.docx) file. This file is neither."
            )
        return upload
