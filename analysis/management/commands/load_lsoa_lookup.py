"""manage.py load_lsoa_lookup FILE: load the ONS LSOA to local authority lookup as
reference data that every partnership's imports read. Site staff only: it is a
command on the server, not a page.

The file is the ONS lookup as CSV, with columns like LSOA21CD, LSOA21NM and LAD22NM
(any census year). Loading is all or nothing; loading again replaces the rows.
"""

import csv
import io
import re
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from analysis import aggregates
from analysis.models import Lsoa

LIMIT_BYTES = 50 * 1024 * 1024  # the national file is about 5 MB
COLUMNS = {
    "code": re.compile(r"^LSOA\d{2}CD$", re.I),
    "name": re.compile(r"^LSOA\d{2}NM$", re.I),
    "authority": re.compile(r"^LAD\d{2}NM$", re.I),
}
LSOA_CODE = re.compile(r"^[EW]01\d{6}$")


def read_lookup(content: bytes) -> list[Lsoa]:
    text = content.decode("utf-8-sig")
    reader = csv.reader(io.StringIO(text))
    header = next(reader, [])
    where = {}
    for key, pattern in COLUMNS.items():
        found = [i for i, name in enumerate(header) if pattern.match(name.strip())]
        if not found:
            raise CommandError(
                f"The file has no {key} column (for example LSOA21CD, LSOA21NM, LAD22NM)."
            )
        where[key] = found[0]
    rows = {}
    for number, fields in enumerate(reader, start=2):
        try:
            code, name, authority = (
                fields[where[k]].strip() for k in ("code", "name", "authority")
            )
        except IndexError:
            raise CommandError(f"Line {number} has too few columns.") from None
        if not LSOA_CODE.match(code):
            raise CommandError(f"Line {number}: {code!r} is not an LSOA code.")
        rows[code] = Lsoa(
            code=code, name=name, authority=authority, authority_key=aggregates.area_key(authority)
        )
    return list(rows.values())


class Command(BaseCommand):
    help = "Load the ONS LSOA to local authority lookup as reference data."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file: Path, **options):
        if file.stat().st_size > LIMIT_BYTES:
            raise CommandError(f"{file} is larger than {LIMIT_BYTES // (1024 * 1024)} MB.")
        rows = read_lookup(file.read_bytes())
        with transaction.atomic():
            Lsoa.objects.filter(partnership__isnull=True).delete()
            Lsoa.objects.bulk_create(rows, batch_size=1000)
        self.stdout.write(f"Loaded {len(rows):,} LSOAs as reference data.")
