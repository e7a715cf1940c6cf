"""The health task: proves a worker took a message off the broker and wrote to the database."""

from celery import shared_task

from . import services


@shared_task(name="status.answer_health_check")
def answer_health_check(check_id: int) -> str:
    import socket

    return services.answer_health_check(check_id=check_id, worker=socket.gethostname())
