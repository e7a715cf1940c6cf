"""Consultation pages for members: rationale documents, surveys and their results,
and the emerging-issues log. Every view resolves the membership first (404 for
outsiders, 403 for a role that may not), then form -> service -> render/redirect."""

import csv
import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST
from openpyxl import Workbook
from openpyxl.styles import Font

from cycles.models import CycleYear
from partnerships import access
from partnerships.models import Membership
from partnerships.views import add_service_errors

from . import rules, selectors, services
from .forms import (
    AttachmentForm,
    EmergingIssueForm,
    ImportForm,
    ModerationForm,
    QuestionForm,
    RationaleRequestForm,
    RationaleSectionsForm,
    ResponseForm,
    ReviewForm,
    SurveyForm,
    TemplateSurveyForm,
    TokenForm,
    TriageForm,
)
from .models import (
    Answer,
    EmergingIssue,
    Question,
    RationaleAttachment,
    RationaleDocument,
    Survey,
)

MANAGE = access.MANAGE_ACTIVITIES  # admins and analysts request, build, moderate, publish
READ_RESULTS = (*MANAGE, "board_member")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _today():
    return timezone.localdate()


def _year(membership: Membership, year_id: int) -> CycleYear:
    return get_object_or_404(
        CycleYear.objects.select_related("cycle"),
        pk=year_id,
        cycle__partnership=membership.partnership,
    )


def _rationale(membership: Membership, rationale_id: int) -> RationaleDocument:
    document = get_object_or_404(
        RationaleDocument.objects.select_related(
            "year__cycle__partnership", "issue", "specialist__user", "requested_by__user"
        ),
        pk=rationale_id,
        year__cycle__partnership=membership.partnership,
    )
    if not selectors.can_read_rationale(membership, document):
        raise PermissionDenied("This rationale document is not yours to read yet.")
    return document


def _survey(membership: Membership, survey_id: int) -> Survey:
    return get_object_or_404(
        Survey.objects.select_related("year__cycle__partnership"),
        pk=survey_id,
        year__cycle__partnership=membership.partnership,
    )


def _error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


def _page(request, template: str, membership: Membership, **context) -> HttpResponse:
    return render(
        request,
        f"consultation/{template}",
        {"partnership": membership.partnership, "membership": membership, **context},
    )


# Overview --------------------------------------------------------------------------


@login_required
def index(request: HttpRequest, slug: str) -> HttpResponse:
    membership = access.require_member(request, slug)
    today = _today()
    manager = membership.role in MANAGE
    return _page(
        request,
        "index.html",
        membership,
        today=today,
        can_manage=manager,
        overdue=list(selectors.overdue_rationales(membership.partnership, today))
        if manager
        else [],
        mine=list(
            selectors.rationales_for(membership).filter(
                specialist=membership, state__in=rules.OPEN_STATES
            )
        ),
        surveys=list(selectors.surveys_for(membership.partnership)[:5]),
        open_emerging=membership.partnership.emerging_issues.filter(
            status=EmergingIssue.Status.OPEN
        ).count(),
    )


# Rationale documents ---------------------------------------------------------------


@login_required
def rationale_list(request: HttpRequest, slug: str) -> HttpResponse:
    membership = access.require_member(request, slug)
    documents = list(selectors.rationales_for(membership))
    today = _today()
    for document in documents:
        document.overdue = rules.is_overdue(document.state, document.due_on, today)
    years = CycleYear.objects.filter(cycle__partnership=membership.partnership).select_related(
        "cycle"
    )
    return _page(
        request,
        "rationale_list.html",
        membership,
        documents=documents,
        years=years,
        can_manage=membership.role in MANAGE,
        today=today,
    )


@login_required
def rationale_request(request: HttpRequest, slug: str, year_id: int) -> HttpResponse:
    membership = access.require_member(request, slug, MANAGE)
    year = _year(membership, year_id)
    form = RationaleRequestForm(request.POST or None, year=year)
    if request.method == "POST" and form.is_valid():
        try:
            document = services.request_rationale(
                year=year, requested_by=membership, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                f"Rationale document requested from {document.specialist.display_name}.",
            )
            return redirect("consultation:rationales", slug=slug)
    return _page(
        request,
        "form_page.html",
        membership,
        form=form,
        heading=f"Request a rationale document for year {year.number} ({year.label})",
        back=("Rationale documents", reverse("consultation:rationales", args=[slug])),
    )


