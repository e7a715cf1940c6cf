"""Pure consultation logic, no database: rationale state changes, attachment type
checks, answer validation, the community-concerns score suggestion, CSV mapping
and the shares in survey results."""

import csv
import io
import itertools
import zipfile
import zlib
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from csp_assessment.nul_bytes import nul_line
from cycles.rules import year_has_ended as year_has_ended  # the cycle app's, for every app

# Years ---------------------------------------------------------------------------


def ended_year_refusal(label: str, what: str) -> str:
    return f"{label} has ended: {what} can only be for a year that has not ended."


def ended_year_publish_refusal(label: str) -> str:
    """A draft made while its year ran is not published after the year has ended: the
    year's assessment is done. Late paper returns can still be imported into a survey
    that was published."""
    return f"{label} has ended: a survey can only be published while its year has not ended."


# Rationale documents ---------------------------------------------------------------

REQUESTED, DRAFT, SUBMITTED = "requested", "draft", "submitted"
RETURNED, RESUBMITTED, ACCEPTED = "returned", "resubmitted", "accepted"

EDITABLE_STATES = {REQUESTED, DRAFT, RETURNED}
AWAITING_REVIEW = {SUBMITTED, RESUBMITTED}
OPEN_STATES = {REQUESTED, DRAFT, RETURNED}  # the specialist still owes the document

# action -> {from state: to state}
RATIONALE_TRANSITIONS = {
    "save": {REQUESTED: DRAFT, DRAFT: DRAFT, RETURNED: RETURNED},
    "submit": {REQUESTED: SUBMITTED, DRAFT: SUBMITTED, RETURNED: RESUBMITTED},
    "accept": {SUBMITTED: ACCEPTED, RESUBMITTED: ACCEPTED},
    "return": {SUBMITTED: RETURNED, RESUBMITTED: RETURNED},
}
ACTION_WORDS = {"save": "saved", "submit": "submitted", "accept": "accepted", "return": "returned"}


class NotAllowed(Exception):
    """A state change that the current state does not allow."""


def next_rationale_state(state: str, action: str) -> str:
    allowed = RATIONALE_TRANSITIONS[action]
    if state not in allowed:
        raise NotAllowed(f"A rationale document that is {state} cannot be {ACTION_WORDS[action]}.")
    return allowed[state]


def is_overdue(state: str, due_on, today) -> bool:
    return state in OPEN_STATES and due_on < today


def missing_sections(values: dict[str, str], names: list[str]) -> list[str]:
    """Sections still empty; a document is submitted with every section written."""
    return [name for name in names if not (values.get(name) or "").strip()]


