"""Fills the introduction: the partnership's agencies and the data sources: the
register's entries, then any imported dataset the register does not name."""

from ..blocks import Block, empty
from ..models import Report
from .reader import Reader


def read_introduction(reader: Reader) -> None:
    imported = reader.out.blocks.pop("introduction-sources", [])
    register = reader.out.blocks.pop("introduction-register", [])
    if reader.report.kind != Report.Kind.FULL:
        return
    agencies = list(reader.partnership.agencies.order_by("name"))
    if agencies:
        reader.add(
            "introduction",
            Block(
                kind="list",
                title="The partnership",
                caption="The responsible authorities and partners who contributed:",
                items=[a.name for a in agencies],
            ),
        )
    named = {b.title for b in register if b.title}
    rows = [b.items for b in register] + [
        [name, kind, "", f"Imported: {months}" if months else "", ""]
        for name, kind, months in (b.items for b in imported)
        if name not in named
    ]
    reader.add(
        "introduction",
        Block(
            kind="table",
            title="Data sources",
            headers=["Source", "Provided by", "Covers", "Latest data", "Reliability"],
            rows=rows,
        )
        if rows
        else empty("No data sources are recorded and no datasets have been imported yet."),
    )
