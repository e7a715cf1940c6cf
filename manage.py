#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "csp_assessment.settings")
    # Commands run by hand on a developer's machine default to DEBUG on, so they work
    # without a SECRET_KEY. Production sets DEBUG=0 in its environment (see
    # docs/operations.md); gunicorn and the workers do not go through this file.
    os.environ.setdefault("DEBUG", "1")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
