"""From validated rows to aggregates: placing rows in the partnership's districts by LSOA,
counting month x LSOA x category x outcome, and the Parquet file that holds the counts.
No ORM: the services pass in what the database knows and save what comes back."""

import functools
import os
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
from django.conf import settings

COLUMNS = ["month", "source", "district", "lsoa", "category", "outcome", "count"]
SCHEMA = pa.schema(
    [
        ("month", pa.string()),
        ("source", pa.string()),
        ("district", pa.string()),
        ("lsoa", pa.string()),
        ("category", pa.string()),
        ("outcome", pa.string()),
        ("count", pa.int64()),
    ]
)
UNKNOWN_AREA = "An LSOA the workbench cannot place"
LSOA_SUFFIX = re.compile(r"^(?P<authority>.+?)\s+\d{3}[A-Z]$")


def media_path(relative: str) -> Path:
    """Where a stored file lives: MEDIA_ROOT, shared by every web and worker machine."""
    return Path(settings.MEDIA_ROOT) / relative


def authority_of(lsoa_name: str) -> str:
    """'Central Bedfordshire 012C' -> 'Central Bedfordshire'."""
    name = " ".join(str(lsoa_name).split())
    match = LSOA_SUFFIX.match(name)
    return match.group("authority") if match else name


def area_key(name: str) -> str:
    return " ".join(str(name).split()).casefold()


def empty_frame() -> pd.DataFrame:
    return SCHEMA.empty_table().to_pandas()


@dataclass
class Placed:
    """One file's rows placed and counted."""

    aggregate: pd.DataFrame
    rows_read: int = 0
    rows_in_area: int = 0
    rows_outside: int = 0
    rows_no_location: int = 0
    outside: Counter = field(default_factory=Counter)
    months: set = field(default_factory=set)
    sources: set = field(default_factory=set)
    categories: set = field(default_factory=set)
    # LSOA code -> (LSOA name, authority) for every named LSOA seen.
    learned: dict = field(default_factory=dict)


