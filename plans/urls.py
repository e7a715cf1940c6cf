from django.urls import path

from . import views

app_name = "plans"

urlpatterns = [
    path("", views.index, name="index"),
    path("start/", views.start, name="start"),
    path("<int:plan_id>/", views.plan, name="plan"),
    path("<int:plan_id>/edit/", views.edit, name="edit"),
    path("<int:plan_id>/refresh/", views.refresh, name="refresh"),
    path("<int:plan_id>/decision/", views.decision, name="decision"),
    path("<int:plan_id>/publish/", views.publish, name="publish"),
    path("<int:plan_id>/send/", views.send, name="send"),
    path("<int:plan_id>/pdf/", views.pdf_request, name="pdf"),
    path("<int:plan_id>/changes/", views.changes_page, name="changes"),
    path("pdfs/<int:render_id>/", views.pdf_download, name="pdf_download"),
]
