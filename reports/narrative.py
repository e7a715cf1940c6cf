"""Narrative text as analysts write it (Markdown) turned into HTML that is safe to show
in a page and to hand to the PDF renderer: no scripts, no styles, no images, and links
only to web and mail addresses, so rendering it can never fetch anything."""

import markdown
import nh3

ALLOWED_TAGS = {
    "p",
    "br",
    "h2",
    "h3",
    "h4",
    "ul",
    "ol",
    "li",
    "strong",
    "em",
    "blockquote",
    "code",
    "pre",
    "a",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "hr",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"scope"}}
ALLOWED_SCHEMES = {"https", "http", "mailto"}


def narrative_html(text: str) -> str:
    """Markdown to sanitised HTML. Raw HTML in the text is escaped by the cleaner's
    allow-list, not trusted: anything outside it is removed with its content where
    it could run (script, style) and unwrapped otherwise."""
    html = markdown.markdown(text or "", extensions=["tables", "sane_lists"], output_format="html")
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
