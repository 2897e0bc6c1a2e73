"""Normalisation of report text, with a map back to the original offsets (decoding: ``core.decoding``).

Normalisation (spec §10): NFKC (full-width digits and punctuation to ASCII, U+3000 and NBSP to a space),
curly quotes to straight ones, the minus sign and dashes used as minus to ``-``, Word artefacts such as
``[bookmark: _GoBack]`` and zero-width characters removed, every line break (CRLF, bare CR as old Macs
wrote, U+2028/U+2029, NEL, VT, FF) to LF. It never adds or removes a line, so the normalised text has the
same lines as the original, and a line holding only NBSP becomes a line holding only spaces (still
distinct from an empty line).

Offsets: ``NormText.to_raw(i)`` maps an offset in the normalised text to the decoded original text
(after BOM removal). The map is only materialised when normalisation changed the length of some
character; for most reports it is the identity.
"""

from __future__ import annotations

import bisect
import html
import re
import unicodedata
from dataclasses import dataclass, field, replace
from functools import lru_cache

# --- normalisation -------------------------------------------------------------------------------------

_BOOKMARK = re.compile(r"\[bookmark:[^\]\n]{0,80}\]")
_CUSTOM = {
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u201f": '"',
    "\u301d": '"',
    "\u301e": '"',
    "\u2018": "'",
    "\u2019": "'",
    "\u2212": "-",  # minus sign
    "\u2013": "-",  # en dash (used as minus)
    "\u2015": "\u2014",  # horizontal bar: Python's gb2312 codec decodes the A1AA dash so (gbk, browsers: U+2014)
    "\ufe63": "-",
    "\ufeff": "",
    "\u200b": "",
    "\u200c": "",
    "\u200d": "",
    "\u2060": "",
    "\u00ad": "",
    # line breaks other than LF (CR is handled with CRLF, as it may be two characters for one)
    "\u2028": "\n",  # LINE SEPARATOR
    "\u2029": "\n",  # PARAGRAPH SEPARATOR
    "\u0085": "\n",  # NEL
    "\x0b": "\n",  # vertical tab
    "\x0c": "\n",  # form feed (page breaks in text exported from PDF)
}
#: CJK radicals a PDF's fonts map their glyphs to (its ToUnicode table names the radical where the glyph is
#: the character: "人⺠政府", "⻔户⽹站"): the character each stands for. The Kangxi radicals (⼀ ⼈ ⽹ …) NFKC folds
#: already; of the supplement it folds only ⺟ and ⻳. Only radicals that are a whole character as written.
_RADICALS = {
    "\u2e81": "厂", "\u2ea0": "民", "\u2ec4": "西", "\u2ec5": "见", "\u2ec6": "角", "\u2ec9": "贝", "\u2ecb": "车",
    "\u2ed3": "长", "\u2ed4": "门", "\u2ed8": "青", "\u2ed9": "韦", "\u2eda": "页", "\u2edb": "风", "\u2edc": "飞",
    "\u2edd": "食", "\u2ee1": "首", "\u2ee2": "马", "\u2ee3": "骨", "\u2ee4": "鬼", "\u2ee5": "鱼", "\u2ee6": "鸟",
    "\u2ee7": "卤", "\u2ee8": "麦", "\u2ee9": "黄", "\u2eec": "齐", "\u2eee": "齿", "\u2ef0": "龙",
}
_CUSTOM.update(_RADICALS)


@lru_cache(maxsize=1)
def _radical_table() -> dict[int, str]:
    table = {cp: unicodedata.normalize("NFKC", chr(cp)) for cp in range(0x2F00, 0x2FD6)}
    table.update({ord(k): v for k, v in _RADICALS.items()})
    return table


_RADICAL = re.compile("[\u2e80-\u2fdf]")


def without_radicals(text: str) -> str:
    """A text whose CJK radicals that stand for a character (see ``_RADICALS``) read as that character, one
    for one (offsets unchanged): for the readers of raw text (section 五's rules)."""
    return text.translate(_radical_table()) if _RADICAL.search(text) else text

_KEEP = frozenset("\n\t")

