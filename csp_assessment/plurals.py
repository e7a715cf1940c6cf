"""A count and its noun, in the singular or the plural: "1 priority", "2 priorities"."""


def counted(number: int, singular: str, plural: str = "") -> str:
    """`plural` defaults to the singular with an "s"; give it where English differs."""
    return f"{number} {singular if number == 1 else plural or singular + 's'}"
