"""Public survey links (no sign-in), mounted at /survey/."""

from django.urls import path

from .views import public

app_name = "consultation_public"

urlpatterns = [
    path("<str:key>/", public.survey, name="survey"),
    path("<str:key>/thanks/", public.thanks, name="thanks"),
]
