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
import pyarrow.compute as pc
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
    """Rows placed and counted: one file's, or a whole upload's."""

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
    # Rows in the area from each file read, in the order given.
    in_area_by_file: list = field(default_factory=list)


def _codes_and_labels(column: pa.ChunkedArray) -> tuple[np.ndarray, np.ndarray]:
    """A dictionary column (one dictionary across its chunks) as int64 codes, with -1
    for a missing value, and the labels the codes index."""
    array = column.combine_chunks() if column.num_chunks != 1 else column.chunk(0)
    codes = pc.fill_null(array.indices, -1).to_numpy().astype(np.int64)
    return codes, np.asarray(array.dictionary.to_pylist(), dtype=object)


def nameless_lsoa_codes(tables: list[pa.Table]) -> set[str]:
    """LSOA codes of rows that have a code but no name: the ones to look up."""
    codes: set[str] = set()
    for table in tables:
        nameless = table.filter(
            pc.and_(pc.is_null(table["LSOA name"]), pc.is_valid(table["LSOA code"]))
        )
        if nameless.num_rows:
            codes.update(pc.unique(nameless["LSOA code"].cast(pa.string())).to_pylist())
    return codes


def place_and_count(
    tables: list[pa.Table],
    *,
    known_lsoas: dict[str, str],
    district_codes: dict[str, str],
) -> Placed:
    """Assign each street-level row to a district of the partnership and count them.

    `tables` are the validated files of one upload (police_files.read_street_file);
    they are counted together, once. `known_lsoas` maps LSOA codes to authority names
    learned from earlier imports, for rows whose LSOA name is missing.
    `district_codes` maps the area_key of each of the partnership's district names to
    its ONS code. The work is done on dictionary codes with numpy, and the placing
    on the distinct LSOAs (a few hundred), not on the rows.
    """
    sizes_by_file = [table.num_rows for table in tables]
    # One dictionary per column across every file, so codes mean the same everywhere.
    table = pa.concat_tables(tables).unify_dictionaries()
    file_index = np.repeat(np.arange(len(tables)), sizes_by_file)
    columns = {
        "month": "Month",
        "source": "Falls within",
        "lsoa": "LSOA code",
        "name": "LSOA name",
        "category": "Crime type",
        "outcome": "Last outcome category",
    }
    codes, labels = {}, {}
    for key, column in columns.items():
        codes[key], labels[key] = _codes_and_labels(table[column])

    # The first name seen for each LSOA code.
    lsoa_codes = codes["lsoa"]
    first_codes, first_rows = np.unique(lsoa_codes, return_index=True)
    keep = first_codes >= 0
    name_codes = codes["name"][first_rows[keep]]
    learned, authority_by_code, district_by_code = {}, {}, {}
    for code, name_code in zip(labels["lsoa"][first_codes[keep]], name_codes, strict=True):
        if name_code >= 0:
            name = labels["name"][name_code]
            authority = authority_of(name)
            learned[code] = (name, authority)
        else:
            authority = known_lsoas.get(code, UNKNOWN_AREA)
        authority_by_code[code] = authority
        district_by_code[code] = district_codes.get(area_key(authority), "")

    district_names = sorted({d for d in district_by_code.values() if d})
    district_index = {name: i for i, name in enumerate(district_names)}
    lookup = np.array(
        [district_index.get(district_by_code.get(c, ""), -1) for c in labels["lsoa"]]
        + [-1],  # code -1 (no LSOA) indexes this last entry
        dtype=np.int64,
    )
    district = lookup[lsoa_codes]
    located = lsoa_codes >= 0
    in_area = district >= 0
    outside_mask = located & ~in_area
    outside: Counter = Counter()
    per_lsoa_outside = np.bincount(lsoa_codes[outside_mask], minlength=len(labels["lsoa"]))
    for index in np.flatnonzero(per_lsoa_outside):
        outside[authority_by_code[labels["lsoa"][index]]] += int(per_lsoa_outside[index])

    codes["district"] = district
    labels["district"] = np.asarray(district_names, dtype=object)
    # A missing value (code -1) becomes the last slot, decoded as "".
    order = ["month", "source", "district", "lsoa", "category", "outcome"]
    sizes = [len(labels[name]) + 1 for name in order]
    combined = np.ravel_multi_index(
        [
            np.where(codes[n][in_area] < 0, sizes[i] - 1, codes[n][in_area])
            for i, n in enumerate(order)
        ],
        sizes,
    )
    unique, counts = np.unique(combined, return_counts=True)
    aggregate = {}
    for name, index in zip(order, np.unravel_index(unique, sizes), strict=True):
        aggregate[name] = np.append(labels[name], "")[index]
    aggregate["count"] = counts.astype(np.int64)

    def used(key: str) -> set[str]:
        present = np.bincount(codes[key][codes[key] >= 0], minlength=len(labels[key])) > 0
        return set(labels[key][present])

    return Placed(
        aggregate=pd.DataFrame(aggregate)[COLUMNS],
        rows_read=table.num_rows,
        rows_in_area=int(in_area.sum()),
        rows_outside=int(outside_mask.sum()),
        rows_no_location=int((~located).sum()),
        outside=outside,
        months=used("month"),
        sources=used("source"),
        categories=used("category"),
        learned=learned,
        in_area_by_file=np.bincount(file_index[in_area], minlength=len(tables)).tolist(),
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