@login_required
def rationale_detail(request: HttpRequest, slug: str, rationale_id: int) -> HttpResponse:
    membership = access.require_member(request, slug)
    document = _rationale(membership, rationale_id)
    is_writer = document.specialist_id == membership.pk
    return _page(
        request,
        "rationale_detail.html",
        membership,
        document=document,
        sections=document.section_values(),
        transitions=document.transitions.select_related("by__user"),
        attachments=document.attachments.all(),
        can_write=is_writer and document.state in rules.EDITABLE_STATES,
        can_review=membership.role in MANAGE and document.state in rules.AWAITING_REVIEW,
        review_form=ReviewForm(),
        overdue=rules.is_overdue(document.state, document.due_on, _today()),
    )


@login_required
def rationale_write(request: HttpRequest, slug: str, rationale_id: int) -> HttpResponse:
    membership = access.require_member(request, slug)
    document = _rationale(membership, rationale_id)
    if document.specialist_id != membership.pk:
        raise PermissionDenied("Only the theme specialist asked for this document can write it.")
    initial = {name: getattr(document, name) for name, _, _ in RationaleDocument.SECTIONS}
    form = RationaleSectionsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        submit = request.POST.get("action") == "submit"
        try:
            services.save_rationale(
                document=document, by=membership, sections=form.cleaned_data, submit=submit
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                "Submitted for review. The analyst will accept it or return it with comments."
                if submit
                else "Draft saved.",
            )
            return redirect(document)
    last_return = (
        document.transitions.filter(to_state=RationaleDocument.State.RETURNED).last()
        if document.state == RationaleDocument.State.RETURNED
        else None
    )
    attachment_form = AttachmentForm()
    attachment_form.helper.form_action = reverse(
        "consultation:rationale_attach", args=[slug, document.pk]
    )
    return _page(
        request,
        "rationale_write.html",
        membership,
        document=document,
        form=form,
        attachments=document.attachments.all(),
        attachment_form=attachment_form,
        editable=document.state in rules.EDITABLE_STATES,
        last_return=last_return,
    )


@login_required
def rationale_attach(request: HttpRequest, slug: str, rationale_id: int) -> HttpResponse:
    membership = access.require_member(request, slug)
    document = _rationale(membership, rationale_id)
    if document.specialist_id != membership.pk:
        raise PermissionDenied("Only the theme specialist asked for this document can add files.")
    form = AttachmentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > rules.MAX_ATTACHMENT_BYTES:
            form.add_error(
                "file",
                f"The file is {upload.size / 1048576:.1f} MB; the limit is "
                f"{rules.MAX_ATTACHMENT_BYTES // 1048576} MB.",
            )
        else:
            try:
                services.add_attachment(
                    document=document, by=membership, name=upload.name, content=upload.read()
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, f"{upload.name} added.")
                return redirect("consultation:rationale_write", slug=slug, rationale_id=document.pk)
    return _page(
        request,
        "form_page.html",
        membership,
        form=form,
        heading=f"Add a file to the rationale on {document.subject}",
        back=(document.subject, reverse("consultation:rationale_write", args=[slug, document.pk])),
    )


@login_required
def attachment_download(
    request: HttpRequest, slug: str, rationale_id: int, attachment_id: int
) -> HttpResponse:
    membership = access.require_member(request, slug)
    document = _rationale(membership, rationale_id)
    attachment = get_object_or_404(RationaleAttachment, pk=attachment_id, document=document)
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=rules.ATTACHMENT_KINDS[attachment.kind][1],
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
@login_required
def attachment_remove(
    request: HttpRequest, slug: str, rationale_id: int, attachment_id: int
) -> HttpResponse:
    membership = access.require_member(request, slug)
    document = _rationale(membership, rationale_id)
    attachment = get_object_or_404(RationaleAttachment, pk=attachment_id, document=document)
    if document.specialist_id != membership.pk:
        raise PermissionDenied(
            "Only the theme specialist asked for this document can remove files."
        )
    try:
        services.remove_attachment(attachment=attachment, by=membership)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, f"{attachment.original_name} removed.")
    return redirect("consultation:rationale_write", slug=slug, rationale_id=document.pk)


