"""Thirty-six months of police data for each generated partnership, resampled from the
real data.police.uk extracts and saved exactly as an import saves them.

The real files are read once by the import's own parser (police_files.read_street_file).
For each partnership and month, rows are drawn at random (with replacement) from them,
their LSOAs renamed into the partnership's invented districts (a row from an LSOA of
another authority, such as "St Albans 001A", keeps its name and counts as outside the
area, as in the real files) and their force named the county's. The months' tables then
go through the import's own counting (aggregates.place_and_count) and saving
(analysis.services._persist: both Parquet files, the MonthlyCount rows, the learned
LSOAs and the finished Upload), so the analysis pages read what a real import leaves.

What differs from a real upload: the 36 generated CSV files are never written to disk.
The Upload lists them, marked as deleted by the retention run (`files_deleted_on`),
which is what a partnership whose files have passed their keep-until date has; the
counts, which the pages read, are kept as always.
"""

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from django.utils import timezone

from analysis import aggregates, police_files
from analysis import services as analysis_services
from analysis.models import Dataset, Upload
from analysis.police_files import SourceFile
from partnerships.models import District, Membership

# Recorded crime and ASB per 1,000 residents a month, roughly England's rate.
MONTHLY_RATE = 6.0
DICT = police_files.DICTIONARY
MAIN_AUTHORITY_ROWS = 20  # fewer rows than this: a neighbouring authority, left outside


def _dictionary(indices: np.ndarray, labels: list[str]) -> pa.DictionaryArray:
    """Codes (-1 for missing) over `labels`, as the parser's dictionary columns."""
    mask = indices < 0
    return pa.DictionaryArray.from_arrays(
        pa.array(np.where(mask, 0, indices).astype(np.int32), mask=mask),
        pa.array(labels, pa.string()),
    )


