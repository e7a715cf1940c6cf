"""The Celery app. Broker and result settings come from Django settings (CELERY_*)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "csp_assessment.settings")

app = Celery("csp_assessment")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
