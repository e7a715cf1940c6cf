from django.apps import AppConfig


class ConsultationConfig(AppConfig):
    name = "consultation"

    def ready(self) -> None:
        from csp_assessment.retention import register_handler
        from cycles.dashboard import register

        from .dashboard import rationales_to_write
        from .services.retention import expire_consultation

        register(rationales_to_write)
        register_handler("consultation", expire_consultation)
