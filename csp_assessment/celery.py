"""The Celery app. Broker and result settings come from Django settings (CELERY_*)."""

import os

from celery import Celery

from .broker import use_for_filesystem_urls

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "csp_assessment.settings")

use_for_filesystem_urls()
app = Celery("csp_assessment")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
