from django.apps import AppConfig


class ScoringConfig(AppConfig):
    name = "scoring"

    def ready(self) -> None:
        from . import round_cache

        # Every save of a score, sheet, interest or agreed value moves its round on.
        round_cache.connect()
        from cycles.dashboard import register

        from .dashboard import open_sheets

        register(open_sheets)

        from cycles.calendar import register as register_in_calendar

        from .calendar_events import sheets_due

        # The calendar feed shows when each sheet the person must submit is due.
        register_in_calendar(sheets_due)
        # Emails: a round opened with you as a scorer; your sheet due in three days.
        from notifications.kinds import register_check, register_kind

        from .notices import ROUND_OPENED, SHEET_DUE, sheets_due

        register_kind(ROUND_OPENED)
        register_kind(SHEET_DUE)
        register_check(sheets_due)
        # A person whose scores count is not removed from the partnership (that would
        # delete the scores); the refusal says so.
        from partnerships.services import register_records_held

        from .selectors import rounds_scored_by

        register_records_held(rounds_scored_by)
