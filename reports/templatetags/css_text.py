"""Text inside a CSS string, as the PDF's running header and footer print it.

`escapejs` writes JavaScript escapes (\\u002D), which CSS reads as the letters
"u002D"; HTML escaping writes "&amp;", which CSS prints as it stands. CSS has its own
escape: a backslash and six hex digits. Letters and digits stay as they are; every
other character is escaped (spaces too, since an escape swallows the space after
it), so nothing a user writes can end the string.
"""

from django import template
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.filter
def css_string(value) -> SafeString:
    text = "" if value is None else str(value)
    escaped = "".join(char if char.isalnum() else f"\\{ord(char):06X}" for char in text)
    return mark_safe(escaped)  # noqa: S308 - every character but letters and digits is escaped
