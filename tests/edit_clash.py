"""What an edit page shows its reader, for the tests of a second person's stale save."""

import re


def seen_stamp(page: str) -> str:
    """The hidden "seen" value an edit form carries: when the reader loaded the record."""
    return re.search(r'name="seen" value="([^"]*)"', page).group(1)
