from django.urls import path

from .views import matrices, moderation, ranking, rounds, sheets, workbooks

app_name = "scoring"

urlpatterns = [
    path("", rounds.round_list, name="rounds"),
    path("years/<int:year_id>/rounds/new/", rounds.round_new, name="round_new"),
    path("rounds/<int:round_id>/", rounds.round_detail, name="round"),
    path("rounds/<int:round_id>/scorers/", rounds.scorers, name="scorers"),
    path("rounds/<int:round_id>/open/", rounds.round_open, name="open"),
    path("rounds/<int:round_id>/close/", rounds.round_close, name="close"),
    path("rounds/<int:round_id>/reopen/", rounds.round_reopen, name="reopen"),
    path("rounds/<int:round_id>/workbook/", workbooks.round_export, name="round_export"),
    path("rounds/<int:round_id>/sheet/", sheets.sheet, name="sheet"),
    path("rounds/<int:round_id>/sheet/reopen/", sheets.sheet_reopen, name="sheet_reopen"),
    path("rounds/<int:round_id>/sheet/workbook/", workbooks.sheet_export, name="sheet_export"),
    path("rounds/<int:round_id>/sheet/import/", workbooks.sheet_import, name="sheet_import"),
    path(
        "rounds/<int:round_id>/sheet/issues/<int:issue_id>/",
        sheets.sheet_issue,
        name="sheet_issue",
    ),
    path(
        "rounds/<int:round_id>/sheet/issues/<int:issue_id>/interest/",
        sheets.sheet_interest,
        name="sheet_interest",
    ),
    path(
        "rounds/<int:round_id>/sheets/<int:sheet_id>/workbook/",
        workbooks.sheet_export_for,
        name="sheet_export_for",
    ),
    path(
        "rounds/<int:round_id>/sheets/<int:sheet_id>/import/",
        workbooks.sheet_import_for,
        name="sheet_import_for",
    ),
    path("rounds/<int:round_id>/moderation/", moderation.moderation, name="moderation"),
    path(
        "rounds/<int:round_id>/moderation/<int:issue_id>/",
        moderation.moderate_issue,
        name="moderate_issue",
    ),
    path("rounds/<int:round_id>/ranking/", ranking.ranking, name="ranking"),
    path("matrices/", matrices.matrix_list, name="matrices"),
    path("matrices/<int:matrix_id>/", matrices.matrix_detail, name="matrix"),
    path("matrices/<int:matrix_id>/copy/", matrices.matrix_copy, name="matrix_copy"),
    path("matrices/<int:matrix_id>/edit/", matrices.matrix_edit, name="matrix_edit"),
    path("criteria/<int:criterion_id>/edit/", matrices.criterion_edit, name="criterion_edit"),
]
