"""Stage 1: a table's text to a flat stream of cell tokens, one tokenizer per text layout.

Layouts seen in real reports (spec §8):
- ``tab``: Word exports, one cell per line starting with a tab, rows separated by empty lines, merged
  cells as empty tab lines, header cells continued on the next (untabbed) line;
- ``pipe``: web-page copies, cells ending with ``|``, merged cells as lines of bare pipes, cells padded
  with spaces and newlines, or whole rows on one line;
- ``tsv``: a row per line, its cells separated by tabs (Word's and WPS's "save as plain text", a table
  copied from a web page or a spreadsheet and pasted as text): an empty cell is an empty field;
- ``csv``: a row per line, its cells between commas, a cell holding a comma in double quotes (a table
  saved or extracted as CSV: a spreadsheet, tabula/camelot, pdfplumber's tables through ``csv.writer``):
  read as ``tsv``;
- ``lines``: one cell per line (plain exports; a line holding only NBSP is a blank cell, an empty line is
  nothing), and whitespace-separated rows as PDF text gives them (``规章 0 5 5``) — a line's trailing
  run of numbers is split into value cells, the rest is label text (``linewise``; the tokens themselves
  in ``tokens``);
- ``wiki`` and ``asciidoc``: tables in a markup language's own syntax (``markup``).

Grid sources (HTML, DOCX, PDF geometry) produce the same tokens directly, so the later stages never
care where a cell came from. Every token keeps its offsets into the normalised document text.
"""

from __future__ import annotations

import itertools
import re

from xxgk.pipeline.tables.csv_rows import csv_row, is_csv_row
from xxgk.pipeline.tables.linewise import LABEL_NUMBER, tokenize_lines
from xxgk.pipeline.tables.markup import counted_from_end, tokenize_asciidoc, tokenize_wiki
from xxgk.pipeline.tables.settings import DEFAULT_SETTINGS, TableSettings
from xxgk.pipeline.tables.tokens import Line, Token, apart, cell_token
from xxgk.pipeline.tables.values import is_page_furniture, parse_value


def _numbers_piped(nonempty: list[str], share: float) -> bool:
    """Pipe rows carry their numbers between bars: the lines that hold digits have bars too. A header with a
    rule OCR read as ``|`` (``结果|结果 其他 尚未 总``) over a row of numbers with none is no pipe table."""
    numbered = [t for t in nonempty if any(ch.isdigit() for ch in t)]
    return not numbered or sum(1 for t in numbered if "|" in t) >= share * len(numbered)


def _html2text_rows(nonempty: list[str]) -> bool:
    """html2text's tables: its separators (``---|---``, ``---``) and rows mostly without outer bars (a row opens
    with a bar only when its first cell is empty): the ``pipe`` layout reads them, not ``markdown``."""
    if not any(_OPEN_SEPARATOR.match(t) or _OPEN_SEPARATOR_ONE.match(t) for t in nonempty):
        return False
    piped = [t for t in nonempty if "|" in t and not _MD_SEPARATOR.match(t)]
    return sum(1 for t in piped if not t.lstrip().startswith("|")) > len(piped) / 2


