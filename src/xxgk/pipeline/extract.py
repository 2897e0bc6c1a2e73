"""The extraction pipeline: text -> sections -> tables -> checks -> ``Report``. No LLM, no network."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Mapping
from typing import Literal

from xxgk.core.errors import NotAReportError, Pre2019ReportError
from xxgk.core.figures import Figure, merge
from xxgk.core.model import Meta, Note, Provenance, Report, Section, Status, Table
from xxgk.core.text import (
    NormText,
    normalize,
    squash,
    without_emphasis,
    without_list_marks,
    without_markdown_marks,
    without_page_numbers,
)
from xxgk.pipeline.checks import recheck
from xxgk.pipeline.meta import detect_meta
from xxgk.pipeline.ocr import mark_ocr_cells, settle_doubtful
from xxgk.pipeline.quoted import t4_figures, table_figures
from xxgk.pipeline.sections import (
    SectionSpan,
    clip_lines,
    cut_long_lines,
    displaced_tables,
    misplaced_tables,
    section_lines,
    single_spaced,
    split_sections,
)
from xxgk.pipeline.tables import (
    DEFAULT_SETTINGS,
    Line,
    TableSettings,
    Token,
    glued_rows,
    parse_table,
    rows_on_one_line,
)
from xxgk.readers import Document
from xxgk.version import __version__

_DIGIT = re.compile(r"\d")
_GLUED_ROWS = 3  # lines of one glued row each that make a table a stream (table 二 of 2021 has 3 such rows)
_TABLE_SECTIONS = {"t2": 2, "t3": 3, "t4": 4}
_SECTION_NAMES = {2: "二、主动公开政府信息情况", 3: "三、收到和处理政府信息公开申请情况",
                  4: "四、政府信息公开行政复议、行政诉讼情况"}


class TextLocator:
    """Provenance of tokens: offsets into the decoded original text and the line; for grid sources
    also the table, row and cell, and the page of a PDF."""

    def __init__(self, nt: NormText, doc: Document | None = None, file_lines: list[int] | None = None) -> None:
        self.nt = nt
        self.grid = doc if doc is not None and (doc.cells or doc.page_starts) else None
        self.file_lines = file_lines  # (the file's number of each line read, where they differ: ``single_spaced``)

    def file_line(self, line: int) -> int:
        """The line's number in the file."""
        return line if self.file_lines is None else self.file_lines[min(max(line, 1), len(self.file_lines)) - 1]

    def locate(self, tok: Token) -> tuple[Provenance, str]:
        start, end = self.nt.to_raw(tok.start), self.nt.to_raw_end(tok.end)
        line = self.file_line(tok.line)
        if self.grid is None:
            prov = Provenance.typed(start, end, line)
        else:
            ref, page = self.grid.locate(start)
            if ref is None:
                prov = Provenance.typed(start, end, line, page)
            else:
                prov = Provenance.typed(start, end, line, page, ref.table, ref.row, ref.cell)
        return prov, self.nt.raw[start:end]

    def original(self, start: int, end: int) -> tuple[str, list[int]]:
        nt = self.nt
        a = nt.to_raw(start)
        return nt.raw[a:nt.to_raw_end(end)], [nt.to_raw(i) - a for i in range(start, end + 1)]


