"""Text made to fit a small space on screen."""


def shorten(text: str, limit: int) -> str:
    """`text` as it is when it has at most `limit` characters; otherwise cut to
    `limit` characters, the last an ellipsis, so a reader sees it goes on."""
    return text if len(text) <= limit else text[: limit - 1] + "…"
