from django.urls import path

from .views import answering, emerging, overview, rationales, survey_results, surveys

app_name = "consultation"

urlpatterns = [
    path("", overview.index, name="index"),
    path("rationale/", rationales.rationale_list, name="rationales"),
    path(
        "rationale/years/<int:year_id>/request/",
        rationales.rationale_request,
        name="rationale_request",
    ),
    path("rationale/<int:rationale_id>/", rationales.rationale_detail, name="rationale"),
    path("rationale/<int:rationale_id>/write/", rationales.rationale_write, name="rationale_write"),
    path(
        "rationale/<int:rationale_id>/attach/", rationales.rationale_attach, name="rationale_attach"
    ),
    path(
        "rationale/<int:rationale_id>/review/", rationales.rationale_review, name="rationale_review"
    ),
    path(
        "rationale/<int:rationale_id>/files/<int:attachment_id>/",
        rationales.attachment_download,
        name="attachment",
    ),
    path(
        "rationale/<int:rationale_id>/files/<int:attachment_id>/remove/",
        rationales.attachment_remove,
        name="attachment_remove",
    ),
    path("surveys/", surveys.survey_list, name="surveys"),
    path("surveys/years/<int:year_id>/new/", surveys.survey_new, name="survey_new"),
    path("surveys/<int:survey_id>/", surveys.survey_detail, name="survey"),
    path("surveys/<int:survey_id>/edit/", surveys.survey_edit, name="survey_edit"),
    path("surveys/<int:survey_id>/delete/", surveys.survey_delete, name="survey_delete"),
    path("surveys/<int:survey_id>/questions/new/", surveys.question_edit, name="question_new"),
    path(
        "surveys/<int:survey_id>/questions/<int:question_id>/",
        surveys.question_edit,
        name="question_edit",
    ),
    path(
        "surveys/<int:survey_id>/questions/<int:question_id>/delete/",
        surveys.question_delete,
        name="question_delete",
    ),
    path(
        "surveys/<int:survey_id>/publish/",
        surveys.survey_status,
        {"action": "publish"},
        name="survey_publish",
    ),
    path(
        "surveys/<int:survey_id>/close/",
        surveys.survey_status,
        {"action": "close"},
        name="survey_close",
    ),
    path("surveys/<int:survey_id>/links/", surveys.survey_tokens, name="survey_tokens"),
    path("surveys/<int:survey_id>/answer/", answering.survey_answer, name="survey_answer"),
    path("surveys/<int:survey_id>/results/", survey_results.survey_results, name="results"),
    path(
        "surveys/<int:survey_id>/responses.csv",
        survey_results.survey_export,
        {"fmt": "csv"},
        name="export_csv",
    ),
    path(
        "surveys/<int:survey_id>/responses.xlsx",
        survey_results.survey_export,
        {"fmt": "xlsx"},
        name="export_xlsx",
    ),
    path(
        "surveys/<int:survey_id>/answers/<int:answer_id>/moderate/",
        survey_results.answer_moderate,
        name="moderate",
    ),
    path("surveys/<int:survey_id>/import/", survey_results.survey_import, name="survey_import"),
    path("emerging/", emerging.emerging_list, name="emerging"),
    path("emerging/<int:emerging_id>/triage/", emerging.emerging_triage, name="emerging_triage"),
]