@require_POST
@login_required
def rationale_review(request: HttpRequest, slug: str, rationale_id: int) -> HttpResponse:
    membership = access.require_member(request, slug, MANAGE)
    document = _rationale(membership, rationale_id)
    form = ReviewForm(request.POST)
    if form.is_valid():
        accept = form.cleaned_data["decision"] == "accept"
        try:
            services.review_rationale(
                document=document,
                by=membership,
                accept=accept,
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                "Accepted." if accept else "Returned to the specialist with your comments.",
            )
            return redirect(document)
    return _page(
        request,
        "rationale_detail.html",
        membership,
        document=document,
        sections=document.section_values(),
        transitions=document.transitions.select_related("by__user"),
        attachments=document.attachments.all(),
        can_write=False,
        can_review=True,
        review_form=form,
        overdue=False,
    )


# Surveys ---------------------------------------------------------------------------


@login_required
def survey_list(request: HttpRequest, slug: str) -> HttpResponse:
    membership = access.require_member(request, slug)
    surveys = list(selectors.surveys_for(membership.partnership))
    answered = set(membership.survey_responses.values_list("survey_id", flat=True))
    today = _today()
    for survey in surveys:
        survey.open_now = survey.is_open(today)
    return _page(
        request,
        "survey_list.html",
        membership,
        surveys=surveys,
        answered=answered,
        can_manage=membership.role in MANAGE,
        can_read_results=membership.role in READ_RESULTS,
        years=CycleYear.objects.filter(cycle__partnership=membership.partnership).select_related(
            "cycle"
        ),
    )


@login_required
def survey_new(request: HttpRequest, slug: str, year_id: int) -> HttpResponse:
    membership = access.require_member(request, slug, MANAGE)
    year = _year(membership, year_id)
    templates = services.survey_templates()
    blank = request.method == "POST" and "template" not in request.POST
    form = SurveyForm(request.POST if blank else None, initial={"audience": Survey.Audience.PUBLIC})
    template_form = TemplateSurveyForm(
        request.POST if request.method == "POST" and not blank else None, templates=templates
    )
    chosen = form if blank else template_form
    if request.method == "POST" and chosen.is_valid():
        try:
            if blank:
                survey = services.save_survey(year=year, created_by=membership, **form.cleaned_data)
            else:
                survey = services.create_survey_from_template(
                    year=year,
                    created_by=membership,
                    template_key=template_form.cleaned_data["template"],
                    opens_on=template_form.cleaned_data["opens_on"],
                    closes_on=template_form.cleaned_data["closes_on"],
                )
        except ValidationError as error:
            add_service_errors(chosen, error)
        else:
            messages.success(
                request, f"{survey.title} created as a draft. Add or check its questions."
            )
            return redirect(survey)
    return _page(
        request,
        "survey_new.html",
        membership,
        year=year,
        form=form,
        template_form=template_form,
    )


@login_required
def survey_detail(request: HttpRequest, slug: str, survey_id: int) -> HttpResponse:
    membership = access.require_member(request, slug, MANAGE)
    survey = _survey(membership, survey_id)
    public_link = request.build_absolute_uri(
        reverse("consultation_public:survey", args=[survey.public_key])
    )
    return _page(
        request,
        "survey_detail.html",
        membership,
        survey=survey,
        questions=list(survey.questions.all()),
        transitions=survey.transitions.select_related("by__user"),
        public_link=public_link,
        token_count=survey.tokens.count(),
        unused_tokens=survey.tokens.filter(used_at__isnull=True).count(),
        token_form=TokenForm(),
        open_now=survey.is_open(_today()),
        response_count=survey.responses.count(),
    )


