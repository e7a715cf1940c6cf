"""Every hand-written table in a page sits straight inside a scroll region keyboard users
can reach and hear named (<div class="table-responsive" tabindex="0" role="region"
aria-label="...">), so a phone user scrolls the table sideways, not the page. This reads
the templates, so it covers tables the browser journey (tests/e2e/test_phone_width.py)
does not reach, such as the review record's police figures. The PDF's templates are
printed, not scrolled; django-tables2 tables get their region from templates/table.html."""

import re
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent
PRINTED = ROOT / "reports" / "templates" / "reports" / "pdf"
# The opening of the region, then only white space before the table.
# The label is words, template values ({{ ... }}) or both, but never empty.
TEXT = r'(?:[^"{]|\{\{.*?\}\})'
REGION = re.compile(
    r'<div class="table-responsive[^"]*" tabindex="0" role="region"'
    rf' aria-label="{TEXT}*(?:[^\s"{{]|\{{\{{.*?\}}\}}){TEXT}*">\s*$'
)
OPEN = '<div class="table-responsive" tabindex="0" role="region" aria-label='


def _page_templates():
    apps = [*settings.SERVICE_APPS, "status"]
    paths = [p for app in apps for p in (ROOT / app / "templates").rglob("*.html")]
    paths += list((ROOT / "templates").rglob("*.html"))
    return [p for p in paths if PRINTED not in p.parents]


def test_every_hand_written_table_is_in_a_labelled_region():
    bare = []
    for path in _page_templates():
        text = path.read_text(encoding="utf-8")
        for table in re.finditer(r"<table\b", text):
            if not REGION.search(text[: table.start()]):
                line = text.count("\n", 0, table.start()) + 1
                bare.append(f"{path.relative_to(ROOT)}:{line}")
    assert not bare, "tables outside a labelled region:\n" + "\n".join(bare)


def test_the_check_finds_a_table_without_a_region():
    assert REGION.search(OPEN + '"Table of x">\n')
    assert REGION.search(OPEN + '"{{ label|capfirst }}">')
    assert not REGION.search('<div class="table-responsive">\n')
    assert not REGION.search(OPEN + '"">')
    assert not REGION.search(OPEN + '" ">')
    assert not REGION.search(OPEN + '"Table of x">\n<p>')
