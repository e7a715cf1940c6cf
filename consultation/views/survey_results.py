"""What a survey collected: results, the responses export, moderation of free text
and imports from another survey tool."""

import csv
import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from openpyxl import Workbook
from openpyxl.styles import Font

from partnerships import access
from partnerships.views import add_service_errors

from .. import permissions, rules, selectors
from ..forms import (
    ImportForm,
    ModerationForm,
)
from ..models import (
    Answer,
)
from ..services.survey_responses import import_responses, moderate_answer
from . import lookups

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
def survey_results(request: HttpRequest, slug: str, survey_id: int) -> HttpResponse:
    membership = access.require_member(request, slug, permissions.can_read_results)
    survey = lookups.survey(membership, survey_id)
    respondents, results = selectors.survey_results(
        survey, moderator=permissions.can_moderate(membership)
    )
    return lookups.page(
        request,
        "survey_results.html",
        membership,
        survey=survey,
        respondents=respondents,
        results=results,
        rule=rules.SUGGESTION_RULE,
    )


@login_required
def survey_export(request: HttpRequest, slug: str, survey_id: int, fmt: str) -> HttpResponse:
    membership = access.require_member(request, slug, permissions.can_read_results)
    survey = lookups.survey(membership, survey_id)
    headers, rows = selectors.export_table(survey)
    # A leading = + - or @ would make a spreadsheet formula of someone's free text.
    rows = [[f"'{c}" if isinstance(c, str) and c[:1] in "=+-@" else c for c in row] for row in rows]
    filename = f"survey-{survey.pk}-responses.{fmt}"
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(headers)
        writer.writerows(rows)
        response = HttpResponse(
            "\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8"
        )
    else:
        workbook = Workbook()
        sheet = workbook.active
        sheet.title = "Responses"
        sheet.append(headers)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append(row)
        buffer = io.BytesIO()
        workbook.save(buffer)
        response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def answer_moderate(request: HttpRequest, slug: str, survey_id: int, answer_id: int):
    membership = access.require_member(request, slug, permissions.can_moderate)
    survey = lookups.survey(membership, survey_id)
    answer = get_object_or_404(
        Answer.objects.select_related("question"), pk=answer_id, response__survey=survey
    )
    form = ModerationForm(
        request.POST or None,
        initial={"action": Answer.Moderation.REDACTED, "redacted_text": answer.published_text},
    )
    if request.method == "POST" and form.is_valid():
        try:
            moderate_answer(answer=answer, by=membership, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Answer moderated. The history keeps the change.")
            return redirect(
                reverse("consultation:results", args=[slug, survey.pk]) + f"#answer-{answer.pk}"
            )
    return lookups.page(
        request,
        "answer_moderate.html",
        membership,
        survey=survey,
        answer=answer,
        form=form,
        history=answer.moderations.select_related("by__user"),
    )


@login_required
def survey_import(request: HttpRequest, slug: str, survey_id: int) -> HttpResponse:
    membership = access.require_member(request, slug, permissions.can_manage_surveys)
    survey = lookups.survey(membership, survey_id)
    questions = list(survey.questions.all())
    form = ImportForm(
        request.POST or None,
        request.FILES or None,
        questions=questions,
        initial={f"column_{q.pk}": q.text for q in questions},
    )
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            batch = import_responses(
                survey=survey,
                by=membership,
                filename=upload.name,
                content=upload.read(),
                mapping=form.mapping(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{batch.rows} responses imported from {batch.filename}.")
            return redirect("consultation:results", slug=slug, survey_id=survey.pk)
    return lookups.page(
        request,
        "survey_import.html",
        membership,
        survey=survey,
        form=form,
        imports=survey.imports.select_related("by__user"),
    )