# char -> replacement, filled lazily for the characters actually seen (str.translate does the work in C)
_TABLE: dict[int, str] = {}
_SEEN: set[str] = set()
_RESIZING: set[str] = set()  # characters whose replacement is not exactly one character


def _learn(chars: set[str]) -> None:
    for ch in chars:
        if ch in _KEEP:
            _SEEN.add(ch)
            continue
        rep = _CUSTOM.get(ch)
        if rep is None:
            rep = unicodedata.normalize("NFKC", ch)
            rep = "".join(_CUSTOM.get(c, c) for c in rep)
            if "\n" in rep or "\r" in rep:
                rep = rep.replace("\r", "").replace("\n", " ")
        if rep != ch:
            _TABLE[ord(ch)] = rep
            if len(rep) != 1:
                _RESIZING.add(ch)
        _SEEN.add(ch)


def norm(s: str) -> str:
    """Normalise a short string (a cell, a label) without keeping offsets."""
    new = set(s) - _SEEN
    if new:
        _learn(new)
    if "[bookmark" in s:
        s = _BOOKMARK.sub("", s)
    return s.replace("\r", "").translate(_TABLE)


@lru_cache(maxsize=1)
def _t2s_table() -> dict[int, str]:
    """Traditional -> simplified, character by character (first reading of OpenCC's TSCharacters), so
    the conversion never changes offsets. Loaded on first use."""
    from importlib.resources import files

    table: dict[int, str] = {}
    data = files("opencc").joinpath("dictionary", "TSCharacters.txt").read_text(encoding="utf-8")
    for line in data.splitlines():
        trad, _, simp = line.partition("\t")
        first = simp.split(" ")[0] if simp else ""
        if len(trad) == 1 and len(first) == 1 and first != trad:
            table[ord(trad)] = first
    return table


def simplified(s: str) -> str:
    """``s`` with traditional characters replaced by simplified ones (for matching only)."""
    return s.translate(_t2s_table())


def looks_traditional(text: str, chars: set[str] | None = None) -> bool:
    """Whether a text is written in traditional characters (some mirrors publish in 繁體). ``chars``: the
    set of characters of the text when the caller has it (a text with no traditional character at all,
    the common case, is then answered without a pass over the text)."""
    if chars is not None and chars.isdisjoint(_trad_chars()):
        return False
    sample = text[:20000]
    cjk = len(_CJK_CHAR.findall(sample))
    if cjk < 20:
        return False
    trad = sum(sample.count(c) for c in _trad_chars().intersection(sample))  # per distinct character
    return trad >= 10 and trad >= 0.03 * cjk


_CJK_CHAR = re.compile("[\u4e00-\u9fff]")


@lru_cache(maxsize=1)
def _trad_chars() -> frozenset[str]:
    return frozenset(map(chr, _t2s_table()))


@dataclass(slots=True)
class NormText:
    """A decoded report: the original text, its normalised form and the offset map between them."""

    raw: str
    text: str
    _map: list[int] | None = None  # norm offset -> raw offset (len(text)+1 entries), None = identity
    _newlines: list[int] = field(default_factory=list)
    traditional: bool = False  # converted from traditional characters before matching
    _ends: dict[int, int] = field(default_factory=dict)  # norm offset -> raw end, where wider than one (entities)
    annotations: int = 0  # readings annotated after characters (公(gong)开), left out

    def to_raw(self, i: int) -> int:
        if self._map is None:
            return i
        return self._map[min(max(i, 0), len(self._map) - 1)]

    def to_raw_end(self, j: int) -> int:
        """Map an exclusive end offset: just after the original character of norm position j-1."""
        if self._map is None or j <= 0:
            return self.to_raw(j)
        if self._ends:
            end = self._ends.get(j - 1)
            if end is not None:
                return end
        return self.to_raw(j - 1) + 1

    def line_of(self, i: int) -> int:
        """1-based line number of a normalised offset (lines are the same in both texts)."""
        return bisect.bisect_right(self._newlines, i - 1) + 1

    def lines(self) -> list[tuple[int, str]]:
        """(start offset, line text) for every line of the normalised text."""
        out = []
        start = 0
        for nl in self._newlines:
            out.append((start, self.text[start:nl]))
            start = nl + 1
        out.append((start, self.text[start:]))
        return out


