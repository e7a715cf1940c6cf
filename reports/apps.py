from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "Reports"

    def ready(self) -> None:
        from csp_assessment.retention import register_agreed_assessments
        from cycles.dashboard import register

        from .dashboard import comments_waiting, finals_to_send, summaries_to_publish
        from .selectors import assessments_agreed_on

        register(comments_waiting)
        register(finals_to_send)
        register(summaries_to_publish)
        # The meeting page lists the versions sent to each agenda item.
        from priorities.meeting_papers import register as register_papers

        from .meeting_papers import papers_sent

        register_papers(papers_sent)
        register_agreed_assessments(assessments_agreed_on)

        # Emails about what needs doing (notifications app).
        from notifications.kinds import register_kind

        from .notices import COMMENTED

        register_kind(COMMENTED)

        # The published priorities page links on to the published public summary.
        from priorities.public_links import register as register_public_link

        from .public import summary_link

        register_public_link(summary_link)
