from django.apps import AppConfig


class ScoringConfig(AppConfig):
    name = "scoring"

    def ready(self) -> None:
        from cycles.dashboard import register

        from .dashboard import open_sheets

        register(open_sheets)
