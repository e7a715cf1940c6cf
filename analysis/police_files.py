"""Reading data.police.uk street-level files, and refusing bad ones with a message that
says what is wrong and where. No ORM: this takes bytes and returns a DataFrame."""

import csv
import io
import re
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from pyarrow import csv as pa_csv

from csp_assessment.nul_bytes import nul_line
from csp_assessment.uploads import looks_binary

HEADER = (
    "Crime ID",
    "Month",
    "Reported by",
    "Falls within",
    "Longitude",
    "Latitude",
    "Location",
    "LSOA code",
    "LSOA name",
    "Crime type",
    "Last outcome category",
    "Context",
)
# The columns the import reads; the rest are checked in the header but not parsed.
NEEDED = (
    "Month",
    "Falls within",
    "Longitude",
    "Latitude",
    "LSOA code",
    "LSOA name",
    "Crime type",
    "Last outcome category",
)
CRIME_TYPES = frozenset(
    {
        "Anti-social behaviour",
        "Bicycle theft",
        "Burglary",
        "Criminal damage and arson",
        "Drugs",
        "Other crime",
        "Other theft",
        "Possession of weapons",
        "Public order",
        "Robbery",
        "Shoplifting",
        "Theft from the person",
        "Vehicle crime",
        "Violence and sexual offences",
        # Used in files before May 2013.
        "Public disorder and weapons",
    }
)
DICTIONARY = pa.dictionary(pa.int32(), pa.string())
STREET_NAME = re.compile(r"(?:^|/)(\d{4}-\d{2})-[^/]*-street\.csv$", re.IGNORECASE)
MONTH_VALUE = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
# A month anywhere in a file's own name (not its folder): "2016-11-bedfordshire-street.csv",
# and also "2016-11-bedfordshire-street (1).csv" as a browser saves a second copy.
MONTH_IN_NAME = re.compile(r"(?<!\d)\d{4}-(0[1-9]|1[0-2])(?!\d)")


