"""The demo partnership's retention settings (docs/data-protection.md): responses kept
for 24 months after the survey closes (the default, "until the next strategic
assessment is agreed", would anonymise the demo's survey the night its agreed
assessment is rendered, and with it the example below); uploaded files for 24 months;
a redacted answer's wording as given erased with the responses, so the demo's
"12 Station Road" answer shows moderators, and only them, the original.
Safe to run twice: it sets values, it adds nothing."""

from partnerships.models import EraseOriginals, Keep, Partnership


def build_retention_demo(partnership: Partnership) -> None:
    Partnership.objects.filter(pk=partnership.pk).update(
        responses_kept=Keep.MONTHS,
        responses_months=24,
        files_kept=Keep.MONTHS,
        files_months=24,
        originals_erased=EraseOriginals.WITH_RESPONSES,
    )
