"""Reading data.police.uk street-level files, and refusing bad ones with a message that
says what is wrong and where. No ORM: this takes bytes and returns a DataFrame."""

import csv
import io
import re
import zipfile
from dataclasses import dataclass

import pandas as pd
import pyarrow as pa
from pyarrow import csv as pa_csv

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


def looks_binary(data: bytes) -> str | None:
    """What a non-text upload seems to be, or None if it may be text."""
    head = data[:4096]
    if head.startswith(b"PK\x03\x04"):
        return "a zip or Excel file"
    if head.startswith(b"%PDF"):
        return "a PDF"
    if b"\x00" in head:
        return "a binary file"
    return None


def street_files_in_zip(name: str, data: bytes, *, max_bytes: int) -> list[SourceFile]:
    """The street-level CSVs in a data.police.uk archive (a folder per month).

    Outcomes and stop-and-search files in the same archive are skipped.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as error:
        raise RefusedFile(f"{name} is not a zip file that can be opened.") from error
    with archive:
        members = [
            i for i in archive.infolist() if not i.is_dir() and STREET_NAME.search(i.filename)
        ]
        if not members:
            raise RefusedFile(
                f"{name} holds no street-level files. data.police.uk names them like "
                "2017-11/2017-11-bedfordshire-street.csv."
            )
        # Checked on the sizes the archive declares, before anything is unpacked.
        unpacked = sum(i.file_size for i in members)
        if unpacked > max_bytes:
            raise RefusedFile(
                f"{name} unpacks to {unpacked / 1e6:,.0f} MB of street files; the limit is "
                f"{max_bytes / 1e6:,.0f} MB. Upload it in parts."
            )
        return [SourceFile(i.filename.rsplit("/", 1)[-1], archive.read(i)) for i in members]


def expand(source: SourceFile, *, max_bytes: int) -> list[SourceFile]:
    """A zip becomes its street files; a CSV stays itself."""
    if source.name.lower().endswith(".zip"):
        return street_files_in_zip(source.name, source.data, max_bytes=max_bytes)
    return [source]


def check_text(source: SourceFile) -> bytes:
    if not source.data.strip():
        raise RefusedFile(f"{source.name} is empty.")
    kind = looks_binary(source.data)
    if kind:
        raise RefusedFile(f"{source.name} is not a CSV file: it looks like {kind}.")
    data = source.data.removeprefix(b"\xef\xbb\xbf")  # a byte-order mark, from Excel
    try:
        if not data.isascii():  # an ASCII file is valid UTF-8, and checking that is quick
            data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise RefusedFile(
            f"{source.name} is not in UTF-8, the encoding data.police.uk uses (the first "
            f"problem is on line {line}). Download the file again rather than saving it "
            "from a spreadsheet."
        ) from error
    return data


def _check_header(name: str, data: bytes) -> None:
    first_line = data.split(b"\n", 1)[0].decode("utf-8").rstrip("\r")
    header = [column.strip() for column in next(csv.reader([first_line]), [])]
    missing = [column for column in NEEDED if column not in header]
    if missing:
        raise RefusedFile(
            f"{name} does not have the data.police.uk street-level header: "
            f"{'it lacks the column' if len(missing) == 1 else 'it lacks the columns'} "
            f"{', '.join(missing)}. The first line should read: {','.join(HEADER)}"
        )


def _first_line_of(frame: pd.DataFrame, column: str, value) -> int:
    """The file line number (header is line 1) of the first row holding `value`."""
    return int((frame[column] == value).to_numpy().argmax()) + 2


def read_street_file(source: SourceFile) -> pd.DataFrame:
    """Validate one street-level file and return its needed columns as categoricals."""
    data = check_text(source)
    _check_header(source.name, data)
    try:
        # pyarrow's reader straight to dictionary (categorical) columns: three times
        # faster than pandas converting strings to categories afterwards.
        table = pa_csv.read_csv(
            io.BytesIO(data),
            convert_options=pa_csv.ConvertOptions(
                include_columns=list(NEEDED),
                column_types={column: DICTIONARY for column in NEEDED},
                strings_can_be_null=True,
            ),
        )
    except pa.ArrowInvalid as error:
        detail = str(error).split("\n")[0]
        raise RefusedFile(f"{source.name} could not be read as CSV: {detail}") from error
    frame = table.to_pandas()
    if frame.empty:
        raise RefusedFile(f"{source.name} has a header but no rows.")

    months = [str(m) for m in frame["Month"].cat.categories]
    bad_months = [m for m in months if not MONTH_VALUE.match(m)]
    if bad_months or frame["Month"].isna().any():
        example = bad_months[0] if bad_months else "an empty value"
        raise RefusedFile(
            f"{source.name} has a Month that is not in the form YYYY-MM: {example!r}."
        )
    named = STREET_NAME.search(source.name)
    if named:
        others = [m for m in months if m != named.group(1)]
        if others:
            rows = int(frame["Month"].isin(others).sum())
            raise RefusedFile(
                f"{source.name} is named for {named.group(1)} but {_plural(rows, 'row')} "
                f"{'has' if rows == 1 else 'have'} the month {', '.join(others)} "
                f"(first on line {_first_line_of(frame, 'Month', others[0])})."
            )

    unknown = sorted(set(map(str, frame["Crime type"].cat.categories)) - CRIME_TYPES)
    if unknown or frame["Crime type"].isna().any():
        if not unknown:
            line = int(frame["Crime type"].isna().to_numpy().argmax()) + 2
            raise RefusedFile(f"{source.name} has a row with no crime type (line {line}).")
        listed = "; ".join(
            f"{value!r} ({_plural(int((frame['Crime type'] == value).sum()), 'row')}, first on "
            f"line {_first_line_of(frame, 'Crime type', value)})"
            for value in unknown[:5]
        )
        raise RefusedFile(f"{source.name} has crime types data.police.uk does not use: {listed}.")

    for column in ("Longitude", "Latitude"):
        values = frame[column].cat.categories
        # Only the distinct values are parsed: snap points repeat a great deal.
        numbers = pd.to_numeric(pd.Series(values.astype(str)), errors="coerce")
        bad = values[numbers.isna().to_numpy()]
        if len(bad):
            raise RefusedFile(
                f"{source.name} has a {column} that is not a number: {str(bad[0])!r} "
                f"on line {_first_line_of(frame, column, bad[0])}."
            )
    if frame["Falls within"].isna().all():
        raise RefusedFile(f"{source.name} does not say which force's area it covers.")
    return frame
