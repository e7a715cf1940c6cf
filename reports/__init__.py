"""Reports: assessment sections and narrative, render runs on Celery workers, and the
PDF archive."""