def detect_layout(lines: list[Line], settings: TableSettings = DEFAULT_SETTINGS) -> str:
    """``tab``, ``pipe`` or ``lines``, from the share of non-empty lines carrying each marker."""
    nonempty = [ln.text for ln in lines if ln.text.strip()]
    if not nonempty:
        return "lines"
    n = len(nonempty)
    if any(_MD_SEPARATOR.match(t) for t in nonempty) and any(t.lstrip().startswith("|") for t in nonempty) \
            and not _html2text_rows(nonempty):
        return "markdown"
    # (AsciiDoc's markup: a table opened or closed by ``|===``)
    if any(t.strip() == "|===" for t in nonempty) and sum(1 for t in nonempty if t.startswith("|")) >= 3:
        return "asciidoc"
    # (MediaWiki's markup: a table opened or closed here, rows between ``|-``; a section may start inside one)
    if any(t.startswith("{|") or t.strip() == "|}" for t in nonempty) \
            and sum(1 for t in nonempty if t.startswith("|-")) >= 2:
        return "wiki"
    pipes = sum(1 for t in nonempty if "|" in t)
    tabs = sum(1 for t in nonempty if t.startswith("\t"))
    if pipes >= settings.layout_share * n and pipes >= tabs and _numbers_piped(nonempty, settings.layout_share):
        return "pipe"
    # (a cell a line, each after a tab; rows of tab-separated cells whose first cell is empty, a merged
    # cell's column a converter left blank (pdf2docx's text of a vertical label), are ``tsv``)
    rows = sum(1 for t in nonempty if t.startswith("\t") and "\t" in t.strip("\t "))
    if tabs >= settings.layout_share * n and 2 * rows < tabs:
        return "tab"
    inner = sum(1 for t in nonempty if "\t" in t.strip("\t "))
    if inner >= settings.layout_share * n:
        return "tsv"
    if sum(1 for t in nonempty if is_csv_row(t)) >= settings.layout_share * n:
        return "csv"
    return "paragraphs" if in_paragraphs(lines) else "lines"


def in_paragraphs(lines: list[Line], share: float = 0.95) -> bool:
    """Whether every cell stands in a paragraph of its own, each opened by an empty line (docx2txt, which
    LangChain's ``Docx2txtLoader`` uses: ``\n\n`` before every paragraph, so an empty cell is two more empty
    lines): between two printed lines, nearly always an odd number of empty lines (none only where a cell
    breaks its line)."""
    gaps: list[int] = []
    run = -1  # (-1: no printed line yet)
    for ln in lines:
        if ln.text:
            if run >= 0:
                gaps.append(run)
            run = 0
        elif run >= 0:
            run += 1
    apart = [g for g in gaps if g]  # (none: a line break inside a cell)
    return len(apart) >= 20 and len(apart) >= 0.6 * len(gaps) and sum(g % 2 for g in apart) >= share * len(apart)


def tokenize(lines: list[Line], layout: str) -> list[Token]:
    if layout == "tab":
        return _drop_placeholders(numbers_off_labels(_tokenize_tab(lines)))
    if layout == "tab-empty":  # (a reading parse_table tries where ``tab`` leaves cells unsure)
        return _drop_placeholders(numbers_off_labels(_tokenize_tab(lines, empty_cells=True)))
    if layout == "pipe":
        return _drop_placeholders(numbers_off_labels(_tokenize_pipe(lines)))
    if layout == "tsv":
        return without_filler(numbers_off_labels(_tokenize_tsv(lines)))
    if layout == "csv":
        return without_filler(numbers_off_labels(_tokenize_tsv(lines, csv=True)))
    if layout == "markdown":
        return without_filler(numbers_off_labels(_tokenize_markdown(lines)))
    if layout == "wiki":
        return without_filler(numbers_off_labels(tokenize_wiki(lines)))
    if layout == "asciidoc":
        return without_filler(numbers_off_labels(tokenize_asciidoc(lines)))
    if layout == "paragraphs":
        return tokenize_lines(lines, paragraphs=True)
    if layout == "lines-empty":  # (a reading parse_table tries where ``lines`` leaves cells unsure)
        return tokenize_lines(lines, empty_cells=True)
    return tokenize_lines(lines)


# (``|---|---|``; Org-mode's ``|----+----|``)
_MD_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:[|+]\s*:?-{3,}:?\s*)*\|?\s*$")
_MD_HEADING = re.compile(r"^\s*#{1,6}\s+")
# PyMuPDF's ``Table.to_markdown()`` names the columns of a table whose first row it took for data (a table
# continued from the page before): ``|Col1|Col2|务信息|Col4|…|``; the names are no cell text
_PLACEHOLDER_COLUMN = re.compile(r"Col\d{1,2}")
_MD_INLINE = re.compile(r"<br\s*/?>|\*\*|__|</?(?:b|strong|span|sup|sub)[^>]*>", re.I)


