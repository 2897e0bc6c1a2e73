"""Stage 2: the token stream to rows, each a run of label fragments followed by its value cells.

A row opens at the first value after some text and closes at the next text. Every text token since the
previous row's values is a fragment of the row's label (headers, captions, vertical label stacks and
wrapped labels included); ``labels`` decides which fragments make the label.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from xxgk.pipeline.tables.tokens import Token


@dataclass(slots=True)
class Row:
    fragments: list[Token] = field(default_factory=list)  # text tokens before the values
    values: list[Token] = field(default_factory=list)

    @property
    def line(self) -> int | None:
        if self.fragments:
            return self.fragments[-1].line
        return self.values[0].line if self.values else None

    def __repr__(self) -> str:
        label = "/".join(t.text for t in self.fragments[-3:])
        return f"Row({label!r}: {[t.text for t in self.values]})"


def assemble(tokens: list[Token]) -> list[Row]:
    rows: list[Row] = []
    current = Row()
    for tok in tokens:
        if tok.is_text:
            if current.values:
                rows.append(current)
                current = Row()
            current.fragments.append(tok)
        else:
            current.values.append(tok)
    if current.values or current.fragments:
        rows.append(current)
    return rows


def last_printed(rows: Iterable[Row]) -> Row | None:
    """The row whose values end last in the text (a table's last row as printed); None for no row."""
    return max(rows, key=lambda r: r.values[-1].end if r.values else -1, default=None)