# a printed page number ("- 4 -") standing between spaces, where a flattened PDF text left it inside a line
# Markdown strong emphasis around a phrase on one line: "**二、主动公开政府信息情况**", "__一、总体情况__"
_EMPHASIS = re.compile(r"(\*\*|__)(?=[^\s*_])([^*\n]{1,200}?)(?<=[^\s*_])\1")


def without_emphasis(nt: NormText) -> NormText:
    """``nt`` with the markers of Markdown strong emphasis (``**…**``, ``__…__``) blanked out (same length, so
    every offset stays). Converters bold the section headings (trafilatura, markitdown, pdf-to-Markdown), and a
    heading run into a line after ``**`` no longer starts where a heading starts; a table cell's ``**12**``
    is its number. A lone ``**`` or a fill-in blank ``____`` is left as printed, and so is emphasis that
    opens its line (``## **三、…**``: a heading line the section finder reads with its marks)."""
    text = nt.text
    if "**" not in text and "__" not in text:
        return nt
    chars = list(text)
    found = False
    for m in _EMPHASIS.finditer(text):
        if not text[text.rfind("\n", 0, m.start()) + 1 : m.start()].strip("#>*- \t"):
            continue
        found = True
        chars[m.start() : m.start(2)] = "  "
        chars[m.end(2) : m.end()] = "  "
    if not found:
        return nt
    return replace(nt, text="".join(chars))


# Markdown's block quote marks at a line's start or a table cell's (``> 规章``, ``| > 规章 |``), and its hard
# line break, a backslash ending a line (pandoc's Markdown: ``淮安市洪泽区人民政府\``)
_QUOTE_MARKS = re.compile(r"(?:^|(?<=\|))[ \t]*((?:>[ \t]?)+)", re.M)
_HARD_BREAK = re.compile(r"\\(?=\n)")
# a link or image, its text is text, its brackets and target are not: Markdown's ``[政务公开](../../zwgk)``,
# Org's ``[[../../zwgk][政务公开]]``, AsciiDoc's ``link:../../zwgk[政务公开]``
_LINK = re.compile(r"!?\[([^\[\]\n]{0,200})\]\([^()\s]{0,500}\)|\[\[[^\[\]\s]{0,500}\]\[([^\[\]\n]{0,200})\]\]"
                   r"|(?<![\w:])(?:link|image):[^\[\]\s]{0,500}\[([^\[\]\n]{0,200})\]")


def without_markdown_marks(nt: NormText) -> NormText:
    """``nt`` with Markdown's hard line breaks, links' brackets and targets (``[政务公开](../../zwgk)``, and
    Org's and AsciiDoc's: a page's breadcrumb, whose ``[政府信息公开年报`` was taken for the title) and, where a
    text carries three or more, its block quote marks blanked out (same length, so every offset stays):
    pandoc's Markdown of a Word file whose paragraphs are indented (pdf2docx's output: every paragraph and
    table cell a ``> `` quote, every wrapped line ending in ``\\``). Read as printed, ``> 规章`` is no row
    label and ``淮安市洪泽区人民政府\\`` no agency."""
    text = markdown_marks_blanked(nt.text)
    return nt if text is nt.text else replace(nt, text=text)


# a table row printed as a Python or JSON list of its cells (pdfplumber's ``extract_tables()`` printed row by row,
# ``json.dumps(row)``): ``['规章', '0', '1', '11']``, ``[None, '自然人', …]``, ``["规章","0"]``; a quote inside a cell
# (“三安全一稳定”, straight once normalised) ends it only before a comma or the closing bracket
_QUOTED = r"'(?:[^'\\\n]|\\.|'(?!\s*[,\]]))*'" + "|" + r'"(?:[^"\\\n]|\\.|"(?!\s*[,\]]))*"'
_LIST_ITEM = rf"\s*(?:{_QUOTED}|None|null)\s*"
_LIST_ROW = re.compile(rf"^\s*\[{_LIST_ITEM}(?:,{_LIST_ITEM})*\]\s*$", re.M)
_LIST_ITEMS = re.compile(rf"{_QUOTED}|None|null|,")
#: list rows a text must hold (in its first ``_LIST_SCAN`` characters) before its lists are taken for table rows
MIN_LIST_ROWS = 5
_LIST_SCAN = 400_000


