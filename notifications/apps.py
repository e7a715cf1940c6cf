from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = "Notifications"

    def ready(self) -> None:
        from partnerships.services import register_on_leaving

        from .services import stop_unsent_from

        register_on_leaving(stop_unsent_from)
