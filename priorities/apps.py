from django.apps import AppConfig


class PrioritiesConfig(AppConfig):
    name = "priorities"

    def ready(self) -> None:
        # Apps to the left may not import priorities: tell them how to ask it.
        from cycles.dashboard import register, register_panel
        from scoring.selectors import answer_board_decided

        from .dashboard import actions_owned, cycle_priorities_panel, decisions_waiting, group_work
        from .selectors import board_decided_on

        # A round stays closed once the board has decided on its ranking.
        answer_board_decided(board_decided_on)
        # The dashboard lists the actions a person owns and decisions waiting for the board.
        register(actions_owned)
        register(decisions_waiting)
        # And what the groups they belong to must do.
        register(group_work)
        # Non-priorities flagged on the watchlist, for those who write the review.
        from .review_dashboard import watchlist_flags

        register(watchlist_flags)
        # Board papers waiting on those who run the cycle: terms and six-month reviews.
        from .board_papers_dashboard import reviews_waiting, terms_waiting

        register(terms_waiting)
        register(reviews_waiting)
        # The meeting page lists the papers each item dealt with; priorities' own first.
        from .meeting_papers import register as register_papers
        from .meeting_papers import review_decisions, terms_decisions

        register_papers(terms_decisions)
        register_papers(review_decisions)
        # And progress against the cycle's priorities, whichever year of the cycle it is.
        register_panel(cycle_priorities_panel)

        from cycles.calendar import register as register_in_calendar

        from . import calendar_events

        # The calendar feed: meetings, six-month reviews, actions owned, groups' questions.
        register_in_calendar(calendar_events.meetings)
        register_in_calendar(calendar_events.reviews)
        register_in_calendar(calendar_events.actions_due)
        register_in_calendar(calendar_events.questions_due)
        # Evidence files expire under the partnership's retention settings.
        from csp_assessment.retention import register_handler

        from .retention import expire_evidence_files

        register_handler("priorities", expire_evidence_files)
        # Emails (notifications app): an action you own due; the six-month review due.
        from notifications.kinds import register_check, register_kind

        from .notices import ACTION_DUE, REVIEW_DUE, actions_due
        from .services.proposals import send_due_review_reminders

        register_kind(ACTION_DUE)
        register_kind(REVIEW_DUE)
        register_check(actions_due)
        register_check(send_due_review_reminders)
        # A closed public survey's page links on to its "you said, we did" page.
        from consultation.public_links import after_survey

        from .you_said_selectors import after_survey_link

        after_survey.add(after_survey_link)
