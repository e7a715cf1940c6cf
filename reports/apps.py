from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "Reports"

    def ready(self) -> None:
        from cycles.dashboard import register

        from .dashboard import comments_waiting

        register(comments_waiting)

        # E-mails about what needs doing (notifications app).
        from notifications.kinds import register_kind

        from .notices import COMMENTED

        register_kind(COMMENTED)