def _tokenize_markdown(lines: list[Line]) -> list[Token]:
    """Markdown from PDF converters and OCR/vision models: ``| a | b |`` rows (bordered, one physical row
    each: a group of its own), separator rows ``|---|``, ``#`` heading markers and page footers dropped,
    and the lines between the pipe tables (labels and numbers the converter detached from their table)
    read as in the ``lines`` layout. A table cut into many small pipe tables reads as one."""
    tokens: list[Token] = []
    indexed = _index_column_lines(lines)
    for ln in lines:
        text = ln.text
        if not text.strip() or _MD_SEPARATOR.match(text) or is_page_furniture(text):
            continue
        stripped = text.lstrip()
        if stripped.startswith("|"):
            group = ln.number * 2
            pos = ln.start + (len(text) - len(stripped))
            parts = stripped.split("|")
            pos += len(parts[0]) + 1
            body = parts[1:-1] if stripped.rstrip().endswith("|") else parts[1:]
            if ln.number in indexed and body:  # (a data frame's row numbers: no cell)
                pos += len(body[0]) + 1
                body = body[1:]
            row: list[Token] = []
            for part in body:
                tok = cell_token(part, pos, pos + len(part), ln.number, group)
                if "<" in tok.text or "*" in tok.text or "_" in tok.text:  # <br>, **bold**, __bold__
                    tok.text = _MD_INLINE.sub("", tok.text).strip()
                    tok.value = parse_value(tok.text)
                if tok.text.startswith("Col") and _PLACEHOLDER_COLUMN.fullmatch(tok.text):
                    tok.text, tok.value = "", parse_value("")  # (a name PyMuPDF gave a column: no text)
                row += apart(tok)
                pos += len(part) + 1
            tokens += counted_from_end(row)
            continue
        m = _MD_HEADING.match(text)
        if m:
            ln = Line(ln.start + m.end(), text[m.end():], ln.number)
        tokens.extend(tokenize_lines([ln]))
    return tokens


def _index_column_lines(lines: list[Line]) -> set[int]:
    """The lines of the Markdown tables whose first column is a data frame's index (pandas' ``to_markdown()``
    of camelot's and tabula's tables: ``|    | 0 | 1 |`` over ``|  0 | 制作 |``, ``|  1 | 3. |`` …): a header
    whose first cell is empty, then first cells that count 0, 1, 2 … in order, empty where a cell's text
    spread over more lines. Read as cells, the row numbers were a row's first value (``t2`` has no identity
    to catch them)."""
    out: set[int] = set()
    block: list[Line] = []
    for ln in [*lines, Line(0, "", 0)]:
        if ln.text.lstrip().startswith("|"):
            block.append(ln)
            continue
        rows = [b for b in block if not _MD_SEPARATOR.match(b.text)]
        firsts = [b.text.strip().split("|")[1].strip() for b in rows if b.text.strip().count("|") >= 2]
        if len(rows) >= 3 and len(firsts) == len(rows) and firsts[0] == "":
            numbers = [f for f in firsts[1:] if f]
            if len(numbers) >= 2 and numbers == [str(i) for i in range(len(numbers))]:
                out.update(b.number for b in rows)
        block = []
    return out


def _tokenize_tsv(lines: list[Line], csv: bool = False) -> list[Token]:
    """A row per line, cells between tabs (``csv``: commas; an empty field is a blank cell); a line that is no
    such row is read as in the ``lines`` layout (a caption, a label wrapped onto its own line, prose)."""
    tokens: list[Token] = []
    for ln in lines:
        text = ln.text
        fields = csv_row(text) if csv else None  # (parsed once: its fields, when the line is a row)
        if fields is None and (csv or "\t" not in text.strip("\t ")):  # (a lone NBSP: a blank cell, as in ``lines``)
            for tok in tokenize_lines([ln]):
                tok.group = ln.number * 2
                tokens.append(tok)
            continue
        group = ln.number * 2 + 1  # (a group of its own, apart from the lines-layout groups)
        if fields is None:
            fields = []
            pos = 0
            for part in text.rstrip("\r\n").split("\t"):
                fields.append((pos, pos + len(part)))
                pos += len(part) + 1
        for a, b in fields:
            tokens += apart(cell_token(text[a:b], ln.start + a, ln.start + b, ln.number, group))
    return tokens