class RefusedFile(Exception):
    """A file the import will not take, with the message the analyst sees."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class SourceFile:
    name: str
    data: bytes


def _plural(count: int, word: str) -> str:
    return f"{count:,} {word}{'' if count == 1 else 's'}"


# Across one upload: far more than a year of monthly files for every force in England
# and Wales, far fewer than a hostile archive of tiny members would hold.
MAX_FILES = 2_000
READ_CHUNK = 1 << 20


class Budget:
    """What one upload may unpack to, counted as it is unpacked rather than as an
    archive declares it, and how many files it may hold, across all its zips."""

    def __init__(self, *, max_bytes: int, max_files: int = MAX_FILES):
        self.max_bytes, self.bytes_left = max_bytes, max_bytes
        self.max_files, self.files_left = max_files, max_files

    def count_file(self, name: str) -> None:
        self.files_left -= 1
        if self.files_left < 0:
            raise RefusedFile(
                f"The upload holds more than {self.max_files:,} files, at {name}. "
                "Upload it in parts."
            )

    def take(self, count: int, name: str) -> None:
        self.bytes_left -= count
        if self.bytes_left < 0:
            raise RefusedFile(
                f"{name} unpacks past the limit of {self.max_bytes / 1e6:,.0f} MB for one "
                "upload. Upload it in parts."
            )


@dataclass(frozen=True)
class PendingFile:
    """A file of the upload, named but not yet read: read one at a time."""

    name: str
    read: Callable[[], bytes]


def _unsafe(member: str) -> bool:
    parts = member.replace("\\", "/").split("/")
    return member.startswith(("/", "\\")) or ".." in parts or ":" in parts[0]


def _zip_members(name: str, path: Path, budget: Budget) -> list[PendingFile]:
    """The street-level CSVs in a data.police.uk archive (a folder per month), checked
    before anything is unpacked. Outcomes and stop-and-search files are skipped."""
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise RefusedFile(f"{name} is not a zip file that can be opened.") from error
    if len(infos) > budget.max_files:
        raise RefusedFile(
            f"{name} holds {len(infos):,} files; the limit is {budget.max_files:,}. "
            "Upload it in parts."
        )
    for info in infos:
        if _unsafe(info.filename):
            raise RefusedFile(f"{name} holds a file with an unsafe name: {info.filename}.")
        if info.filename.lower().endswith((".zip", ".7z", ".gz", ".rar", ".tar")):
            raise RefusedFile(
                f"{name} holds another archive, {info.filename}. Unpack it and upload "
                "the files inside."
            )
    members = [i for i in infos if not i.is_dir() and STREET_NAME.search(i.filename)]
    if not members:
        raise RefusedFile(
            f"{name} holds no street-level files. data.police.uk names them like "
            "2017-11/2017-11-bedfordshire-street.csv."
        )
    # A first check on the sizes the archive declares; the real check is as it unpacks.
    declared = sum(i.file_size for i in members)
    if declared > budget.bytes_left:
        raise RefusedFile(
            f"{name} unpacks to {declared / 1e6:,.0f} MB of street files; the limit is "
            f"{budget.max_bytes / 1e6:,.0f} MB. Upload it in parts."
        )
    pending = []
    for info in members:
        budget.count_file(info.filename)
        pending.append(
            PendingFile(
                info.filename.rsplit("/", 1)[-1],
                partial(_read_member, path, info.filename, name, budget),
            )
        )
    return pending


def _read_member(path: Path, member: str, zip_name: str, budget: Budget) -> bytes:
    out = io.BytesIO()
    try:
        with zipfile.ZipFile(path) as archive, archive.open(member) as stream:
            while chunk := stream.read(READ_CHUNK):
                budget.take(len(chunk), zip_name)
                out.write(chunk)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as error:
        raise RefusedFile(
            f"{member} in {zip_name} could not be unpacked: the archive is damaged."
        ) from error
    return out.getvalue()


def plan_files(name: str, path: Path, budget: Budget) -> list[PendingFile]:
    """An upload's stored file as the files to read: a zip's street files, or itself."""
    if name.lower().endswith(".zip"):
        return _zip_members(name, path, budget)
    budget.count_file(name)
    budget.take(path.stat().st_size, name)
    return [PendingFile(name, path.read_bytes)]


POLICE_SAVE = (
    "Download the file again from data.police.uk rather than saving it from a spreadsheet."
)
PARTNER_SAVE = "Save it again as CSV UTF-8 (in Excel: Save as, CSV UTF-8) and upload that."


def check_text(source: SourceFile, *, save_again: str = POLICE_SAVE) -> bytes:
    """The file's bytes once it is known to be UTF-8 text with no NUL character;
    `save_again` tells the person how to put a refused file right."""
    if not source.data.strip():
        raise RefusedFile(f"{source.name} is empty.")
    kind = looks_binary(source.data)
    if kind:
        raise RefusedFile(f"{source.name} is not a CSV file: it looks like {kind}. {save_again}")
    data = source.data.removeprefix(b"\xef\xbb\xbf")  # a byte-order mark, from Excel
    if line := nul_line(data):  # anywhere in the file: the readers keep it, a database cannot
        raise RefusedFile(
            f"{source.name} could not be read as CSV: line {line} holds a NUL character. "
            "Save it again as CSV."
        )
    try:
        if not data.isascii():  # an ASCII file is valid UTF-8, and checking that is quick
            data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise RefusedFile(
            f"{source.name} is not in UTF-8 (the first character it cannot read is on line "
            f"{line}). {save_again}"
        ) from error
    return data


def _check_header(name: str, data: bytes) -> None:
    end = data.find(b"\n")
    first_line = data[: end if end >= 0 else len(data)].decode("utf-8").rstrip("\r")
    header = [column.strip() for column in next(csv.reader([first_line]), [])]
    missing = [column for column in NEEDED if column not in header]
    if missing:
        raise RefusedFile(
            f"{name} does not have the data.police.uk street-level header: "
            f"{'it lacks the column' if len(missing) == 1 else 'it lacks the columns'} "
            f"{', '.join(missing)}. The first line should read: {','.join(HEADER)}"
        )


def distinct(table: pa.Table, column: str) -> list[str]:
    """The distinct non-empty values of a dictionary column, read from its dictionaries
    (the CSV reader builds one per block from the values the block holds)."""
    values: set[str] = set()
    for chunk in table.column(column).chunks:
        values.update(chunk.dictionary.to_pylist())
    return sorted(values)


def _all_numbers(table: pa.Table, column: str) -> bool:
    """Whether every value of a dictionary column reads as a number. Only the distinct
    values are parsed (snap points repeat a great deal), by Arrow's own cast."""
    try:
        for chunk in table.column(column).chunks:
            pc.cast(chunk.dictionary, pa.float64())
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return False
    return True


def _rows_and_first_line(table: pa.Table, column: str, value) -> tuple[int, int]:
    """How many rows hold `value`, and the file line of the first (the header is line 1).
    Only for messages, so it may take the slow road through pandas."""
    matches = (table.column(column).to_pandas() == value).to_numpy()
    return int(matches.sum()), int(matches.argmax()) + 2


def _first_empty_line(table: pa.Table, column: str) -> int:
    return int(table.column(column).is_null().to_numpy(zero_copy_only=False).argmax()) + 2


def _line_of_width(data: bytes, width: int) -> int | None:
    """The file line where the first row of `width` columns starts. Only for a message:
    pyarrow names the row's text but not its line."""
    reader = csv.reader(io.StringIO(data.decode("utf-8")))
    start = 1
    for row in reader:
        if len(row) == width and start > 1:
            return start
        start = reader.line_num + 1
    return None


def _csv_problem(detail: str, data: bytes) -> str:
    """The CSV reader's complaint, as a sentence a person can act on."""
    columns = re.search(r"Expected (\d+) columns, got (\d+)", detail)
    if columns:
        line = _line_of_width(data, int(columns.group(2)))
        where = f" (line {line})" if line else ""
        return (
            f"has a line with {columns.group(2)} columns where the header has "
            f"{columns.group(1)}{where}. Check for a stray comma or a missing quote mark."
        )
    if "straddl" in detail or "block" in detail:
        return (
            "has a line far longer than any data.police.uk line (more than 1 MB), so it "
            "is not a street-level file, or it is damaged."
        )
    if "quote" in detail.lower():
        return "has a quote mark that is never closed, so its lines cannot be told apart."
    return "could not be read as CSV. Check that it is a data.police.uk street-level file."


