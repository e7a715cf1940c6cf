from django.urls import path

from . import views

app_name = "status"

urlpatterns = [
    path("", views.status_page, name="page"),
    path("check/", views.send_check, name="check"),
]