def place_and_count(
    frame: pd.DataFrame,
    *,
    known_lsoas: dict[str, str],
    district_codes: dict[str, str],
) -> Placed:
    """Assign each street-level row to a district of the partnership and count them.

    `known_lsoas` maps LSOA codes to authority names learned from earlier imports, for
    rows whose LSOA name is missing. `district_codes` maps the area_key of each of the
    partnership's district names to its ONS code. The work is done on the distinct
    LSOAs (a few hundred), not on the rows.
    """
    codes, names = frame["LSOA code"], frame["LSOA name"]
    # The first name seen for each LSOA code, found on category codes.
    code_index = codes.cat.codes.to_numpy()
    first_codes, first_rows = np.unique(code_index, return_index=True)
    keep = first_codes >= 0
    name_at = names.to_numpy()[first_rows[keep]]
    pairs = {"code": codes.cat.categories[first_codes[keep]].astype(str), "name": name_at}
    learned, authority_by_code, district_by_code = {}, {}, {}
    for code, name in zip(pairs["code"], pairs["name"], strict=True):
        if isinstance(name, str):
            authority = authority_of(name)
            learned[code] = (name, authority)
        else:
            authority = known_lsoas.get(code, UNKNOWN_AREA)
        authority_by_code[code] = authority
        district_by_code[code] = district_codes.get(area_key(authority), "")

    # Work on category codes with numpy: far quicker than a pandas group-by on six
    # categorical keys, and the import's time goes mostly here.
    lsoa_codes = codes.cat.codes.to_numpy()
    district_names = sorted({d for d in district_by_code.values() if d})
    district_index = {name: i for i, name in enumerate(district_names)}
    lookup = np.array(
        [district_index.get(district_by_code.get(str(c), ""), -1) for c in codes.cat.categories]
        + [-1],  # code -1 (no LSOA) indexes this last entry
        dtype=np.int64,
    )
    district = lookup[lsoa_codes]
    located = lsoa_codes >= 0
    in_area = district >= 0
    outside_mask = located & ~in_area
    outside = Counter(
        codes[outside_mask].map(authority_by_code).astype(str).value_counts().to_dict()
    )

    keys = {
        "month": frame["Month"],
        "source": frame["Falls within"],
        "lsoa": codes,
        "category": frame["Crime type"],
        "outcome": frame["Last outcome category"],
    }
    parts = {
        name: series.cat.codes.to_numpy()[in_area].astype(np.int64) for name, series in keys.items()
    }
    parts["district"] = district[in_area]
    labels = {name: np.asarray(series.cat.categories.astype(str)) for name, series in keys.items()}
    labels["district"] = np.asarray(district_names, dtype=object)
    # A missing value (code -1) becomes the last slot, decoded as "".
    order = ["month", "source", "district", "lsoa", "category", "outcome"]
    sizes = [len(labels[name]) + 1 for name in order]
    combined = np.ravel_multi_index(
        [np.where(parts[n] < 0, sizes[i] - 1, parts[n]) for i, n in enumerate(order)], sizes
    )
    unique, counts = np.unique(combined, return_counts=True)
    columns = {}
    for name, index in zip(order, np.unravel_index(unique, sizes), strict=True):
        decoded = np.append(labels[name].astype(object), "")
        columns[name] = decoded[index]
    columns["count"] = counts.astype(np.int64)
    aggregate = pd.DataFrame(columns)[COLUMNS]
    return Placed(
        aggregate=aggregate,
        rows_read=len(frame),
        rows_in_area=int(in_area.sum()),
        rows_outside=int(outside_mask.sum()),
        rows_no_location=int((~located).sum()),
        outside=outside,
        months=set(map(str, frame["Month"].cat.categories)),
        sources=set(map(str, frame["Falls within"].dropna().unique())),
        categories=set(map(str, frame["Crime type"].cat.categories)),
        learned=learned,
    )


def normalise(frame: pd.DataFrame) -> pd.DataFrame:
    """Plain string columns and an int64 count, in the stored column order."""
    out = {column: frame[column].astype(str) for column in COLUMNS[:-1]}
    out["count"] = frame["count"].astype("int64")
    return pd.DataFrame(out)[COLUMNS]


def merge(existing: pd.DataFrame, new: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """Replace every (month, source) the new counts cover; keep everything else.

    Replacing by month and force rather than by month alone lets a partnership on a
    force boundary import each force's file for the same month.
    """
    new_keys = set(zip(new["month"], new["source"], strict=True))
    if existing.empty:
        return new.reset_index(drop=True), []
    existing_keys = pd.Series(list(zip(existing["month"], existing["source"], strict=True)))
    replaced_mask = existing_keys.isin(new_keys).to_numpy()
    replaced = sorted({month for month, _ in existing_keys[replaced_mask]})
    kept = existing[~replaced_mask]
    merged = pd.concat([kept, new], ignore_index=True)
    return merged.sort_values(
        ["month", "district", "lsoa", "category"], ignore_index=True
    ), replaced


def write(frame: pd.DataFrame, path: Path) -> None:
    """Write to a temporary name and rename, so no reader sees a partial file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    table = pa.Table.from_pandas(frame[COLUMNS], schema=SCHEMA, preserve_index=False)
    partial = path.with_suffix(".partial")
    pq.write_table(table, partial, compression="zstd")
    os.replace(partial, path)


@functools.lru_cache(maxsize=16)
def _read_cached(path: str) -> pd.DataFrame:
    return pq.read_table(path).to_pandas()


def read(path: Path | None) -> pd.DataFrame:
    """The counts in a dataset's file. Files are never rewritten in place (each import
    writes a new name), so caching by path cannot serve stale counts."""
    if path is None or not Path(path).exists():
        return empty_frame()
    return _read_cached(str(path))
