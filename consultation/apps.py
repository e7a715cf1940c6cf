from django.apps import AppConfig


class ConsultationConfig(AppConfig):
    name = "consultation"

    def ready(self) -> None:
        from cycles.dashboard import register

        from .dashboard import rationales_to_write

        register(rationales_to_write)
