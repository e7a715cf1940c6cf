"""The shapes of filled-in report content: a block (a table, a chart, a list or a
note) and the blocks gathered for one report with the evidence each statutory
component can point to. The fillers make them; content and the PDF templates read them."""

from dataclasses import dataclass, field


@dataclass
class Block:
    """One piece of filled-in content: a table, a chart, a list or a note."""

    kind: str  # "table", "chart", "list", "note", "row", "empty"
    title: str = ""
    caption: str = ""
    headers: list[str] = field(default_factory=list)
    rows: list[list] = field(default_factory=list)
    numeric: list[bool] = field(default_factory=list)  # per column: align right
    items: list[str] = field(default_factory=list)
    image: str = ""  # data: URL of a chart
    alt: str = ""
    text: str = ""
    wide: bool = False  # printed on a landscape page

    def _numeric(self, index: int) -> bool:
        return index < len(self.numeric) and self.numeric[index]

    def header_cells(self) -> list[tuple[str, bool]]:
        return [(h, self._numeric(i)) for i, h in enumerate(self.headers)]

    def body_rows(self) -> list[list[tuple[object, bool]]]:
        return [[(c, self._numeric(i)) for i, c in enumerate(row)] for row in self.rows]


def empty(text: str) -> Block:
    """A block saying plainly that its data is not there yet."""
    return Block(kind="empty", text=text)


@dataclass
class Gathered:
    """Blocks by section key, and the evidence for the statutory-components check."""

    blocks: dict[str, list[Block]] = field(default_factory=dict)
    evidence: dict[str, list[str]] = field(default_factory=dict)
    charts: int = 0

    def add(self, key: str, *blocks: Block) -> None:
        self.blocks.setdefault(key, []).extend(blocks)

    def note(self, component: str, text: str) -> None:
        self.evidence.setdefault(component, []).append(text)
