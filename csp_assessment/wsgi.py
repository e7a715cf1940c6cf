"""WSGI entry point (gunicorn csp_assessment.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "csp_assessment.settings")
application = get_wsgi_application()
