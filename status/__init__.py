"""Service status: the Celery health check and the page that shows broker and worker health."""
