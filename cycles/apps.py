from django.apps import AppConfig


class CyclesConfig(AppConfig):
    name = "cycles"

    def ready(self) -> None:
        from .calendar import register
        from .calendar_events import activities_due

        # The calendar feed lists the activities a person owns (apps to the right add theirs).
        register(activities_due)
