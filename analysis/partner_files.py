"""Partner data (council ASB, deliberate fires, ...): a CSV with a column mapping, read,
checked and counted into the same aggregates as police data. No ORM."""

import csv
import io
import re
from collections import Counter

import pandas as pd
from django.utils import timezone

from . import aggregates
from .police_files import PARTNER_SAVE, RefusedFile, SourceFile, check_text

LSOA_CODE = re.compile(r"^[EW]01\d{6}$")
DISTRICT_CODE = re.compile(r"^[EW]0[6789]\d{6}$")
LSOA_NAME = re.compile(r"^.+\s\d{3}[A-Z]$")
MAPPING_KEYS = ("date", "area", "category", "count")
# A partner's extract names a few dozen columns and holds a few hundred thousand rows.
# These bound what one file may cost a worker, whatever the file itself declares.
MAX_HEADER_BYTES = 64 * 1024
MAX_COLUMNS = 500
MAX_ROWS = 1_000_000
# What the database keeps for a month, an area's name and a category. A row's count is
# a month's incidents at most: a million is beyond any partner's table, and no month
# may add up past what a count column holds.
MAX_COUNT = 1_000_000
MAX_TOTAL = 2_147_483_647
MAX_TEXT = 120
# Partner tables start after community safety partnerships did (1998); a month
# before 2000 or after this one is a typing or export slip.
FIRST_YEAR = 2000


def _line(mask: pd.Series) -> int:
    return int(mask.to_numpy().argmax()) + 2


def _header(name: str, data: bytes) -> list[str]:
    """The column names, from a first line of bounded length and width."""
    # Blank lines before the header are skipped, as pandas skips them; a line may end in
    # \r\n, \n or (from an old Mac) \r alone.
    start = len(data) - len(data.lstrip(b"\r\n"))
    window = data[start : start + MAX_HEADER_BYTES]
    ends = [at for at in (window.find(b"\n"), window.find(b"\r")) if at >= 0]
    if not ends and len(data) - start > MAX_HEADER_BYTES:
        raise RefusedFile(
            f"The first line of {name} is longer than {MAX_HEADER_BYTES // 1024} KB. It "
            "should name the file's columns."
        )
    first_line = window[: min(ends) if ends else len(window)].decode("utf-8")
    try:
        header = [column.strip() for column in next(csv.reader([first_line]), [])]
    except csv.Error as error:
        raise RefusedFile(f"The first line of {name} could not be read as CSV.") from error
    if len(header) > MAX_COLUMNS:
        raise RefusedFile(
            f"{name} has {len(header):,} columns; the limit is {MAX_COLUMNS}. Keep the "
            "columns the mapping names and upload it again."
        )
    return header


def _refuse_long(name: str, column: str, values: pd.Series) -> None:
    long = values.str.len() > MAX_TEXT
    if long.any():
        raise RefusedFile(
            f"{name} has a {column} longer than {MAX_TEXT} characters on line "
            f"{_line(long)}. Check that the mapping names the right column."
        )


