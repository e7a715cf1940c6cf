from django.urls import path

from . import views

app_name = "analysis"

urlpatterns = [
    path("", views.index, name="index"),
    path("crime/", views.latest_police, name="crime"),
    path("upload/", views.police_upload, name="upload"),
    path("upload/partner/", views.partner_upload, name="partner_upload"),
    path("uploads/<int:upload_id>/", views.upload_detail, name="upload_detail"),
    path("datasets/<int:dataset_id>/", views.dataset_analysis, name="dataset"),
    path(
        "datasets/<int:dataset_id>/export/<slug:table>.<str:fmt>",
        views.export,
        name="export",
    ),
]