@dataclass
class PolicePool:
    """The real rows, as codes: what every partnership's months are drawn from."""

    columns: dict[str, np.ndarray]  # column -> int codes (-1 missing)
    labels: dict[str, list[str]]
    lsoa: np.ndarray  # per row: index into lsoa_pairs, -1 for a row with no location
    lsoa_pairs: list[tuple[str, str]]  # (code, name) of each distinct LSOA
    main: list[bool]  # per LSOA: in one of the files' own authorities
    bytes_per_row: int
    rows: int

    @classmethod
    def read(cls, folder: Path) -> "PolicePool":
        paths = sorted(folder.glob("*-street.csv"))
        if not paths:
            raise FileNotFoundError(f"No data.police.uk street files in {folder}")
        tables = [police_files.read_street_file(SourceFile(p.name, p.read_bytes())) for p in paths]
        table = pa.concat_tables(tables).unify_dictionaries().combine_chunks()
        columns, labels = {}, {}
        for name in table.column_names:
            array = table[name].chunk(0)
            columns[name] = pc.fill_null(array.indices, -1).to_numpy().astype(np.int64)
            labels[name] = array.dictionary.to_pylist()
        pairs: dict[tuple[str, str], int] = {}
        lsoa = np.full(table.num_rows, -1, dtype=np.int64)
        codes, names = columns["LSOA code"], columns["LSOA name"]
        for row in range(table.num_rows):
            if codes[row] < 0 or names[row] < 0:
                continue
            pair = (labels["LSOA code"][codes[row]], labels["LSOA name"][names[row]])
            lsoa[row] = pairs.setdefault(pair, len(pairs))
        by_authority = Counter(aggregates.authority_of(name) for _, name in pairs)
        rows_by_authority = Counter(
            aggregates.authority_of(labels["LSOA name"][n]) for n in names if n >= 0
        )
        main = [
            rows_by_authority[aggregates.authority_of(n)] >= MAIN_AUTHORITY_ROWS for _, n in pairs
        ]
        assert by_authority  # at least one located row
        size = sum(p.stat().st_size for p in paths)
        return cls(
            columns=columns,
            labels=labels,
            lsoa=lsoa,
            lsoa_pairs=list(pairs),
            main=main,
            bytes_per_row=max(1, size // table.num_rows),
            rows=table.num_rows,
        )

    def renamed_lsoas(
        self, districts: list[District], code_base: int
    ) -> tuple[list[str], list[str]]:
        """The LSOAs' codes and names in the partnership's districts: the real ones
        dealt out among the districts and numbered within each ("Ashford 004B")."""
        codes, names = [], []
        seen: Counter = Counter()
        for index, (code, name) in enumerate(self.lsoa_pairs):
            if not self.main[index]:
                codes.append(code)
                names.append(name)
                continue
            district = districts[index % len(districts)]
            number = seen[district.pk]
            seen[district.pk] += 1
            codes.append(f"E01{code_base + index:06d}")
            names.append(f"{district.name} {number // 4 + 1:03d}{'ABCD'[number % 4]}")
        return codes, names

    def month_table(
        self,
        rng: np.random.Generator,
        rows: int,
        month: str,
        force: str,
        lsoa_codes: list[str],
        lsoa_names: list[str],
    ) -> pa.Table:
        picked = rng.integers(0, self.rows, rows)
        lsoa = self.lsoa[picked]
        columns = {}
        for name in police_files.NEEDED:
            if name == "Month":
                columns[name] = _dictionary(np.zeros(rows, np.int64), [month])
            elif name == "Falls within":
                columns[name] = _dictionary(np.zeros(rows, np.int64), [force])
            elif name == "LSOA code":
                columns[name] = _dictionary(lsoa, lsoa_codes)
            elif name == "LSOA name":
                columns[name] = _dictionary(lsoa, lsoa_names)
            else:
                columns[name] = _dictionary(self.columns[name][picked], self.labels[name])
        return pa.table(columns)


def months_back(today: date, count: int) -> list[str]:
    """The `count` months before this one, oldest first: data.police.uk publishes a
    month's file about two months after it ends, so the latest is two months back."""
    first = today.replace(day=1)
    months = []
    for _ in range(count + 1):
        first = (first - timedelta(days=1)).replace(day=1)
        months.append(f"{first:%Y-%m}")
    return sorted(months[1:])


def import_police_months(
    *,
    pool: PolicePool,
    rng: np.random.Generator,
    analyst: Membership,
    districts: list[District],
    force: str,
    months: list[str],
    code_base: int,
    today: date,
) -> Upload:
    """One upload of `months` street files for the analyst's partnership, counted and
    saved by the import's own code (see the module docstring)."""
    partnership = analyst.partnership
    dataset = analysis_services.police_dataset(partnership=partnership)
    lsoa_codes, lsoa_names = pool.renamed_lsoas(districts, code_base)
    population = sum(d.population or 100_000 for d in districts)
    trend = rng.uniform(-0.004, 0.006)  # a slow rise or fall a month
    tables = []
    for number, month in enumerate(months):
        season = 1 + 0.12 * np.sin((int(month[5:]) - 4) / 12 * 2 * np.pi)
        expected = population / 1000 * MONTHLY_RATE * season * (1 + trend) ** number
        tables.append(
            pool.month_table(rng, int(rng.poisson(expected)), month, force, lsoa_codes, lsoa_names)
        )
    placed = aggregates.place_and_count(
        tables,
        known_lsoas={},
        district_codes={aggregates.area_key(d.name): d.code for d in districts},
    )
    now = timezone.now()
    upload = Upload.objects.create(
        dataset=dataset,
        uploaded_by=analyst,
        status=Upload.Status.RUNNING,
        attempts=1,
        started_at=now,
        claim_expires_at=now + timedelta(hours=1),
        files_deleted_on=today,
    )
    force_slug = force.lower().replace(" ", "-")
    upload.files = [
        {
            "name": f"{month}-{force_slug}-street.csv",
            "path": f"analysis/{partnership.slug}/uploads/{upload.pk}/"
            f"{index:03d}-{month}-{force_slug}-street.csv",
            "size": table.num_rows * pool.bytes_per_row,
        }
        for index, (month, table) in enumerate(zip(months, tables, strict=True))
    ]
    Upload.objects.filter(pk=upload.pk).update(files=upload.files)
    # The import's own saving: Parquet files, monthly rows, learned LSOAs, upload done.
    analysis_services._persist(upload, [placed], districts, [])  # noqa: SLF001
    return upload


def police_dataset_of(partnership) -> Dataset:
    return Dataset.objects.get(partnership=partnership, kind=Dataset.Kind.POLICE_STREET)
