from django.apps import AppConfig


class PrioritiesConfig(AppConfig):
    name = "priorities"

    def ready(self) -> None:
        # Scoring may not import priorities, yet a round stays closed once the board
        # has decided on its ranking: tell scoring how to ask.
        from scoring.selectors import answer_board_decided

        from .selectors import board_decided_on

        answer_board_decided(board_decided_on)