def without_list_marks(nt: NormText) -> NormText:
    """A text whose table rows are printed as lists (five or more): each such row as tab-separated cells, the
    brackets, quotes and ``None`` blanked and each comma between cells a tab (same length: offsets stay), an
    escaped line break inside a cell (``\\n``) two spaces."""
    rows = list(_LIST_ROW.finditer(nt.text)) if "[" in nt.text else []
    if sum(1 for row in rows if row.end() <= _LIST_SCAN) < MIN_LIST_ROWS:  # (counted in the text's head)
        return nt
    chars = list(nt.text)
    for row in rows:
        a, b = row.span()
        line = nt.text[a:b]
        chars[a + line.index("[")] = " "
        chars[a + line.rindex("]")] = " "
        for m in _LIST_ITEMS.finditer(line):
            i, j = a + m.start(), a + m.end()
            item = m.group()
            if item == ",":
                chars[i] = "\t"
            elif item in ("None", "null"):
                chars[i:j] = " " * (j - i)
            else:
                chars[i] = chars[j - 1] = " "
                inner = nt.text[i + 1 : j - 1].replace("\\n", "  ").replace("\\t", "  ")
                chars[i + 1 : j - 1] = inner
    return replace(nt, text="".join(chars))


def markdown_marks_blanked(text: str) -> str:
    """``text`` with its Markdown hard breaks, links' marks and quote marks blanked (see
    ``without_markdown_marks``); the same object when there are none."""
    if ">" not in text and "\\\n" not in text and "[" not in text:  # (every link kind opens with a bracket)
        return text
    quotes = list(_QUOTE_MARKS.finditer(text)) if ">" in text else []
    breaks = list(_HARD_BREAK.finditer(text)) if "\\\n" in text else []
    links = [(m.start(), m.end(), *next(m.span(g) for g in (1, 2, 3) if m.group(g) is not None))
             for m in _LINK.finditer(text)] if "[" in text else []
    spans = ([(m.start(1), m.end(1)) for m in quotes] if len(quotes) >= 3 else []) \
        + [(m.start(), m.end()) for m in breaks] \
        + [span for a, b, ta, tb in links for span in ((a, ta), (tb, b))]
    if not spans:
        return text
    chars = list(text)
    for a, b in spans:
        chars[a:b] = " " * (b - a)
    return "".join(chars)


_INLINE_PAGE_NUMBER = re.compile(r"(?<!\S)[-—–－] ?(\d{1,3}) ?[-—–－](?!\S)")


def without_page_numbers(nt: NormText) -> NormText:
    """``nt`` with its printed page numbers that stand inside a line blanked out (same length, so every
    offset stays), when they
    are page numbers: markers like ``- 4 -`` whose numbers run up one by one through the document (at least
    two of them). A PDF's text copied onto one line keeps them inside table rows, where they would read as
    three cells (not applicable, 4, not applicable). A lone ``- 4 -``, or markers that do not count up,
    are left as printed."""
    found = list(_INLINE_PAGE_NUMBER.finditer(nt.text))
    if len(found) < 2:
        return nt
    pages = [m for i, m in enumerate(found)
             if (i > 0 and int(found[i - 1].group(1)) + 1 == int(m.group(1)))
             or (i + 1 < len(found) and int(m.group(1)) + 1 == int(found[i + 1].group(1)))]
    if len(pages) < 2:
        return nt
    chars = list(nt.text)
    for m in pages:
        line_start = nt.text.rfind("\n", 0, m.start()) + 1
        line_end = nt.text.find("\n", m.end())
        line = nt.text[line_start : line_end if line_end >= 0 else len(nt.text)]
        if line.strip() == m.group(0):
            continue  # a page number on its own line: the line tokenizers drop it as it is
        chars[m.start() : m.end()] = " " * (m.end() - m.start())
    return replace(nt, text="".join(chars))