def read_partner_file(source: SourceFile, mapping: dict) -> pd.DataFrame:
    """Rows as month ('YYYY-MM'), area, category and count.

    The mapping names the file's columns: `date` (a month like 2024-03 or a date like
    23/11/2024), `area` (an LSOA code, an LSOA name, a district code or a district
    name), optionally `category` (else every row gets `category_name`) and optionally
    `count` (else each row is one incident).
    """
    data = check_text(source, save_again=PARTNER_SAVE)
    header = _header(source.name, data)
    wanted = {key: mapping.get(key, "").strip() for key in MAPPING_KEYS}
    missing = [column for column in wanted.values() if column and column not in header]
    if missing:
        raise RefusedFile(
            f"{source.name} has no column called {', '.join(repr(m) for m in missing)}. "
            f"Its columns are: {', '.join(header)}."
        )
    # Only the mapped columns are kept, and no more rows than the limit are read.
    used = sorted({header.index(column) for column in wanted.values() if column})
    try:
        frame = pd.read_csv(
            io.BytesIO(data), dtype=str, keep_default_na=False, usecols=used, nrows=MAX_ROWS + 1
        )
    except (ValueError, pd.errors.ParserError) as error:
        detail = str(error).split("\n")[0]
        raise RefusedFile(f"{source.name} could not be read as CSV: {detail}") from error
    frame.columns = [header[i] for i in used]
    if frame.empty:
        raise RefusedFile(f"{source.name} has a header but no rows.")
    if len(frame) > MAX_ROWS:
        raise RefusedFile(
            f"{source.name} has more than {MAX_ROWS:,} rows. Upload it in parts, for "
            "example a year at a time."
        )

    dates = frame[wanted["date"]].str.strip()
    months = pd.to_datetime(dates, format="mixed", dayfirst=True, errors="coerce")
    if months.isna().any():
        bad = months.isna()
        raise RefusedFile(
            f"{source.name} has a {wanted['date']} that is not a month or a date: "
            f"{dates[bad].iloc[0]!r} on line {_line(bad)}."
        )
    this_month = pd.Timestamp(timezone.localdate().replace(day=1))
    bad = (months.dt.year < FIRST_YEAR) | (months.dt.to_period("M").dt.start_time > this_month)
    if bad.any():
        raise RefusedFile(
            f"{source.name} has a {wanted['date']} outside January {FIRST_YEAR} to this "
            f"month: {dates[bad].iloc[0]!r} on line {_line(bad)}. Check the date and "
            "upload it again."
        )
    if wanted["count"]:
        raw = frame[wanted["count"]].str.strip()
        # Digits only: "1e3" and "12.0" are not counts a partner types.
        bad = ~raw.str.fullmatch(r"\d+")
        if bad.any():
            raise RefusedFile(
                f"{source.name} has a {wanted['count']} that is not a whole number of zero "
                f"or more: {raw[bad].iloc[0]!r} on line {_line(bad)}."
            )
        bad = (raw.str.len() > len(str(MAX_COUNT))) | (pd.to_numeric(raw) > MAX_COUNT)
        if bad.any():
            raise RefusedFile(
                f"{source.name} has a {wanted['count']} over {MAX_COUNT:,}: "
                f"{raw[bad].iloc[0][:20]!r} on line {_line(bad)}. Check the number."
            )
        counts = pd.to_numeric(raw).astype("int64")
        if counts.sum() > MAX_TOTAL:
            raise RefusedFile(
                f"The {wanted['count']} column of {source.name} adds up to more than "
                f"{MAX_TOTAL:,}. Check the numbers."
            )
    else:
        counts = pd.Series(1, index=frame.index, dtype="int64")
    if wanted["category"]:
        categories = frame[wanted["category"]].str.strip()
        if (categories == "").any():
            raise RefusedFile(
                f"{source.name} has an empty {wanted['category']} on line "
                f"{_line(categories == '')}."
            )
        _refuse_long(source.name, wanted["category"], categories)
    else:
        categories = pd.Series(
            mapping.get("category_name") or "All incidents", index=frame.index, dtype=str
        )
    areas = frame[wanted["area"]].str.strip()
    _refuse_long(source.name, wanted["area"], areas)
    return pd.DataFrame(
        {
            "month": months.dt.strftime("%Y-%m"),
            "area": areas,
            "category": categories,
            "count": counts,
        }
    )


def place_and_count(
    frame: pd.DataFrame, *, known_lsoas: dict[str, str], districts, source: str
) -> aggregates.Placed:
    """Place each row in a district of the partnership by the kind of area it names."""
    by_key = {aggregates.area_key(d.name): d.code for d in districts}
    by_code = {d.code: d.code for d in districts}
    placement: dict[str, tuple[str, str, str]] = {}  # area -> (district, lsoa, authority)
    for area in frame["area"].unique():
        if LSOA_CODE.match(area):
            authority = known_lsoas.get(area, aggregates.UNKNOWN_AREA)
            placement[area] = (by_key.get(aggregates.area_key(authority), ""), area, authority)
        elif DISTRICT_CODE.match(area):
            placement[area] = (by_code.get(area, ""), "", area)
        elif LSOA_NAME.match(area):
            authority = aggregates.authority_of(area)
            placement[area] = (by_key.get(aggregates.area_key(authority), ""), "", authority)
        elif area:
            placement[area] = (by_key.get(aggregates.area_key(area), ""), "", area)
    located = (frame["area"] != "").to_numpy()
    district = frame["area"].map(lambda a: placement.get(a, ("", "", ""))[0])
    in_area = located & (district != "").to_numpy()
    outside_mask = located & ~in_area
    outside = Counter()
    for area, rows_count in frame.loc[outside_mask, "area"].value_counts().items():
        outside[placement[area][2]] += int(rows_count)
    rows = frame[in_area].assign(
        district=district[in_area],
        lsoa=frame.loc[in_area, "area"].map(lambda a: placement[a][1]),
        source=source,
        outcome="",
    )
    aggregate = (
        rows.groupby(["month", "source", "district", "lsoa", "category", "outcome"])["count"]
        .sum()
        .reset_index()
    )
    return aggregates.Placed(
        aggregate=aggregates.normalise(aggregate),
        rows_read=len(frame),
        rows_in_area=int(in_area.sum()),
        rows_outside=int(outside_mask.sum()),
        rows_no_location=int((~located).sum()),
        outside=outside,
        months=set(frame["month"].unique()),
        sources={source},
        categories=set(frame["category"].unique()),
        learned={},
    )
