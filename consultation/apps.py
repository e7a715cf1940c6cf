from django.apps import AppConfig


class ConsultationConfig(AppConfig):
    name = "consultation"

    def ready(self) -> None:
        from csp_assessment.retention import register_handler
        from cycles.dashboard import register

        from .dashboard import rationales_to_write
        from .services.retention import expire_consultation

        register(rationales_to_write)

        from cycles.calendar import register as register_in_calendar

        from .calendar_events import rationales_due

        # The calendar feed shows when each rationale document asked of the person is due.
        register_in_calendar(rationales_due)
        register_handler("consultation", expire_consultation)
        # A person named on a rationale document is not removed (they may be marked
        # as left); the person's page says so before anyone tries.
        from partnerships.services import register_records_held

        from .selectors import rationales_asked_of

        register_records_held(rationales_asked_of)
        # Emails about what needs doing (notifications app).
        from notifications.kinds import register_kind

        from .notices import REVIEWED

        register_kind(REVIEWED)
