from django.apps import AppConfig


class PrioritiesConfig(AppConfig):
    name = "priorities"

    def ready(self) -> None:
        from cycles.dashboard import register

        from .dashboard import actions_owned, decisions_waiting

        register(actions_owned)
        register(decisions_waiting)