def rereader(doc: Document, source: str, sha256: str | None,
             figures: Mapping[str, Figure] | None = None) -> Callable[[TableSettings], Report]:
    """The rules run again over the same document with other table settings (labels the LLM located, as
    ``TableSettings.label_aliases``): what the LLM step is given to verify an answer with."""
    def reread(settings: TableSettings) -> Report:
        return extract_rules(doc, source, sha256, settings, figures=figures)[0]

    return reread


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def extract_rules(doc: Document, source: str, sha256: str | None = None,
                  settings: TableSettings = DEFAULT_SETTINGS, *,
                  figures: Mapping[str, Figure] | None = None) -> tuple[Report, Document]:
    """The rule-based extraction, and the document whose text the report's offsets refer to: of the document's
    text and, tried in turn, a PDF's table geometry (while cells stay uncertain: the one leaving fewer) and its
    layout text (while cells stay uncertain or the report is not admitted: the one admitted, else leaving fewer)."""
    best, best_doc = _extract(doc, source, sha256, settings, figures), doc
    doubt = _uncertain(best)
    readings: tuple[tuple[Literal["geometry", "layout"], Callable[[], Document | None] | None], ...] = (
        ("geometry", doc.alternative), ("layout", doc.layout))
    for reading, other in readings:
        wanted = doubt or (reading == "layout" and not _admitted(best))
        alt_doc = other() if other is not None and wanted else None
        if alt_doc is None:
            continue
        try:
            alt = _extract(alt_doc, source, sha256, settings, figures)
        except NotAReportError:
            continue
        alt_doubt = _uncertain(alt)
        better = alt_doubt < doubt if reading == "geometry" or _admitted(alt) == _admitted(best) else _admitted(alt)
        if better:
            alt.reading = reading
            alt.notes.append(Note(code=f"read_by_{reading}", message=(
                f"tables read from the {doc.format.upper()} geometry: the text layer left {doubt} cell(s) uncertain, "
                f"the geometry {alt_doubt}" if reading == "geometry" else
                f"tables read from the {doc.format.upper()}'s layout text (each character at its place on the page): "
                f"the {best.reading} reading left {doubt} cell(s) uncertain and was {best.status.value}, the layout "
                f"text {alt_doubt}")))
            best, best_doc, doubt = alt, alt_doc, alt_doubt
    return best, best_doc


def _admitted(report: Report) -> bool:
    return report.status in (Status.accepted, Status.flagged)


def _uncertain(report: Report) -> int:
    """Cells not placed with certainty (ambiguous, missing, inferred) plus a penalty for a failed table."""
    n = sum(1 for t in (report.t2, report.t3, report.t4) for _, c in t.iter_cells() if c.placement != "label")
    return n + 1000 * sum(1 for t in (report.t2, report.t3, report.t4) if not t.found or t.error is not None)