@login_required
def survey_edit(request: HttpRequest, slug: str, survey_id: int) -> HttpResponse:
    membership = access.require_member(request, slug, MANAGE)
    survey = _survey(membership, survey_id)
    initial = {
        f: getattr(survey, f)
        for f in [
            "title",
            "audience",
            "opens_on",
            "closes_on",
            "introduction",
            "privacy_notice",
            "requires_token",
        ]
    }
    form = SurveyForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_survey(year=survey.year, survey=survey, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Survey saved.")
            return redirect(survey)
    return _page(
        request,
        "form_page.html",
        membership,
        form=form,
        heading=f"Edit {survey.title}",
        back=(survey.title, survey.get_absolute_url()),
    )


@login_required
def question_edit(
    request: HttpRequest, slug: str, survey_id: int, question_id: int | None = None
) -> HttpResponse:
    membership = access.require_member(request, slug, MANAGE)
    survey = _survey(membership, survey_id)
    question = get_object_or_404(Question, pk=question_id, survey=survey) if question_id else None
    initial = {}
    if question:
        initial = {
            "text": question.text,
            "kind": question.kind,
            "help_text": question.help_text,
            "required": question.required,
            "options": "\n".join(question.options),
        }
    form = QuestionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_question(survey=survey, question=question, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Question saved.")
            return redirect(survey)
    return _page(
        request,
        "form_page.html",
        membership,
        form=form,
        heading="Edit question" if question else f"Add a question to {survey.title}",
        back=(survey.title, survey.get_absolute_url()),
        delete_url=reverse("consultation:question_delete", args=[slug, survey.pk, question.pk])
        if question
        else None,
    )


@require_POST
@login_required
def question_delete(request: HttpRequest, slug: str, survey_id: int, question_id: int):
    membership = access.require_member(request, slug, MANAGE)
    survey = _survey(membership, survey_id)
    question = get_object_or_404(Question, pk=question_id, survey=survey)
    try:
        services.delete_question(question=question)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, "Question removed.")
    return redirect(survey)


@require_POST
@login_required
def survey_status(request: HttpRequest, slug: str, survey_id: int, action: str) -> HttpResponse:
    membership = access.require_member(request, slug, MANAGE)
    survey = _survey(membership, survey_id)
    try:
        if action == "publish":
            services.publish_survey(survey=survey, by=membership, today=_today())
            messages.success(request, f"{survey.title} is published.")
        else:
            services.close_survey(survey=survey, by=membership)
            messages.success(request, f"{survey.title} is closed.")
    except ValidationError as error:
        messages.error(request, _error_text(error))
    return redirect(survey)


@require_POST
@login_required
def survey_tokens(request: HttpRequest, slug: str, survey_id: int) -> HttpResponse:
    """Make one-use links and download every unused link as CSV to send out."""
    membership = access.require_member(request, slug, MANAGE)
    survey = _survey(membership, survey_id)
    form = TokenForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Make between 1 and 500 links.")
        return redirect(survey)
    try:
        services.create_tokens(survey=survey, count=form.cleaned_data["count"])
    except ValidationError as error:
        messages.error(request, _error_text(error))
        return redirect(survey)
    base = request.build_absolute_uri(
        reverse("consultation_public:survey", args=[survey.public_key])
    )
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["Link"])
    for token in survey.tokens.filter(used_at__isnull=True).values_list("token", flat=True):
        writer.writerow([f"{base}?t={token}"])
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="survey-{survey.pk}-links.csv"'
    return response


@login_required
def survey_answer(request: HttpRequest, slug: str, survey_id: int) -> HttpResponse:
    """A partner survey, answered by a signed-in member, once."""
    membership = access.require_member(request, slug)
    survey = _survey(membership, survey_id)
    if survey.audience != Survey.Audience.PARTNER:
        raise PermissionDenied("Public surveys are answered through their public link.")
    if not survey.is_open(_today()):
        return _page(request, "survey_closed_member.html", membership, survey=survey)
    if survey.responses.filter(respondent=membership).exists():
        messages.info(request, "You have already answered this survey. Thank you.")
        return redirect("consultation:surveys", slug=slug)
    questions = list(survey.questions.all())
    titles = services.ranking_options(survey)
    form = ResponseForm(request.POST or None, questions=questions, titles=titles)
    if request.method == "POST" and form.is_valid():
        answers = form.answers()
        if form.is_valid():
            try:
                services.submit_response(
                    survey=survey,
                    answers=answers,
                    submission_id=form.cleaned_data["submission_id"],
                    respondent=membership,
                    today=_today(),
                )
            except ValidationError as error:
                _response_errors(form, error)
            else:
                messages.success(request, "Thank you. Your answers have been saved.")
                return redirect("consultation:surveys", slug=slug)
    return _page(request, "survey_answer.html", membership, survey=survey, form=form, public=False)


