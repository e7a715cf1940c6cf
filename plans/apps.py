from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "plans"
    verbose_name = "Partnership plan"

    def ready(self) -> None:
        from cycles.dashboard import register

        from .dashboard import plan_revision, plan_steps

        # Those who draft the plan see what its versions still need, and when the
        # year's revision is due.
        register(plan_steps)
        register(plan_revision)

        # The published priorities page links on to the published plan.
        from priorities.public_links import register as register_public_link

        from .public import plan_link

        register_public_link(plan_link)

        # The meeting page lists the board's decisions on the plan under their item.
        from priorities.meeting_papers import register as register_papers

        from .meeting_papers import plan_decisions

        register_papers(plan_decisions)