def _extract(doc: Document, source: str, sha256: str | None, settings: TableSettings,
             outside: Mapping[str, Figure] | None = None) -> Report:
    if doc.needs_ocr:
        return _needs_ocr(doc, source, sha256)
    nt = without_page_numbers(without_emphasis(without_markdown_marks(without_list_marks(normalize(doc.text)))))
    physical, file_lines = single_spaced([Line(start, text, i + 1) for i, (start, text) in enumerate(nt.lines())], nt)
    lines = cut_long_lines(physical)
    spans = split_sections(nt, lines)
    if len(spans) < 2:
        _refuse_pre_2019(nt, lines, source, spans)
        raise NotAReportError(
            "not a 政府信息公开工作年度报告: no section headings and no disclosure tables found", source=source
        )
    notes = [Note(code=code, message=message) for code, message in doc.notes]
    if file_lines is not None:
        notes.append(Note(code="line_breaks_doubled",
                          message="every line break doubled (an empty line after every line: CR CR LF, or lines "
                                  "joined by an empty line): read with the empty line after each line left out"))
    if nt.traditional:
        notes.append(Note(code="traditional_converted",
                          message="written in traditional characters: converted to simplified for matching "
                                  "(values and provenance refer to the original text)"))
    if nt.annotations:
        notes.append(Note(code="annotations_removed",
                          message=f"{nt.annotations} reading(s) annotated after characters (公(gong)开, as spam "
                                  "mirrors print them) left out for matching (the original text keeps them)"))
    loc = TextLocator(nt, doc, file_lines)
    tables: dict[str, Table] = {}
    s1 = spans.get(1)
    s1_text = nt.text[s1.body_start : s1.end] if s1 else ""
    figures = t4_figures(s1_text)
    quoted = merge(table_figures(s1_text), outside or {})
    # a report scraped onto one line: every table is read as a character stream (see tables.stream)
    bodies = {name: section_lines(lines, spans[n]) for name, n in _TABLE_SECTIONS.items() if n in spans}
    empty = [name for name, body in bodies.items() if not any(ln.text.strip() for ln in body)]
    displaced = displaced_tables(lines, spans, empty)
    for name, moved in displaced.items():
        bodies[name] = moved
        notes.append(Note(code="table_displaced", table=name, line=moved[0].number,
                          message=f"section {_SECTION_NAMES[_TABLE_SECTIONS[name]][:1]} holds no line; its table "
                                  f"is printed after the last section (line {moved[0].number}): read there"))
    misplaced = {name: block for name, block in misplaced_tables(lines, spans).items() if name not in displaced}
    if misplaced:
        _move_blocks(bodies, misplaced, notes)
    # (decided on the physical lines: cutting long lines at indents would hide that rows share a line)
    # (or its rows stand one a line with their cells glued: read the same way; table 三's rows only when
    # blanks follow their digits, its full digit runs are cut better line by line)
    streamed = {name: rows_on_one_line(body := clip_lines(physical, spans[n].body_start, spans[n].end)) >= 2
                or glued_rows(body, with_blanks=name != "t2", original=loc.original) >= _GLUED_ROWS
                for name, n in _TABLE_SECTIONS.items() if n in spans and name != "t4"}
    if "t4" in bodies:  # one data row, no row labels: streamed when the others are and its lines are few
        streamed["t4"] = any(streamed.values()) and sum(1 for ln in bodies["t4"] if _DIGIT.search(ln.text)) < 5
    for name, number in _TABLE_SECTIONS.items():
        span = spans.get(number)
        if span is None:
            tables[name] = Table(name=name, error=_missing_section_reason(number, spans))
            continue
        where = Provenance(start=nt.to_raw(span.body_start), end=nt.to_raw_end(span.end), line=loc.file_line(span.line))
        sec_lines = bodies[name]
        if not any(ln.text.strip() for ln in sec_lines):
            tables[name] = Table(name=name, span=where, error=f"section {_SECTION_NAMES[number][:1]} holds no "
                                 "table text (the table may be an image: needs OCR)")
            continue
        table = parse_table(name, sec_lines, loc, notes, settings, layout="stream" if streamed.get(name) else None,
                            figures={k: v for k, v in quoted.items() if k.startswith(name + ".")},
                            t4_figures=figures if name == "t4" else None)
        if not table.found and not _has_numbers(table, sec_lines):
            table.error = (f"section {_SECTION_NAMES[number][:1]} holds no table cells "
                           "(the table may be an image: needs OCR)")
        table.span = where
        tables[name] = table

    if file_lines is not None:
        _file_lines_in_notes(notes, loc.file_line)
    if not any(c.state == "number" for t in tables.values() for _, c in t.iter_cells()):
        _refuse_pre_2019(nt, lines, source, spans)  # (no table prints a number)
    first = min(s.start for s in spans.values())
    head_lines = [ln.text for ln in lines if ln.start < first]
    meta = detect_meta(head_lines, nt.text[: first + 400], s1_text, nt.text)
    if meta.year is not None and meta.year_reason:  # (the title's year and the statistics period's differ)
        notes.append(Note(code="year_conflict", message=meta.year_reason))
    _decide_template(meta, tables, notes)

    layouts = {t.layout for t in tables.values() if t.layout and t.found}
    report = Report(
        source=source,
        sha256=sha256,
        xxgk_version=__version__,
        format=doc.format,
        encoding=doc.encoding,
        layout=layouts.pop() if len(layouts) == 1 else ("mixed" if layouts else None),
        status=Status.failed,
        meta=meta,
        sections={str(k): _narrative(nt, spans[k], loc.file_line(spans[k].line)) for k in (1, 5, 6) if k in spans},
        t2=tables["t2"],
        t3=tables["t3"],
        t4=tables["t4"],
        notes=notes,
    )
    if mark_ocr_cells(report, doc):
        settle_doubtful(report)
    return recheck(report)


_TEMPLATE_WORDS = re.compile(r"第二十条|本年新收|申请人情况|结果维持|本年制发|本年新制作")


