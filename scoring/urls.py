from django.urls import path

from . import views

app_name = "scoring"

urlpatterns = [
    path("", views.round_list, name="rounds"),
    path("years/<int:year_id>/rounds/new/", views.round_new, name="round_new"),
    path("rounds/<int:round_id>/", views.round_detail, name="round"),
    path("rounds/<int:round_id>/scorers/", views.scorers, name="scorers"),
    path("rounds/<int:round_id>/open/", views.round_status, {"action": "open"}, name="open"),
    path("rounds/<int:round_id>/close/", views.round_status, {"action": "close"}, name="close"),
    path("rounds/<int:round_id>/workbook/", views.round_export, name="round_export"),
    path("rounds/<int:round_id>/sheet/", views.sheet, name="sheet"),
    path("rounds/<int:round_id>/sheet/reopen/", views.sheet_reopen, name="sheet_reopen"),
    path("rounds/<int:round_id>/sheet/workbook/", views.sheet_export, name="sheet_export"),
    path("rounds/<int:round_id>/sheet/import/", views.sheet_import, name="sheet_import"),
    path(
        "rounds/<int:round_id>/sheet/issues/<int:issue_id>/",
        views.sheet_issue,
        name="sheet_issue",
    ),
    path(
        "rounds/<int:round_id>/sheets/<int:sheet_id>/workbook/",
        views.sheet_export_for,
        name="sheet_export_for",
    ),
    path(
        "rounds/<int:round_id>/sheets/<int:sheet_id>/import/",
        views.sheet_import_for,
        name="sheet_import_for",
    ),
    path("rounds/<int:round_id>/moderation/", views.moderation, name="moderation"),
    path(
        "rounds/<int:round_id>/moderation/<int:issue_id>/",
        views.moderate_issue,
        name="moderate_issue",
    ),
    path("rounds/<int:round_id>/ranking/", views.ranking, name="ranking"),
    path("matrices/", views.matrix_list, name="matrices"),
    path("matrices/<int:matrix_id>/", views.matrix_detail, name="matrix"),
    path("matrices/<int:matrix_id>/copy/", views.matrix_copy, name="matrix_copy"),
    path("matrices/<int:matrix_id>/edit/", views.matrix_edit, name="matrix_edit"),
    path("criteria/<int:criterion_id>/edit/", views.criterion_edit, name="criterion_edit"),
]
