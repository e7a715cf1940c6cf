from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "Reports"

    def ready(self) -> None:
        from csp_assessment.retention import register_agreed_assessments
        from cycles.dashboard import register

        from .dashboard import comments_waiting, finals_to_send
        from .selectors import assessments_agreed_on

        register(comments_waiting)
        register(finals_to_send)
        register_agreed_assessments(assessments_agreed_on)

        # E-mails about what needs doing (notifications app).
        from notifications.kinds import register_kind

        from .notices import COMMENTED

        register_kind(COMMENTED)
