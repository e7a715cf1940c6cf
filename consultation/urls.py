from django.urls import path

from . import views

app_name = "consultation"

urlpatterns = [
    path("", views.index, name="index"),
    path("rationale/", views.rationale_list, name="rationales"),
    path(
        "rationale/years/<int:year_id>/request/", views.rationale_request, name="rationale_request"
    ),
    path("rationale/<int:rationale_id>/", views.rationale_detail, name="rationale"),
    path("rationale/<int:rationale_id>/write/", views.rationale_write, name="rationale_write"),
    path("rationale/<int:rationale_id>/attach/", views.rationale_attach, name="rationale_attach"),
    path("rationale/<int:rationale_id>/review/", views.rationale_review, name="rationale_review"),
    path(
        "rationale/<int:rationale_id>/files/<int:attachment_id>/",
        views.attachment_download,
        name="attachment",
    ),
    path(
        "rationale/<int:rationale_id>/files/<int:attachment_id>/remove/",
        views.attachment_remove,
        name="attachment_remove",
    ),
    path("surveys/", views.survey_list, name="surveys"),
    path("surveys/years/<int:year_id>/new/", views.survey_new, name="survey_new"),
    path("surveys/<int:survey_id>/", views.survey_detail, name="survey"),
    path("surveys/<int:survey_id>/edit/", views.survey_edit, name="survey_edit"),
    path("surveys/<int:survey_id>/questions/new/", views.question_edit, name="question_new"),
    path(
        "surveys/<int:survey_id>/questions/<int:question_id>/",
        views.question_edit,
        name="question_edit",
    ),
    path(
        "surveys/<int:survey_id>/questions/<int:question_id>/delete/",
        views.question_delete,
        name="question_delete",
    ),
    path(
        "surveys/<int:survey_id>/publish/",
        views.survey_status,
        {"action": "publish"},
        name="survey_publish",
    ),
    path(
        "surveys/<int:survey_id>/close/",
        views.survey_status,
        {"action": "close"},
        name="survey_close",
    ),
    path("surveys/<int:survey_id>/links/", views.survey_tokens, name="survey_tokens"),
    path("surveys/<int:survey_id>/answer/", views.survey_answer, name="survey_answer"),
    path("surveys/<int:survey_id>/results/", views.survey_results, name="results"),
    path(
        "surveys/<int:survey_id>/responses.csv",
        views.survey_export,
        {"fmt": "csv"},
        name="export_csv",
    ),
    path(
        "surveys/<int:survey_id>/responses.xlsx",
        views.survey_export,
        {"fmt": "xlsx"},
        name="export_xlsx",
    ),
    path(
        "surveys/<int:survey_id>/answers/<int:answer_id>/moderate/",
        views.answer_moderate,
        name="moderate",
    ),
    path("surveys/<int:survey_id>/import/", views.survey_import, name="survey_import"),
    path("emerging/", views.emerging_list, name="emerging"),
    path("emerging/<int:emerging_id>/triage/", views.emerging_triage, name="emerging_triage"),
]
