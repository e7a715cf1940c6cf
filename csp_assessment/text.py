"""Small pieces of writing: a list as a sentence gives it, text cut to fit a space, a
file's name cut to fit its column, a number as the pages print it."""

from collections.abc import Iterable

from django.template.defaultfilters import floatformat


def and_list(words: Iterable[str]) -> str:
    """Words joined as a sentence lists them: "A", "A and B", "A, B and C"."""
    words = list(words)
    return f"{', '.join(words[:-1])} and {words[-1]}" if len(words) > 1 else "".join(words)


def shorten(text: str, limit: int) -> str:
    """`text` as it is when it has at most `limit` characters; otherwise cut to
    `limit` characters, the last an ellipsis, so a reader sees it goes on."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def file_name(name: str, limit: int = 200) -> str:
    """An uploaded file's own name, without any folders a browser sent, cut to `limit`
    characters from the end of its stem so that its extension (".pdf") survives: the
    checks read the extension, and the person recognises the file by it."""
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    if len(name) <= limit:
        return name
    stem, dot, extension = name.rpartition(".")
    if not dot or len(extension) >= limit // 2:
        return name[:limit]
    return stem[: limit - len(extension) - 1] + "." + extension


def figure(value) -> str:
    """A number as the pages print it: up to two decimal places, as entered (0.20 stays
    0.20; 12.00 reads 12), thousands separated (1,200)."""
    return str(floatformat(value, "-2g"))
