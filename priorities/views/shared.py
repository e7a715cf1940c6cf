"""TRANSITIONAL: the app's own form page, until the views use the project's form flow."""

from django.shortcuts import render


def _form_page(request, membership, form, heading: str, back: str, back_label: str, intro=""):
    return render(
        request,
        "priorities/form_page.html",
        {
            "partnership": membership.partnership,
            "form": form,
            "heading": heading,
            "back": back,
            "back_label": back_label,
            "intro": intro,
        },
    )