def normalize(raw: str) -> NormText:
    """Normalise a whole document, keeping a map back to the original offsets."""
    chars = set(raw)
    new = chars - _SEEN
    if new:
        _learn(new)
    annotations = _annotations(raw)
    resizing = ("\r" in chars or "[bookmark" in raw or not _RESIZING.isdisjoint(chars) or bool(annotations)
                or ("&" in chars and ";" in chars and _ENTITY.search(raw) is not None)
                or ("\\" in chars and _md_escaped(raw)))
    ends: dict[int, int] = {}
    if not resizing:
        text = raw.translate(_TABLE)
        mapping = None
    else:
        text, mapping = _normalize_with_map(raw, ends, annotations)
    # the characters of the normalised text, from the few distinct ones of the original (no pass over the text)
    norm_chars = {x for c in chars for x in (_TABLE.get(ord(c)) or c)}
    traditional = looks_traditional(text, norm_chars)
    if traditional:
        text = text.translate(_t2s_table())  # one character for one: offsets unchanged
    newlines = [m.start() for m in re.finditer("\n", text)]
    return NormText(raw=raw, text=text, _map=mapping, _newlines=newlines, traditional=traditional, _ends=ends,
                    annotations=len(annotations))


def _normalize_with_map(raw: str, ends: dict[int, int],
                        annotations: list[tuple[int, int, str]]) -> tuple[str, list[int]]:
    """Normalise with an offset map. Only the characters whose replacement changes the length (and CR,
    bookmarks and HTML entities) are handled one by one; the runs between them are translated and mapped in
    bulk. ``ends`` gets the raw end of a replacement's last character where the original is wider than one
    character (an entity: ``&nbsp;`` is six)."""
    pieces: list[str] = []
    mapping: list[int] = []
    special = _special_positions(raw, annotations)
    pos = 0
    for a, b, rep in special:
        if a > pos:  # a run of one-to-one characters
            pieces.append(raw[pos:a].translate(_TABLE))
            mapping.extend(range(pos, a))
        if rep:
            pieces.append(rep)
            mapping.extend([a] * len(rep))
            if b - a > 1 and raw[a] in "&\\":  # (an entity, a Markdown escape: the character is all of it)
                ends[len(mapping) - 1] = b
        pos = b
    if pos < len(raw):
        pieces.append(raw[pos:].translate(_TABLE))
        mapping.extend(range(pos, len(raw)))
    mapping.append(len(raw))
    return "".join(pieces), mapping


