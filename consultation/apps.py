from django.apps import AppConfig


class ConsultationConfig(AppConfig):
    name = "consultation"

    def ready(self) -> None:
        from cycles.dashboard import register

        from .dashboard import rationales_to_write

        register(rationales_to_write)

        # E-mails about what needs doing (notifications app).
        from notifications.kinds import register_kind

        from .notices import REVIEWED

        register_kind(REVIEWED)
