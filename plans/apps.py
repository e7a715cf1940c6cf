from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "plans"
    verbose_name = "Partnership plan"

    def ready(self) -> None:
        from cycles.dashboard import register

        from .dashboard import plan_steps

        # Those who draft the plan see what its versions still need.
        register(plan_steps)
