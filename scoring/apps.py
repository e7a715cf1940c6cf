from django.apps import AppConfig


class ScoringConfig(AppConfig):
    name = "scoring"

    def ready(self) -> None:
        from cycles.dashboard import register

        from .dashboard import open_sheets

        register(open_sheets)

        from cycles.calendar import register as register_in_calendar

        from .calendar_events import sheets_due

        # The calendar feed shows when each sheet the person must submit is due.
        register_in_calendar(sheets_due)