def read_street_file(source: SourceFile) -> pa.Table:
    """Validate one street-level file and return its needed columns as dictionary columns.

    Every check runs on the distinct values of a column, not on its rows; only the
    message for a refused file goes back to the rows to say where the problem is."""
    data = check_text(source)
    _check_header(source.name, data)
    try:
        # pyarrow's reader straight to dictionary columns: strings are stored once per
        # distinct value, and the counting works on the integer codes.
        table = pa_csv.read_csv(
            io.BytesIO(data),
            convert_options=pa_csv.ConvertOptions(
                include_columns=list(NEEDED),
                column_types={column: DICTIONARY for column in NEEDED},
                strings_can_be_null=True,
            ),
        )
    except pa.ArrowInvalid as error:
        raise RefusedFile(f"{source.name} {_csv_problem(str(error), data)}") from error
    if table.num_rows == 0:
        raise RefusedFile(f"{source.name} has a header but no rows.")

    months = distinct(table, "Month")
    bad_months = [m for m in months if not MONTH_VALUE.match(m)]
    if bad_months or table.column("Month").null_count:
        if bad_months:
            rows, line = _rows_and_first_line(table, "Month", bad_months[0])
            found = f"{bad_months[0]!r} ({_plural(rows, 'row')}, first on line {line})"
        else:
            found = f"an empty value (first on line {_first_empty_line(table, 'Month')})"
        raise RefusedFile(f"{source.name} has a Month that is not in the form YYYY-MM: {found}.")
    unknown = sorted(set(distinct(table, "Crime type")) - CRIME_TYPES)
    if unknown or table.column("Crime type").null_count:
        if not unknown:
            line = _first_empty_line(table, "Crime type")
            raise RefusedFile(f"{source.name} has a row with no crime type (line {line}).")
        found = {value: _rows_and_first_line(table, "Crime type", value) for value in unknown[:5]}
        listed = "; ".join(
            f"{value!r} ({_plural(rows, 'row')}, first on line {line})"
            for value, (rows, line) in found.items()
        )
        raise RefusedFile(f"{source.name} has crime types data.police.uk does not use: {listed}.")

    for column in ("Longitude", "Latitude"):
        if _all_numbers(table, column):
            continue
        values = distinct(table, column)
        numbers = pd.to_numeric(pd.Series(values, dtype=object), errors="coerce")
        bad = [v for v, bad in zip(values, numbers.isna().to_numpy(), strict=True) if bad]
        if bad:
            _, line = _rows_and_first_line(table, column, bad[0])
            raise RefusedFile(
                f"{source.name} has a {column} that is not a number: {bad[0]!r} on line {line}."
            )
    if table.column("Falls within").null_count == table.num_rows:
        raise RefusedFile(f"{source.name} does not say which force's area it covers.")
    return table


def named_month(name: str) -> str | None:
    """The month a file's name gives ("2016-11"), or None when it gives none."""
    found = MONTH_IN_NAME.search(name.replace("\\", "/").rsplit("/", 1)[-1])
    return found.group(0) if found else None


def rows_by_month(table: pa.Table) -> dict[str, int]:
    """How many rows a validated file holds for each month, earliest first."""
    counts = table.column("Month").to_pandas().value_counts()
    return {str(month): int(count) for month, count in sorted(counts.items()) if count}


def month_warning(name: str, table: pa.Table) -> dict | None:
    """What the analyst must check about a file's months before it is counted, or None
    when its name gives the one month all its rows hold (as data.police.uk names them).

    A data.police.uk street file holds one month and is named for it. A file renamed,
    re-saved, or put together by hand may not be, and the rows' Month is what the
    counts go under: so a name for another month, rows of several months, or a name
    with no month is shown to the analyst rather than imported unseen."""
    named = named_month(name)
    months = rows_by_month(table)
    if named is not None and list(months) == [named]:
        return None
    return {"file": name, "named": named, "rows": months}


def describe_month_warning(warning: dict) -> str:
    """One sentence: what the name says, and which months the rows hold."""
    rows = warning["rows"]
    held = "; ".join(f"{_month_words(m)} ({_plural(n, 'row')})" for m, n in rows.items())
    if warning["named"] is None:
        said = f"The name of {warning['file']} does not give a month"
    else:
        said = f"{warning['file']} is named for {_month_words(warning['named'])}"
    if len(rows) > 1:
        return f"{said}, but its rows are for {len(rows)} months: {held}."
    joiner = "and" if warning["named"] is None else "but"
    return f"{said}, {joiner} its rows are for {held}."


def _month_words(month: str) -> str:
    year, number = month.split("-")
    return f"{MONTH_NAMES[int(number) - 1]} {year}"


MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
