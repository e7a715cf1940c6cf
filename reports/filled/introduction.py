"""Fills the introduction: the partnership's agencies and the data sources the
analysis filler found."""

from ..blocks import Block, empty
from ..models import Report
from .reader import Reader


def read_introduction(reader: Reader) -> None:
    sources = reader.out.blocks.pop("introduction-sources", [])
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
    reader.add(
        "introduction",
        Block(
            kind="table",
            title="Data sources",
            headers=["Source", "Kind", "Months held"],
            rows=[b.items for b in sources],
        )
        if sources
        else empty("No datasets have been imported yet."),
    )