#: a page number as a page prints it alone: a bare number of one to three digits
_BARE_PAGE_NUMBER = re.compile(r"[\s\u00a0\u3000]*\d{1,3}[\s\u00a0\u3000]*")


def _tokenize_tab(lines: list[Line], empty_cells: bool = False) -> list[Token]:
    """Cells as tab-led lines, a row's cells between empty lines (a group); ``empty_cells``: each empty line between
    two printed ones is a blank cell too (the lines' trailing spaces stripped took the blank cells' tabs).

    A bare page number between a table's two parts (``3``: Word's footer, kept by a PDF-to-Word or PDF-to-text
    converter) is no cell: as a line of its own outside the cells (a paragraph between two tables), or as a row
    of one cell holding only it (a footer row inside the table), between two rows that print labels; no row of
    the template is one number alone (a converter that prints each cell of table 四's row apart puts no label
    around it)."""
    tokens: list[Token] = []
    group = 0
    prev_was_cell = False
    grouped = _rows_of_lines(lines)
    unseparated = not any(_between_rows(ln.text) for ln in lines)
    for i, ln in enumerate(lines):
        text = ln.text
        if unseparated and tokens and not tokens[-1].is_text and _opens_with_text(text):
            group += 1  # (no empty line between rows, their empty lines dropped: a label after a cell starts one)
        if _between_rows(text):
            if empty_cells and tokens and not text:  # (a blank cell whose tab was stripped: a group of its own)
                tokens.append(Token("", ln.start, ln.start, ln.number, -ln.number, parse_value("")))
            group += 1
            prev_was_cell = False
            continue
        if is_page_furniture(text):
            continue
        if grouped and not prev_was_cell and _BARE_PAGE_NUMBER.fullmatch(text) and _row_alone(lines, i) \
                and _labelled(lines, i, -1) and _labelled(lines, i, 1) and _with_cells(lines, i):
            continue
        if text.startswith("\t"):
            pos = ln.start + 1
            for part in text[1:].split("\t"):
                tokens += apart(cell_token(part, pos, pos + len(part), ln.number, group))
                pos += len(part) + 1
            prev_was_cell = True
        elif prev_was_cell and tokens:
            # a header cell continued on the next line ("本年新\n制作数量")
            last = tokens[-1]
            joined = (last.text + "\n" + text.strip()).strip()
            tokens[-1] = Token(joined, last.start, ln.start + len(text.rstrip()), last.line, last.group,
                               parse_value(joined))
        else:
            tokens.append(cell_token(text, ln.start, ln.start + len(text), ln.number, group))
            prev_was_cell = True
    while empty_cells and tokens and tokens[-1].is_blank and tokens[-1].group < 0:
        tokens.pop()  # (the empty lines after the table's last printed line: its end, no cells)
    return tokens


def _opens_with_text(text: str) -> bool:
    """The line's first cell is text (a label or a heading), not a number or a blank cell."""
    return _is_text(text[1:].split("\t", 1)[0] if text.startswith("\t") else text)


def _is_text(cell: str) -> bool:
    """A cell that prints text (a label or a heading): neither blank nor a value."""
    return bool(cell.strip()) and parse_value(cell.strip()) is None


def _between_rows(text: str) -> bool:
    """A line of the tab layout that separates rows: empty (or spaces), no tab-led cell, not even a blank one."""
    return not text.strip() and not text.startswith("\t")


def _with_cells(lines: list[Line], i: int) -> bool:
    """The row before line ``i`` ends with a cell (a number, or a blank cell's tab): a page's end falls after a
    whole row. A label with nothing after it (``行政强制``) waits for its number: the number alone after it is
    that, not a page number."""
    j = _across_empty_lines(lines, i, -1)
    return j >= 0 and not _is_text(lines[j].text)


