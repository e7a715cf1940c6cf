"""The daily retention run: each partnership's settings turned into deadlines, every
app's registered expiry handler asked to act on them, and a `RetentionRun` recording
what was done (see docs/data-protection.md)."""

import calendar
import logging
from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone

from csp_assessment import retention

from .models import EraseOriginals, Keep, Partnership, RetentionRun

log = logging.getLogger(__name__)


def months_after(day: date, months: int) -> date:
    """The same day `months` later, or that month's last day (31 January + 1 = 28/29 February)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def kept_until(*, rule: str, months: int, kept_from: date, agreed_days: list[date]) -> date | None:
    """The last day a record kept from `kept_from` is kept, or None while nothing ends it.

    The next strategic assessment is the first one agreed after `kept_from`."""
    if rule == Keep.MONTHS:
        return months_after(kept_from, months)
    return next((day for day in sorted(agreed_days) if day > kept_from), None)


def deadlines_for(partnership: Partnership) -> retention.Deadlines:
    agreed = retention.agreed_assessment_days(partnership)
    return retention.Deadlines(
        responses_expire=lambda closed_on: kept_until(
            rule=partnership.responses_kept,
            months=partnership.responses_months,
            kept_from=closed_on,
            agreed_days=agreed,
        ),
        files_expire=lambda uploaded_on: kept_until(
            rule=partnership.files_kept,
            months=partnership.files_months,
            kept_from=uploaded_on,
            agreed_days=agreed,
        ),
        erase_originals_at_once=partnership.originals_erased == EraseOriginals.AT_ONCE,
    )


def run_retention(*, partnership: Partnership, today: date | None = None) -> RetentionRun | None:
    """Delete or anonymise what has expired for one partnership, once a day.

    The run row claims the day: a second call the same day returns None and does
    nothing. Each handler only touches what is not yet done, so a later day's run
    finds nothing twice either."""
    today = today or timezone.localdate()
    try:
        with transaction.atomic():
            run = RetentionRun.objects.create(partnership=partnership, run_on=today)
    except IntegrityError:
        return None
    deadlines = deadlines_for(partnership)
    done: list[dict] = []
    try:
        for key, handler in retention.handlers():
            with transaction.atomic():
                for row in handler(partnership, deadlines, today):
                    if row.count:
                        done.append({"what": row.what, "count": row.count, "by": key})
    except Exception as error:  # recorded on the run, then raised for the worker's log
        log.exception("Retention run %s failed", run.pk)
        RetentionRun.objects.filter(pk=run.pk).update(
            done=done, error=str(error)[:1000], finished_at=timezone.now()
        )
        raise
    RetentionRun.objects.filter(pk=run.pk).update(done=done, finished_at=timezone.now())
    run.refresh_from_db()
    return run


def run_retention_everywhere(*, today: date | None = None) -> int:
    """Every partnership's run for today; how many ran (not already run today)."""
    ran, failed = 0, []
    for partnership in Partnership.objects.order_by("pk"):
        # One partnership's failure (recorded on its run) must not stop the others'.
        try:
            if run_retention(partnership=partnership, today=today) is not None:
                ran += 1
        except Exception:  # noqa: BLE001 - logged and recorded by run_retention
            failed.append(partnership.pk)
    if failed:
        log.error("Retention runs failed for partnerships %s", failed)
    return ran