def _response_errors(form: ResponseForm, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        form.add_service_errors(error.message_dict)
    else:
        form.add_error(None, error.messages)


@login_required
def survey_results(request: HttpRequest, slug: str, survey_id: int) -> HttpResponse:
    membership = access.require_member(request, slug, READ_RESULTS)
    survey = _survey(membership, survey_id)
    moderator = membership.role in MANAGE
    respondents, results = selectors.survey_results(survey, moderator=moderator)
    return _page(
        request,
        "survey_results.html",
        membership,
        survey=survey,
        respondents=respondents,
        results=results,
        moderator=moderator,
        rule=rules.SUGGESTION_RULE,
    )


@login_required
def survey_export(request: HttpRequest, slug: str, survey_id: int, fmt: str) -> HttpResponse:
    membership = access.require_member(request, slug, READ_RESULTS)
    survey = _survey(membership, survey_id)
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
    membership = access.require_member(request, slug, MANAGE)
    survey = _survey(membership, survey_id)
    answer = get_object_or_404(
        Answer.objects.select_related("question"), pk=answer_id, response__survey=survey
    )
    form = ModerationForm(
        request.POST or None,
        initial={"action": Answer.Moderation.REDACTED, "redacted_text": answer.published_text},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.moderate_answer(answer=answer, by=membership, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Answer moderated. The history keeps the change.")
            return redirect(
                reverse("consultation:results", args=[slug, survey.pk]) + f"#answer-{answer.pk}"
            )
    return _page(
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
    membership = access.require_member(request, slug, MANAGE)
    survey = _survey(membership, survey_id)
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
            batch = services.import_responses(
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
    return _page(
        request,
        "survey_import.html",
        membership,
        survey=survey,
        form=form,
        imports=survey.imports.select_related("by__user"),
    )


# Emerging issues -------------------------------------------------------------------


@login_required
def emerging_list(request: HttpRequest, slug: str) -> HttpResponse:
    membership = access.require_member(request, slug)
    form = EmergingIssueForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.log_emerging_issue(
                partnership=membership.partnership, by=membership, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Emerging issue logged. The analyst will triage it.")
            return redirect("consultation:emerging", slug=slug)
    return _page(
        request,
        "emerging_list.html",
        membership,
        form=form,
        emerging=list(selectors.emerging_issues_for(membership.partnership)),
        can_manage=membership.role in MANAGE,
    )


@login_required
def emerging_triage(request: HttpRequest, slug: str, emerging_id: int) -> HttpResponse:
    membership = access.require_member(request, slug, MANAGE)
    emerging = get_object_or_404(
        EmergingIssue.objects.select_related("logged_by__user"),
        pk=emerging_id,
        partnership=membership.partnership,
    )
    form = TriageForm(request.POST or None, partnership=membership.partnership)
    if request.method == "POST" and form.is_valid():
        try:
            if form.cleaned_data["decision"] == "add":
                issue = services.add_emerging_to_long_list(
                    emerging=emerging, by=membership, year=form.cleaned_data["year"]
                )
                messages.success(
                    request, f"{issue.title} is on the long list for year {issue.year.number}."
                )
            else:
                services.close_emerging_issue(
                    emerging=emerging, by=membership, reason=form.cleaned_data["reason"]
                )
                messages.success(request, f"{emerging.title} closed.")
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("consultation:emerging", slug=slug)
    return _page(
        request,
        "emerging_triage.html",
        membership,
        emerging=emerging,
        form=form,
        transitions=emerging.transitions.select_related("by__user"),
    )
