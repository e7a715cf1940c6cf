from django.urls import path

from . import publish_views, views

app_name = "reports"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:report_id>/", views.report_page, name="report"),
    path("<int:report_id>/render/", views.request_render, name="render"),
    path("<int:report_id>/final/", views.final_check, name="final"),
    path("<int:report_id>/agreed/", views.final_check, {"state": "agreed"}, name="agreed"),
    path("<int:report_id>/send/", views.send_to_board, name="send"),
    path("<int:report_id>/period/", views.analysis_period, name="period"),
    path("<int:report_id>/sections/<slug:key>/", views.section_page, name="section"),
    path("<int:report_id>/sections/<slug:key>/preview/", views.preview, name="preview"),
    path("<int:report_id>/sections/<slug:key>/comments/", views.add_comment, name="comment"),
    path("comments/<int:comment_id>/resolve/", views.resolve_comment, name="resolve_comment"),
    path("runs/<int:run_id>/status/", views.run_status, name="run_status"),
    path("runs/<int:run_id>/download/", views.download, name="download"),
    path("runs/<int:run_id>/publish/", publish_views.publish, name="publish"),
    path("public-summary/withdraw/", publish_views.withdraw, name="withdraw"),
]
