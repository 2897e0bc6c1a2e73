"""Re-print a tab-layout report (seeds 000–002) in the other text layouts, for the same-values tests.

Each function keeps headings and narrative lines as they are and rewrites only the table cells:
``to_pipe_rows`` (web copy: one table row per line, cells ending with " |"), ``to_plain`` (one cell per
line, blank cells as NBSP-only lines, no merged-cell placeholders, like seed 003), ``to_pdf_rows``
(PDF text: a row's label and numbers on one line separated by spaces; blank cells vanish).
"""

from __future__ import annotations


def tab_groups(text: str) -> list[tuple[str, object]]:
    """[("line", text)] for non-table lines and [("row", [cells])] for each tab row group."""
    out: list[tuple[str, object]] = []
    cells: list[str] | None = None
    for line in text.split("\n"):
        if line.startswith("\t"):
            if cells is None:
                cells = []
            cells.extend(line[1:].split("\t"))
        elif line.strip() and cells is not None:
            cells[-1] += line.strip()  # header continuation ("本年新" + "制作数量")
        else:
            if cells is not None:
                out.append(("row", cells))
                cells = None
            out.append(("line", line))
    if cells is not None:
        out.append(("row", cells))
    return out


def _blank(c: str) -> bool:
    return not c.strip()


def _drop_placeholders(cells: list[str]) -> list[str]:
    i = 0
    while i < len(cells) and _blank(cells[i]):
        i += 1
    if i < len(cells) and not _is_number(cells[i].strip()):  # blanks before a label: placeholders
        return cells[i:]
    return cells


def to_pipe_rows(text: str) -> str:
    lines = []
    for kind, item in tab_groups(text):
        if kind == "line":
            lines.append(item)
        else:
            lines.append(" | ".join(c.strip() for c in item) + " |")
    return "\n".join(lines)


def to_plain(text: str) -> str:
    lines = []
    for kind, item in tab_groups(text):
        if kind == "line":
            if item.strip():
                lines.append(item)
        else:
            for c in _drop_placeholders(item):
                lines.append(c.strip() if not _blank(c) else "\u00a0")
    return "\n".join(lines)


def to_pdf_rows(text: str) -> str:
    lines = []
    for kind, item in tab_groups(text):
        if kind == "line":
            if item.strip():
                lines.append(item)
            continue
        cells = [c.strip() for c in item if not _blank(c)]
        labels = [c for c in cells if not _is_number(c)]
        numbers = [c for c in cells if _is_number(c)]
        for lab in labels[:-1]:
            lines.append(lab)
        lines.append(" ".join(([labels[-1]] if labels else []) + numbers))
    return "\n".join(ln for ln in lines if ln.strip())


def _is_number(c: str) -> bool:
    s = c.replace("万元", "").replace("元", "").lstrip("+-")
    return s.replace(".", "", 1).isdigit()