# Attachments -----------------------------------------------------------------------

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
ATTACHMENT_KINDS = {
    "pdf": ("PDF", "application/pdf"),
    "docx": (
        "Word (DOCX)",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    "xlsx": ("Excel (XLSX)", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "odt": ("OpenDocument text (ODT)", "application/vnd.oasis.opendocument.text"),
}
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"


class AttachmentRejected(Exception):
    pass


def detect_attachment_kind(content: bytes) -> str | None:
    """The document kind from the bytes themselves, not the name: PDFs start with
    %PDF-; DOCX, XLSX and ODT are zip files told apart by the members they hold."""
    if content.startswith(b"%PDF-"):
        return "pdf"
    if not content.startswith(b"PK\x03\x04"):
        return None
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                # Read only as much as the real value needs: a hostile member could
                # unpack to hundreds of megabytes from a few kilobytes.
                with archive.open("mimetype") as member:
                    if member.read(len(ODT_MIMETYPE) + 8).strip() == ODT_MIMETYPE:
                        return "odt"
            if "[Content_Types].xml" in names:
                if "word/document.xml" in names:
                    return "docx"
                if "xl/workbook.xml" in names:
                    return "xlsx"
    except (zipfile.BadZipFile, KeyError, OSError, EOFError, zlib.error):
        return None
    return None


def check_attachment(*, name: str, content: bytes, limit: int = MAX_ATTACHMENT_BYTES) -> str:
    """Return the kind of an acceptable attachment, or say plainly why it is refused."""
    if len(content) == 0:
        raise AttachmentRejected("The file is empty.")
    if len(content) > limit:
        raise AttachmentRejected(
            f"The file is {len(content) / 1048576:.1f} MB; the limit is {limit // 1048576} MB."
        )
    kind = detect_attachment_kind(content)
    if kind is None:
        raise AttachmentRejected(
            "The file is not a PDF, Word (DOCX), Excel (XLSX) or OpenDocument text (ODT) "
            "document, whatever its name says."
        )
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension != kind:
        ending = f"ends .{extension}" if extension else "has no ending such as .pdf"
        raise AttachmentRejected(
            f"The file's name {ending} but its content is "
            f"{ATTACHMENT_KINDS[kind][0]}. Rename it or choose the right file."
        )
    return kind


# Survey answers --------------------------------------------------------------------

SINGLE, MULTIPLE, RATING, RANKING, TEXT = "single", "multiple", "rating", "ranking", "text"
MAX_TEXT = 4000
TOO_LONG = f"Keep the answer to {MAX_TEXT} characters or fewer."


class AnswerInvalid(Exception):
    pass


def check_answer(*, kind: str, value, options: list, required: bool):
    """Validate one answer's value and return it normalised; None means not answered.

    Values: single -> option text; multiple -> list of option texts; rating -> 1..5;
    ranking -> list of issue ids, most important first; text -> string.
    """
    empty = value in (None, "", [], ())
    if empty:
        if required:
            raise AnswerInvalid("Answer this question: it is required.")
        return None
    if kind == SINGLE:
        if value not in options:
            raise AnswerInvalid(f"“{value}” is not one of the choices.")
        return value
    if kind == MULTIPLE:
        values = list(dict.fromkeys(value))
        unknown = [v for v in values if v not in options]
        if unknown:
            raise AnswerInvalid(f"“{unknown[0]}” is not one of the choices.")
        return [o for o in options if o in values]
    if kind == RATING:
        try:
            rating = int(value)
        except (TypeError, ValueError):
            raise AnswerInvalid("Give a rating from 1 to 5.") from None
        if not 1 <= rating <= 5:
            raise AnswerInvalid("Give a rating from 1 to 5.")
        return rating
    if kind == RANKING:
        ranked = list(value)
        if len(set(ranked)) != len(ranked):
            raise AnswerInvalid("Each issue can be ranked once only.")
        unknown = [v for v in ranked if v not in options]
        if unknown:
            raise AnswerInvalid("The ranking names an issue that is not on the list.")
        return ranked
    if kind == TEXT:
        text = str(value).strip()
        if len(text) > MAX_TEXT:
            raise AnswerInvalid(TOO_LONG)
        if not text and required:
            raise AnswerInvalid("Answer this question: it is required.")
        return text or None
    raise AnswerInvalid(f"Unknown question kind {kind}.")


def ranking_from_positions(positions: dict) -> list:
    """Turn {item: rank number} (blank for not ranked) into items in rank order.
    Ranks must be distinct; gaps are allowed and closed up."""
    chosen = {item: int(rank) for item, rank in positions.items() if rank not in (None, "")}
    ranks = list(chosen.values())
    if len(set(ranks)) != len(ranks):
        raise AnswerInvalid("Give each issue a different number.")
    return [item for item, _ in sorted(chosen.items(), key=lambda pair: pair[1])]


def parse_imported_answer(*, kind: str, raw: str, options: list, titles: dict | None = None):
    """Read one cell of another tool's CSV export into an answer value.

    Several choices, or a ranking, are separated by semicolons or new lines
    (Citizen Space writes them that way); rankings name the issues by title.
    """
    raw = (raw or "").strip()
    if not raw:
        return None
    parts = [p.strip() for p in raw.replace("\n", ";").split(";") if p.strip()]
    if kind == MULTIPLE:
        return parts
    if kind == RANKING:
        by_title = {t.strip().lower(): pk for pk, t in (titles or {}).items()}
        ranked = []
        for part in parts:
            if part.lower() not in by_title:
                raise AnswerInvalid(f"“{part}” is not an issue on the long list.")
            ranked.append(by_title[part.lower()])
        return ranked
    if kind == RATING:
        return raw.split()[0]
    return raw


@dataclass
class ImportPlan:
    headers: list[str]
    rows: list[dict[int, object]] = field(default_factory=list)  # question id -> value
    errors: list[str] = field(default_factory=list)


class UnreadableCsv(ValueError):
    pass


# The most responses one file may bring. A council's survey has hundreds or a few
# thousand; a file of more is refused before it is held in memory (a 5 MB file of
# one-character rows is 2.6 million of them). A larger survey is imported in parts.
MOST_IMPORTED_ROWS = 20_000


def read_csv(content: bytes) -> tuple[list[str], list[dict[str, str]]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = content.decode("cp1252", errors="replace")
    if line := nul_line(text):  # Python's reader lets it through; a database cannot store it
        raise UnreadableCsv(
            f"The file could not be read as CSV: line {line} holds a NUL character. "
            "Save it again as CSV."
        )
    reader = csv.DictReader(io.StringIO(text))
    try:
        headers = [h.strip() for h in (reader.fieldnames or [])]
        reader.fieldnames = headers
        rows = list(itertools.islice(reader, MOST_IMPORTED_ROWS + 1))
    except csv.Error as error:
        # Python's reader refuses a cell over its field limit (and little else): say
        # where, and import nothing. line_num counts the lines read before the bad one.
        reason = "its layout is broken"
        if "field limit" in str(error):
            reason = f"a cell is longer than {csv.field_size_limit():,} characters"
        raise UnreadableCsv(
            f"The file could not be read as CSV: at line {reader.line_num + 1}, {reason}."
        ) from error
    if len(rows) > MOST_IMPORTED_ROWS:
        raise UnreadableCsv(
            f"The file has more than {MOST_IMPORTED_ROWS:,} responses. Import it in parts "
            f"of {MOST_IMPORTED_ROWS:,} or fewer: each part is checked and added on its own."
        )
    return headers, rows


def plan_import(*, content: bytes, questions: list[dict], mapping: dict[int, str]) -> ImportPlan:
    """Check a whole CSV against the column mapping before anything is saved.

    questions: dicts with id, kind, text, options, required (and titles for rankings).
    mapping: question id -> column heading (blank: not imported).
    """
    try:
        headers, rows = read_csv(content)
    except UnreadableCsv as error:
        return ImportPlan(headers=[], errors=[str(error)])
    plan = ImportPlan(headers=headers)
    if not headers:
        plan.errors.append("The file has no header row.")
        return plan
    missing = sorted({c for c in mapping.values() if c and c not in headers})
    if missing:
        plan.errors.append(
            "The file has no column called " + ", ".join(f"“{m}”" for m in missing) + "."
        )
        return plan
    if not rows:
        plan.errors.append("The file has a header row but no responses.")
        return plan
    for number, row in enumerate(rows, start=2):
        values = {}
        for question in questions:
            column = mapping.get(question["id"])
            raw = row.get(column, "") if column else ""
            try:
                parsed = parse_imported_answer(
                    kind=question["kind"],
                    raw=raw or "",
                    options=question["options"],
                    titles=question.get("titles"),
                )
                values[question["id"]] = check_answer(
                    kind=question["kind"],
                    value=parsed,
                    options=question["options"],
                    required=question["required"] and bool(column),
                )
            except AnswerInvalid as error:
                plan.errors.append(f"Row {number}, “{column or question['text']}”: {error}")
        plan.rows.append(values)
        if len(plan.errors) >= 20:
            plan.errors.append("Stopped after 20 problems.")
            break
    return plan


# Rate limiting without storing addresses -------------------------------------------


# The community-concerns suggestion -------------------------------------------------

SUGGESTION_RULE = (
    "Each respondent's ranking gives an issue points: with N issues on the list, first "
    "place earns N points, second N − 1, and so on; an issue left unranked earns none. "
    "The issue with the most points in total is suggested 5 (the top concern in "
    "consultation); every other issue is suggested 5 × its points ÷ the top issue's "
    "points, rounded half up. An issue nobody ranked is suggested 0. An issue added to "
    "the long list after the last ranking answer was never asked about: nothing is "
    "suggested for it."
)
LOW_RESPONSE_COUNT = 10


@dataclass(frozen=True)
class SuggestedScore:
    issue_id: int
    score: int | None  # None: the survey did not ask about the issue
    points: int
    respondents: int  # respondents who answered the ranking question
    ranked_by: int  # how many of them ranked this issue at all
    first_choices: int
    mean_rank: float | None
    rule: str = SUGGESTION_RULE

    @property
    def low_confidence(self) -> bool:
        return self.respondents < LOW_RESPONSE_COUNT

    @property
    def not_asked(self) -> bool:
        return self.score is None

    @property
    def evidence(self) -> str:
        if self.not_asked:
            return (
                "The survey did not ask about this issue: it joined the long list after "
                "the ranking question was answered."
            )
        if self.respondents == 0:
            return "No one has answered the ranking question yet."
        parts = [
            f"{self.ranked_by} of {self.respondents} respondents ranked this issue",
            f"{self.first_choices} put it first",
        ]
        if self.mean_rank is not None:
            parts.append(f"average place {self.mean_rank:.1f}")
        text = "; ".join(parts) + "."
        if self.low_confidence:
            text += f" Fewer than {LOW_RESPONSE_COUNT} respondents: treat it with care."
        return text


def suggest_community_scores(
    issue_ids: list[int], rankings: list[list[int]], *, asked: dict[int, int] | None = None
) -> dict[int, SuggestedScore]:
    """Suggested 0-5 scores for the community concerns / public perception criterion
    from ranking answers (each a list of issue ids, most important first).

    asked: per issue, how many of the answered rankings offered it (it was on the long
    list when they were given); an issue offered to none gets no suggestion. Left out,
    every issue was offered to everyone."""
    n = len(issue_ids)
    known = set(issue_ids)
    points = dict.fromkeys(issue_ids, 0)
    places: dict[int, list[int]] = {pk: [] for pk in issue_ids}
    answered = [r for r in rankings if r]
    for ranking in answered:
        ranking = [pk for pk in ranking if pk in known]
        for place, pk in enumerate(ranking, start=1):
            points[pk] += n - place + 1
            places[pk].append(place)
    top = max(points.values(), default=0)
    suggestions = {}
    for pk in issue_ids:
        if asked is not None and answered and not asked.get(pk) and not places[pk]:
            suggestions[pk] = SuggestedScore(
                issue_id=pk,
                score=None,
                points=0,
                respondents=len(answered),
                ranked_by=0,
                first_choices=0,
                mean_rank=None,
            )
            continue
        if top == 0 or points[pk] == 0:
            score = 0
        else:
            score = int(
                (Decimal(5 * points[pk]) / Decimal(top)).quantize(Decimal(1), ROUND_HALF_UP)
            )
        ranked = places[pk]
        suggestions[pk] = SuggestedScore(
            issue_id=pk,
            score=score,
            points=points[pk],
            respondents=len(answered),
            ranked_by=len(ranked),
            first_choices=sum(1 for p in ranked if p == 1),
            mean_rank=sum(ranked) / len(ranked) if ranked else None,
        )
    return suggestions


# Results -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Share:
    label: str
    count: int
    percent: int  # of the respondents (or of the ranking answers), rounded


def count_choices(options: list, values: list) -> list[tuple[str, int]]:
    """How often each option was chosen; values are single options or lists of them."""
    counts = dict.fromkeys(options, 0)
    for value in values:
        for chosen in value if isinstance(value, list) else [value]:
            if chosen in counts:
                counts[chosen] += 1
    return list(counts.items())


def shares(rows: list[tuple[str, int]], *, total: int) -> list[Share]:
    """Each answer's count with its percentage of `total`."""
    return [
        Share(label=label, count=count, percent=round(100 * count / total) if total else 0)
        for label, count in rows
    ]


# Results split by one question's answers -----------------------------------------------

NO_ANSWER = "No answer"


@dataclass(frozen=True)
class SplitCell:
    count: int
    percent: int  # of the group's respondents, rounded


@dataclass(frozen=True)
class SplitTable:
    """One question's answers, counted within each group of respondents. A group is
    the people who gave one answer to the question the results are split by."""

    groups: list[tuple[str, int]]  # label, respondents in the group
    rows: list[tuple[str, list[SplitCell]]]  # answer, a cell for each group


def split_counts(
    *,
    group_options: list,
    group_of: dict[int, str],
    respondents: list[int],
    options: list,
    given: list[tuple[int, object]],
) -> SplitTable:
    """Count `given` (response, value) pairs by the answer each response gave to the
    split question (`group_of`; a response without one is in "No answer", shown only
    when someone is in it). Values are single options or lists of them; a value that
    is not an option is not counted. Percentages are of everyone in the group."""

    def group(response: int) -> str:
        label = group_of.get(response)
        return label if label in group_options else NO_ANSWER

    sizes = dict.fromkeys(group_options, 0)
    for response in respondents:
        label = group(response)
        sizes[label] = sizes.get(label, 0) + 1
    labels = list(sizes)
    counts = {option: dict.fromkeys(labels, 0) for option in options}
    for response, value in given:
        label = group(response)
        for chosen in value if isinstance(value, list) else [value]:
            if chosen in counts:
                counts[chosen][label] += 1
    return SplitTable(
        groups=[(label, sizes[label]) for label in labels],
        rows=[
            (
                str(option),
                [
                    SplitCell(
                        count=counts[option][label],
                        percent=round(100 * counts[option][label] / sizes[label])
                        if sizes[label]
                        else 0,
                    )
                    for label in labels
                ],
            )
            for option in options
        ],
    )