def _rows_of_lines(lines: list[Line]) -> bool:
    """Some row of the table holds two lines or more (lines with no empty line between them). Where none does
    (a text whose every line break was doubled: CR CR LF read as two breaks, lines joined by an empty line),
    every line stands alone, and one that does is no page number for that (``96`` under 行政强制)."""
    return any(not _between_rows(a.text) and not _between_rows(b.text) for a, b in itertools.pairwise(lines))


def _row_alone(lines: list[Line], i: int) -> bool:
    """Line ``i`` stands between single empty lines (or the table's ends): a row (or paragraph) of its own. (Two
    empty lines or more beside it are no row's end: the blank cells of a row whose tabs were stripped with the
    lines' trailing spaces, ``3`` after the five blanks of its row.)"""
    def empty(j: int) -> bool:
        return j < 0 or j >= len(lines) or _between_rows(lines[j].text)

    def printed(j: int) -> bool:
        return j < 0 or j >= len(lines) or not _between_rows(lines[j].text)
    return empty(i - 1) and empty(i + 1) and printed(i - 2) and printed(i + 2)


def _labelled(lines: list[Line], i: int, step: int) -> bool:
    """The row next to line ``i`` (the group of lines before it, ``step`` -1, or after it, 1) prints a label."""
    j = _across_empty_lines(lines, i, step)
    while 0 <= j < len(lines) and not _between_rows(lines[j].text):
        if _is_text(lines[j].text):
            return True
        j += step
    return False


def _across_empty_lines(lines: list[Line], i: int, step: int) -> int:
    """The first line from line ``i`` on, ``step`` at a time (-1: before it, 1: after it), that is no empty line
    between rows (-1 or ``len(lines)``: none)."""
    j = i + step
    while 0 <= j < len(lines) and _between_rows(lines[j].text):
        j += step
    return j


def _is_pipe_only(text: str) -> bool:
    s = text.strip()
    return bool(s) and not s.replace("|", "").strip()


# html2text's separator under a table's first row: dashes between bars, no outer bars ("---|---|---"; "---"
# under a first row of one cell, in a region of rows without outer bars)
_OPEN_SEPARATOR = re.compile(r"^-{3}(?:\|-{3})+\s*$")
_OPEN_SEPARATOR_ONE = re.compile(r"^-{3}\s*$")


def _tokenize_pipe(lines: list[Line]) -> list[Token]:
    """Two conventions exist: cells terminated by a pipe ("0 |", seed 004: the text before a line's first
    pipe is a cell, blank or not) and bordered rows ("| 0 | 1 |": the leading pipe is a border). The
    region's majority decides. Lines of bare pipes are merged-cell placeholders: row boundaries."""
    content = [ln.text for ln in lines if ln.text.strip() and not _is_pipe_only(ln.text)]
    # html2text's tables ("---|---" under the first row, no outer bars): a row's last cell follows its last
    # bar, blank or not ("…申请数量| 1|  |  |  |  |  |    ": seven cells, the last one empty), and a row opens
    # with a bar only when its first cell is empty
    open_ended = _html2text_rows(content)
    bordered = not open_ended and sum(1 for t in content if t.startswith("|")) > len(content) / 2
    tokens: list[Token] = []
    group = 0
    pending: list[tuple[str, int, int, int]] = []  # pieces of a cell still open across lines (with their group)

    def flush(piece_group: int) -> None:
        # a cell that ran over several lines: one token per non-empty line of it. A number (or a "―") left
        # open at a line's end is that row's last cell (html2text prints no closing pipe: "规章| ―| ―| ―"):
        # it keeps its own line's group, or it would stand before the next row's label as a placeholder
        for text, start, number, own in pending:
            if text.strip():
                tok = cell_token(text, start, start + len(text), number, piece_group)
                if tok.value is not None and own != piece_group:
                    tok.group = own
                tokens.append(tok)
        pending.clear()

    for ln in lines:
        text = ln.text
        if _is_pipe_only(text) or not text.strip():
            flush(group)
            group += 1
            continue
        if is_page_furniture(text):
            continue
        group += 1
        parts = text.split("|")
        pos = ln.start
        for i, part in enumerate(parts):
            closed = i < len(parts) - 1  # a pipe follows this piece on the same line
            if i == 0 and pending:
                pending.append((part, pos, ln.number, group))
                if closed:
                    flush(group)
            elif closed:
                if not (i == 0 and bordered and not part.strip()):
                    tokens += apart(cell_token(part, pos, pos + len(part), ln.number, group))
            elif open_ended and len(parts) > 1 and (part.strip() or (part and not pending)):
                tokens += apart(cell_token(part, pos, pos + len(part), ln.number, group))  # (the row's last cell)
            elif part.strip():
                pending.append((part, pos, ln.number, group))  # no closing pipe on this line: open cell
            pos += len(part) + 1
    flush(group)
    return tokens