def _move_blocks(bodies: dict[str, list[Line]], misplaced: dict[str, list[Line]], notes: list[Note]) -> None:
    """Each table's rows printed in a later section (``misplaced_tables``) read after its own section's lines,
    and out of the section they stand in."""
    moved = {ln.start for block in misplaced.values() for ln in block}
    for name in bodies:
        bodies[name] = [ln for ln in bodies[name] if ln.start not in moved]
    for name, block in misplaced.items():
        if name not in bodies:
            continue
        bodies[name] = bodies[name] + block
        notes.append(Note(code="table_rows_moved", table=name, line=block[0].number,
                          message=f"{len(block)} row(s) of table {_SECTION_NAMES[_TABLE_SECTIONS[name]][:1]} "
                                  f"printed after a later section's heading (line {block[0].number}: a page's "
                                  "tables written after its text): read with the table"))


_LINE_IN_MESSAGE = re.compile(r"\bline (\d+)")


def _file_lines_in_notes(notes: list[Note], file_line: Callable[[int], int]) -> None:
    """The lines the notes name, counted as the text was read (``single_spaced``), as the file's: a note's
    line, and a line its message names (``line 286 kept over line 73``)."""
    for note in notes:
        if note.line is not None:
            note.line = file_line(note.line)
        note.message = _LINE_IN_MESSAGE.sub(lambda m: f"line {file_line(int(m.group(1)))}", note.message)


def _refuse_pre_2019(nt: NormText, lines: list[Line], source: str, spans: dict[int, SectionSpan]) -> None:
    """A report for a year before 2019, with none of the national template's tables: ``Pre2019ReportError``.
    (A 2019-or-later report whose tables are missing stays a report, ``failed``; see spec B.)"""
    first = min((s.start for s in spans.values()), default=len(nt.text))
    head = [ln.text for ln in lines if ln.start < first][:40]
    s1 = spans.get(1)
    meta = detect_meta(head, nt.text[: first + 400], nt.text[s1.body_start : s1.end] if s1 else "", nt.text)
    if meta.year is not None and meta.year < 2019 and not _TEMPLATE_WORDS.search(squash(nt.text)):
        raise Pre2019ReportError(
            f"a report for {meta.year} (year from the {meta.year_source}), before the national template of 2019: "
            "no 第二十条 or application tables to read", source=source)


def _has_numbers(table: Table, sec_lines: list[Line]) -> bool:
    return any(ch.isdigit() for ln in sec_lines for ch in ln.text)


def _missing_section_reason(number: int, spans: dict[int, SectionSpan]) -> str:
    name = _SECTION_NAMES[number]
    if max(spans) < number:
        return f"section {name} not found: the document ends after section {'一二三四五六'[max(spans) - 1]} (truncated?)"
    return f"section {name} not found"


def _narrative(nt: NormText, span: SectionSpan, line: int) -> Section:
    start, end = nt.to_raw(span.body_start), nt.to_raw_end(span.end)
    body = nt.raw[start:end]
    lead = len(body) - len(body.lstrip())
    return Section(number=span.number, heading=span.heading, text=body.strip(), start=start + lead,
                   end=start + lead + len(body.strip()), line=line)


def _decide_template(meta: Meta, tables: dict[str, Table], notes: list[Note]) -> None:
    t2, t3 = tables["t2"].template, tables["t3"].template
    if t2:
        meta.template, meta.template_source = t2, "t2"
    elif t3:
        meta.template, meta.template_source = t3, "t3"
    if t2 and t3 and t2 != t3:
        notes.append(Note(code="mixed_template", table="t3",
                          message=f"section 二 uses the {t2} template, table 三 the {t3} form of （六）其他处理"))


def _needs_ocr(doc: Document, source: str, sha256: str | None) -> Report:
    """A document with no text to read (a scanned PDF): failed, never zeros."""
    reason = doc.needs_ocr or "needs OCR"
    tables = {name: Table(name=name, error=reason) for name in _TABLE_SECTIONS}
    return Report(source=source, sha256=sha256, xxgk_version=__version__, format=doc.format, encoding=doc.encoding,
                  status=Status.failed, reason=reason, **tables)
