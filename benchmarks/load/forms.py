"""Reading forms out of a page's HTML as a browser (and htmx) would, with the standard
library only: the fields a form would send, its action and its htmx attributes, and a
valid set of answers for a public survey. Used by the Locust users, which must find
the cell-save endpoint and its field names from the sheet page itself."""

import random
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Form:
    attrs: dict[str, str]
    # (name, value) for every field a submit would send, in page order.
    fields: list[tuple[str, str]] = field(default_factory=list)
    # Choice groups: name -> the values offered (radios, checkboxes, select options).
    radios: dict[str, list[str]] = field(default_factory=dict)
    checkboxes: dict[str, list[str]] = field(default_factory=dict)
    selects: dict[str, list[str]] = field(default_factory=dict)
    textareas: list[str] = field(default_factory=list)
    text_inputs: list[str] = field(default_factory=list)

    def value(self, name: str) -> str | None:
        return next((v for n, v in self.fields if n == name), None)

    def set(self, name: str, value: str) -> None:
        """Replace a single-valued field's value (or add it)."""
        self.fields = [(n, v) for n, v in self.fields if n != name] + [(name, value)]


class _FormParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self.current: Form | None = None
        self.select: tuple[str, list[str], list[str]] | None = None  # name, options, chosen
        self.option_value: str | None = None
        self.option_text: list[str] = []
        self.option_selected = False
        self.select_disabled = False
        self.textarea: str | None = None
        self.textarea_text: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "form":
            self.current = Form(attrs=a)
            self.forms.append(self.current)
            return
        if self.current is None:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text").lower()
            if kind in ("submit", "button", "image", "reset", "file"):
                return
            if kind == "radio":
                self.current.radios.setdefault(name, []).append(a.get("value", "on"))
                if "checked" in a:
                    self.current.fields.append((name, a.get("value", "on")))
            elif kind == "checkbox":
                self.current.checkboxes.setdefault(name, []).append(a.get("value", "on"))
                if "checked" in a:
                    self.current.fields.append((name, a.get("value", "on")))
            else:
                if kind in ("text", "email", "number", "search", "tel", "url"):
                    self.current.text_inputs.append(name)
                if "disabled" not in a:
                    self.current.fields.append((name, a.get("value", "")))
        elif tag == "select" and name:
            self.select = (name, [], [])
            self.current.selects[name] = self.select[1]
            self.select_disabled = "disabled" in a
        elif tag == "option" and self.select is not None:
            self.option_value = a.get("value")
            self.option_selected = "selected" in a
            self.option_text = []
        elif tag == "textarea" and name:
            self.textarea, self.textarea_text = name, []

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea_text.append(data)
        elif self.select is not None:
            self.option_text.append(data)

    def handle_endtag(self, tag):
        if tag == "form":
            self.current = None
        elif tag == "option" and self.select is not None:
            value = self.option_value
            if value is None:
                value = "".join(self.option_text).strip()
            self.select[1].append(value)
            if self.option_selected:
                self.select[2].append(value)
            self.option_value, self.option_selected = None, False
        elif tag == "select" and self.select is not None and self.current is not None:
            name, options, chosen = self.select
            if not self.select_disabled and options:
                self.current.fields.append((name, chosen[0] if chosen else options[0]))
            self.select = None
        elif tag == "textarea" and self.textarea is not None and self.current is not None:
            self.current.textareas.append(self.textarea)
            self.current.fields.append((self.textarea, "".join(self.textarea_text)))
            self.textarea = None


def forms_in(html: str) -> list[Form]:
    parser = _FormParser()
    parser.feed(html)
    parser.close()
    return parser.forms


def form_with(html: str, predicate) -> Form | None:
    return next((f for f in forms_in(html) if predicate(f)), None)


def csrf_token(html: str) -> str:
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    if found is None:
        raise ValueError("no CSRF token on the page")
    return found.group(1)


# The sheet's help text gives the scale: "Type a score from 1 to 5 in each cell".
SCALE = re.compile(r"Type a score from (\d+) to (\d+)")
CELL = re.compile(r"^c\d+_\d+$")


def sheet_scale(html: str) -> tuple[int, int]:
    found = SCALE.search(html)
    return (int(found.group(1)), int(found.group(2))) if found else (1, 5)


def cell_names(form: Form) -> list[str]:
    """The score cells (c<issue>_<criterion>) the form sends."""
    return [name for name, _ in form.fields if CELL.match(name)]


HONEYPOT = "website"  # consultation.forms.ResponseForm: left blank by people
WORDS = (
    "Street lighting on the estate has got worse and people feel unsafe after dark. "
    "More youth provision in the evenings would help. Drug dealing near the park."
).split()


def survey_answers(form: Form, rng: random.Random) -> list[tuple[str, str]]:
    """A valid, complete answer set for a public survey form: every single choice and
    rating answered, one or two boxes ticked, a few issues ranked 1, 2, 3 (distinct
    numbers), a sentence in each text box, the honeypot left empty."""
    keep = {"csrfmiddlewaretoken", "submission_id", "t", HONEYPOT}
    answers = [(n, v) for n, v in form.fields if n in keep]
    for name, values in form.radios.items():
        answers.append((name, rng.choice(values)))
    for name, values in form.checkboxes.items():
        for value in rng.sample(values, min(len(values), rng.randint(1, 2))):
            answers.append((name, value))
    ranks = [name for name, options in form.selects.items() if "" in options]
    ranked = rng.sample(ranks, min(len(ranks), 3))
    for name, options in form.selects.items():
        if name in ranked:
            answers.append((name, str(ranked.index(name) + 1)))
        elif name in ranks:
            answers.append((name, ""))
        else:
            answers.append((name, rng.choice([o for o in options if o] or options)))
    for name in form.textareas:
        answers.append((name, " ".join(rng.sample(WORDS, 8)).capitalize() + "."))
    return answers
