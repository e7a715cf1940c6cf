from django.urls import path

from . import source_views, sv_views, views

app_name = "analysis"

urlpatterns = [
    path("", views.index, name="index"),
    path("crime/", views.latest_police, name="crime"),
    path("upload/", views.police_upload, name="upload"),
    path("upload/partner/", views.partner_upload, name="partner_upload"),
    path("uploads/<int:upload_id>/", views.upload_detail, name="upload_detail"),
    path(
        "uploads/<int:upload_id>/confirm-months/",
        views.upload_confirm_months,
        name="upload_confirm_months",
    ),
    path("uploads/<int:upload_id>/undo/", views.upload_undo, name="upload_undo"),
    path("datasets/<int:dataset_id>/", views.dataset_analysis, name="dataset"),
    path("datasets/<int:dataset_id>/months/", views.dataset_months, name="months"),
    path(
        "datasets/<int:dataset_id>/months/<str:month>/remove/",
        views.month_remove,
        name="month_remove",
    ),
    path("issues/", views.issue_crime_types, name="issue_crime_types"),
    path("issues/<int:issue_id>/", views.issue_crime_types_edit, name="issue_crime_types_edit"),
    path(
        "datasets/<int:dataset_id>/export/<slug:table>.<str:fmt>",
        views.export,
        name="export",
    ),
    path("sources/", source_views.sources, name="sources"),
    path("sources/new/", source_views.source_new, name="source_new"),
    path("sources/<int:source_id>/", source_views.source, name="source"),
    path("sources/<int:source_id>/edit/", source_views.source_edit, name="source_edit"),
    path("sources/<int:source_id>/deliveries/new/", source_views.receipt_new, name="receipt_new"),
    path("agreements/new/", source_views.agreement_new, name="agreement_new"),
    path("agreements/<int:agreement_id>/", source_views.agreement, name="agreement"),
    path("agreements/<int:agreement_id>/edit/", source_views.agreement_edit, name="agreement_edit"),
    path(
        "agreements/<int:agreement_id>/document/",
        source_views.agreement_document,
        name="agreement_document",
    ),
    path("serious-violence/", sv_views.serious_violence, name="serious_violence"),
    path(
        "serious-violence/years/<int:year_id>/new/",
        sv_views.participation_new,
        name="sv_new",
    ),
    path(
        "serious-violence/<int:participation_id>/edit/", sv_views.participation_edit, name="sv_edit"
    ),
]