def _special_positions(raw: str, annotations: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """(start, end, replacement) of every length-changing piece: bookmarks, HTML entities, CR, resizing
    characters."""
    out: list[tuple[int, int, str]] = []
    drop = _replaced_spans(raw, annotations)
    resizing = "".join(re.escape(c) for c in _RESIZING if c in raw)
    pat = re.compile(f"\r\n?|[{resizing}]" if resizing else r"\r\n?")
    di = 0
    for m in pat.finditer(raw):
        a = m.start()
        while di < len(drop) and drop[di][1] <= a:
            out.append(drop[di])
            di += 1
        if di < len(drop) and drop[di][0] <= a < drop[di][1]:
            continue  # inside a bookmark being dropped or an entity being read
        tok = m.group()
        if tok.startswith("\r"):
            out.append((a, m.end(), "\n"))
        else:
            out.append((a, a + 1, _TABLE.get(ord(tok), tok)))
    out.extend(drop[di:])
    out.sort()
    return out


# a reading annotated after a character, as spam mirrors of government pages print them ("公(gong)开",
# "國務(wù)院", "政(ㄓㄥˋ)府"): one pinyin syllable (tone marks or a tone digit) or zhuyin in brackets
_TONED = {"a": "[aāáǎà]", "e": "[eēéěè]", "i": "[iīíǐì]", "o": "[oōóǒò]", "u": "[uūúǔù]", "v": "[vüǖǘǚǜ]"}
# the finals of Mandarin (longest first), their vowels with or without a tone mark: "wechat", "app", "ios" are none
_FINALS = ("iang", "iong", "uang", "ang", "eng", "ing", "ong", "iao", "ian", "uai", "uan", "van", "ai", "ei",
           "ui", "ao", "ou", "iu", "ie", "ve", "ue", "er", "an", "en", "in", "un", "vn", "ia", "ua", "uo",
           "a", "o", "e", "i", "u", "v")
_PINYIN_SYLLABLE = ("(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?(?:"
                    + "|".join("".join(_TONED.get(ch, ch) for ch in final) for final in _FINALS) + ")[1-5]?")
_ZHUYIN = "[\\u3105-\\u3129\\u02ca\\u02c7\\u02cb\\u02d9]{1,4}"
_ANNOTATION = re.compile(f"(?<=[\\u3400-\\u9fff])[(（](?:{_PINYIN_SYLLABLE}|{_ZHUYIN})[)）]")
#: annotations a text must hold before they are taken for what they are (one "(a)" after a character is not)
MIN_ANNOTATIONS = 3


def _annotations(raw: str) -> list[tuple[int, int, str]]:
    """The spans of a text's reading annotations (dropped: ``公(gong)开`` reads 公开), when it holds at least
    ``MIN_ANNOTATIONS`` of them."""
    if "(" not in raw and "（" not in raw:
        return []
    found = [(m.start(), m.end(), "") for m in _ANNOTATION.finditer(raw)]
    return found if len(found) >= MIN_ANNOTATIONS else []


# an HTML character reference left in text (a scraper that strips tags with a regex keeps "&nbsp;", "&#12288;")
# (``&amp;nbsp;``: an entity escaped once more, by a crawler or a CMS that escaped a text already escaped)
_ENTITY = re.compile(r"&(?:amp;)*(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z][a-zA-Z0-9]{1,7});")


# a Markdown backslash escape (markdownify's escape_misc, html2text, pandoc): "\+38", "1\.属于国家秘密", "\#"
_MD_ESCAPE = re.compile(r"\\([-+.#!()\[\]*_`>~|{}&<=\\])")


def _md_escaped(raw: str) -> bool:
    """Whether a text is Markdown whose punctuation a converter escaped (three escapes or more)."""
    return len(_MD_ESCAPE.findall(raw, 0, 200_000)) >= 3


def _replaced_spans(raw: str, annotations: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """(start, end, replacement) of the reading annotations and bookmarks (dropped), HTML entities (read as
    their character, normalised) and Markdown escapes (the character without its backslash) of a text, in
    order and apart (an entity inside a bookmark goes with it). ``annotations``: the reading annotations'
    spans (``_annotations``), found once by ``normalize``."""
    spans = list(annotations)
    if "[bookmark" in raw:
        spans += [(m.start(), m.end(), "") for m in _BOOKMARK.finditer(raw)]
    if "\\" in raw and _md_escaped(raw):
        spans += [(m.start(), m.end(), m.group(1)) for m in _MD_ESCAPE.finditer(raw)]
    if "&" in raw:
        for m in _ENTITY.finditer(raw):
            ref = m.group()
            while ref.startswith("&amp;") and len(ref) > 5:  # (escaped again: the entity inside)
                ref = "&" + ref[5:]
            ch = html.unescape(ref)
            if ch == m.group() or not ch:
                continue  # (no entity HTML knows)
            new = set(ch) - _SEEN
            if new:
                _learn(new)
            spans.append((m.start(), m.end(), ch.translate(_TABLE)))
    spans.sort()
    out: list[tuple[int, int, str]] = []
    for span in spans:
        if out and span[0] < out[-1][1]:
            continue
        out.append(span)
    return out


_MD_DECOR = re.compile(r"^[#*_>]+|[*_]+$")


def undecorated(s: str) -> str:
    """A squashed line without the Markdown marks converters put around headings and titles (``## **…**``)."""
    return _MD_DECOR.sub("", s)


def squash(s: str) -> str:
    """Normalised text with all whitespace removed: the form labels are compared in. (``str.split`` and the
    regex ``\\s`` know the same whitespace; the split is three times faster, and labels are squashed often.)"""
    return "".join(s.split())