def numbers_off_labels(tokens: list[Token]) -> list[Token]:
    """A grid row whose label cell ends in a number glued to it and whose next cell is empty (a layout
    converter that moved a cell's text into its left neighbour: pymupdf4llm's ``<td>其他对外管理服务事项0</td>
    <td></td>``): the number is that cell's, the label the text before it. A template label never ends in
    a number; read as printed, the row kept its first cell blank where the report prints 0 (or 18)."""
    out: list[Token] = []
    skip = False
    for i, tok in enumerate(tokens):
        if skip:
            skip = False
            continue
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        m = LABEL_NUMBER.match(tok.text) if tok.is_text and nxt is not None else None
        if m is None or nxt is None or nxt.group != tok.group or not nxt.is_trace or tok.end - tok.start != len(tok.text):
            out.append(tok)
            continue
        cut = tok.start + m.start(2)
        out += [Token(m.group(1), tok.start, cut, tok.line, tok.group, None, tok.from_end),
                Token(m.group(2), cut, tok.end, tok.line, tok.group, parse_value(m.group(2)), nxt.from_end)]
        skip = True  # (the empty cell the number left)
    return out


def without_filler(tokens: list[Token]) -> list[Token]:
    """A grid-like layout's tokens without its filler: the blanks of rows that print no number, and the
    placeholders that open a row in front of its label."""
    return _drop_placeholders(_drop_header_blanks(tokens))


def _drop_header_blanks(tokens: list[Token]) -> list[Token]:
    """The empty cells of a physical row that prints no number (a caption or header row split into
    merged cells, ``|第二十条第（五）项||||``): grid filler, not data."""
    out: list[Token] = []
    i, n = 0, len(tokens)
    while i < n:
        j = i
        while j < n and tokens[j].group == tokens[i].group:
            j += 1
        row = tokens[i:j]
        if any(t.is_text for t in row) and not any(t.value is not None and t.value.value is not None for t in row):
            row = [t for t in row if not t.is_blank]
        out.extend(row)
        i = j
    return out


def _drop_placeholders(tokens: list[Token]) -> list[Token]:
    """Blank cells that open a row group in front of a label, or stand between its label cells, are
    merged-cell placeholders (the rowspan of "三、本年度办理结果", the 5 empty cells under 行政复议, the empty
    cell between a merged heading and a row label: ``三、本年度办理结果 | | 8.属于行政查询事项 | 1 |``), not data."""
    out: list[Token] = []
    i, n = 0, len(tokens)
    while i < n:
        g = tokens[i].group
        j = i
        while j < n and tokens[j].group == g:
            j += 1
        k = i
        while k < j and tokens[k].is_blank:
            k += 1
        if k < j and tokens[k].is_text:
            last_text = max(m for m in range(k, j) if tokens[m].is_text)
            out.extend(t for t in tokens[k:last_text] if not t.is_blank)
            out.extend(tokens[last_text:j])
        else:
            out.extend(tokens[i:j])
        i = j
    return out
