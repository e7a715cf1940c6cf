from django.apps import AppConfig


class AnalysisConfig(AppConfig):
    name = "analysis"

    def ready(self) -> None:
        from csp_assessment.retention import register_handler
        from cycles.dashboard import register

        from .dashboard import agreements_for_review, sources_overdue
        from .retention import expire_uploads

        register_handler("analysis", expire_uploads)

        # The dashboard lists overdue data sources and agreements due for review.
        register(sources_overdue)
        register(agreements_for_review)

        from cycles.calendar import register as register_in_calendar

        from .calendar_events import agreement_reviews

        # The calendar feed shows agreements' review dates to those who keep the register.
        register_in_calendar(agreement_reviews)

        # Emails (notifications app): an agreement due for review, from 30 days before.
        from notifications.kinds import register_check, register_kind

        from .notices import AGREEMENT_REVIEW, agreements_due

        register_kind(AGREEMENT_REVIEW)
        register_check(agreements_due)
