from django.urls import path

from . import views

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
]
