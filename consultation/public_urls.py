"""Public survey links (no sign-in), mounted at /survey/."""

from django.urls import path

from . import public_views

app_name = "consultation_public"

urlpatterns = [
    path("<str:key>/", public_views.survey, name="survey"),
    path("<str:key>/thanks/", public_views.thanks, name="thanks"),
]
