"""Build a large, varied corpus of 政府信息公开工作年度报告 from the bundled reports.

    python benchmarks/make_corpus.py /tmp/xxgk-corpus --n 10000 --seed 1

Every generated report is one of the bundled documents (``eval/reports``, ``tests/fixtures/formats``) used
as a skeleton: its prose and table labels are kept, its table cells are refilled with freshly generated
numbers, its title is rewritten for a synthetic agency and year, and its years are shifted. What varies:

* numbers: regenerated so that O1, S1, S2 and S3 (docs/report-format.md §6) hold, except in ~3% of the
  reports where one cell is deliberately changed (intended status ``flagged``); some reports leave zero
  cells, the t3 总计 column or the t4 总计 cells blank (still ``accepted``, with warnings);
* agencies: province / city / county / township governments and their departments (交通运输局, 生态环境局,
  人民政府, ...), each reporting for a run of consecutive years, with this year's 上年结转 equal to last
  year's 结转下年度继续办理 most of the time (a mismatch in ~10% of the pairs, for the cross-year check H1);
* years 2019–2024: 2019/2020 on a 2019-template skeleton, 2021+ on a 2021-template one;
* formats and layouts: text (tab layout as Word exports it, one-row-per-line pipe layout, plain one cell per
  line; UTF-8 mostly, some with a BOM or CRLF, 2% in GB18030, which xxgk refuses by design: intended status
  ``error``), HTML (UTF-8, GBK declared and undeclared), DOCX (a bundled .docx with its word/document.xml
  rewritten), a few PDFs (byte copies of the bundled PDFs), a few bad files (empty, binary, truncated) and a
  few exact duplicates (the same bytes under two paths);
* folders: ``DEST/<province>/<city>/<county>/<township>/<agency><year>年政府信息公开工作年度报告.<ext>``.

The result is deterministic for a given ``--seed`` and ``--n``. A manifest (one row per file: path,
format, layout, template, year, agency, intended status, note) is written next to the corpus, as
``<DEST>.manifest.csv``, so that it is not itself an input of ``xxgk extract DEST``.
"""

from __future__ import annotations

import argparse
import csv
import html
import random
import re
import sys
import time
import unicodedata
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.layouts import to_pipe_rows, to_plain  # noqa: E402

REPORTS = ROOT / "eval" / "reports"
FIXTURES = ROOT / "tests" / "fixtures" / "formats"

# --------------------------------------------------------------------------------------------------------------
# Table structure (canonical keys of docs/report-format.md §A)
# --------------------------------------------------------------------------------------------------------------

T2_CELLS = {
    "2019": {"rules": 3, "normative_docs": 3, "licensing": 3, "other_services": 3, "penalty": 3, "coercion": 3,
             "fees": 2, "procurement": 2},
    "2021": {"rules": 3, "normative_docs": 3, "licensing": 1, "penalty": 1, "coercion": 1, "fees": 1},
}
DENIED = ["denied_state_secret", "denied_law_forbidden", "denied_three_safety", "denied_third_party",
          "denied_internal", "denied_process", "denied_enforcement_file", "denied_admin_query"]
UNABLE = ["unable_not_held", "unable_need_creation", "unable_unclear"]
NOT_PROCESSED = ["not_processed_petition", "not_processed_duplicate", "not_processed_publication",
                 "not_processed_massive", "not_processed_confirm"]
OTHER = {"2019": ["other"], "2021": ["other_overdue_correction", "other_overdue_fee", "other_other"]}
LEAVES = {t: ["granted", "partial", *DENIED, *UNABLE, *NOT_PROCESSED, *OTHER[t]] for t in ("2019", "2021")}
T3_ROWS = {t: ["new_received", "carried_over", *LEAVES[t], "total", "carried_forward"] for t in ("2019", "2021")}
# relative frequency of each result row (the same order as LEAVES, the （六） weights appended per template)
_LEAF_WEIGHTS = [30, 8, 0.4, 1, 0.4, 1.5, 0.8, 2, 0.6, 0.6, 14, 3, 2, 3, 2, 0.4, 0.5, 0.5]
LEAF_WEIGHTS = {"2019": [*_LEAF_WEIGHTS, 3], "2021": [*_LEAF_WEIGHTS, 2.5, 0.2, 2]}
APPLICANTS = 6  # 自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他 (then 总计)
T4_GROUPS = 3  # 行政复议, 未经复议直接起诉, 复议后起诉 × (维持, 纠正, 其他, 尚未审结, 总计)

_T2_LABELS = [("rules", r"^规章"), ("normative_docs", r"^(行政)?规范性文件"), ("licensing", r"^行政许可"),
              ("other_services", r"^其他对外管理服务"), ("penalty", r"^行政处罚"), ("coercion", r"^行政强制"),
              ("fees", r"^行政事业性收费"), ("procurement", r"^政府集中采购")]
_T3_LABELS = [
    ("new_received", r"^(一、)?本年新收"), ("carried_over", r"^(二、)?上年结转"), ("granted", r"^\(一\)予以公开$"),
    ("partial", r"^\(二\)部分公开"), ("denied_state_secret", r"国家秘密$"), ("denied_law_forbidden", r"禁止公开$"),
    ("denied_three_safety", r"三安全一稳定"), ("denied_third_party", r"第三方合法权益$"),
    ("denied_internal", r"内部事务信息$"), ("denied_process", r"过程性信息$"),
    ("denied_enforcement_file", r"行政执法案卷$"), ("denied_admin_query", r"行政查询事项$"),
    ("unable_not_held", r"不掌握相关政府信息$"), ("unable_need_creation", r"另行制作$"),
    ("unable_unclear", r"仍不明确$"), ("not_processed_petition", r"信访举报投诉类申请$"),
    ("not_processed_duplicate", r"^\d[.、]重复申请$"), ("not_processed_publication", r"公开出版物$"),
    ("not_processed_massive", r"大量反复申请$"), ("not_processed_confirm", r"确认或重新出具已获取信息$"),
    ("other", r"^\(六\)其他处理$"), ("other_overdue_correction", r"逾期不补正"),
    ("other_overdue_fee", r"收费通知"), ("other_other", r"^3[.、]其他$"), ("total", r"^\(七\)总计$"),
    ("carried_forward", r"结转下年度继续办理$"),
]
T2_LABELS = [(k, re.compile(p)) for k, p in _T2_LABELS]
T3_LABELS = [(k, re.compile(p)) for k, p in _T3_LABELS]
_CJK = re.compile(r"[\u4e00-\u9fff]")
_YEAR = re.compile(r"(?<![\d〔\[［(（/])(20[12]\d)(?=\s*年|-\d{1,2}-)")


def norm(text: str) -> str:
    """NFKC, no whitespace: the form labels are matched in."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


# --------------------------------------------------------------------------------------------------------------
# Skeletons: a bundled document cut into constant pieces and value slots
# --------------------------------------------------------------------------------------------------------------


@dataclass
class Cell:
    """A table cell of a skeleton: its text, the source spans its value is written into (the first gets the
    value, the others are emptied) and the wrapper the value is formatted into (for a DOCX cell with no run)."""

    text: str
    spans: list[tuple[int, int]]
    wrap: str = "{}"


@dataclass
class Skeleton:
    """A bundled report prepared for refilling. ``pieces`` are ``("const", text)``, ``("prose", text)`` (text
    holding an agency name, the title or a year: rewritten per report) and ``("slot", (key, wrap))``, where
    key ``("t3", "granted", 6)`` is the granted row's 总计 cell, ``("title",)`` the title and ``("blank",)`` text
    to drop. ``names`` are the agency names printed in the prose (replaced by the new agency)."""

    name: str
    kind: str  # tab | html | docx
    template: str
    year: int
    names: tuple[str, ...] = ()
    title_pattern: str | None = None  # html: the old title, replaced wherever it is printed
    encoding: str = "utf-8"
    pieces: list = field(default_factory=list)
    zip_entries: list[tuple[zipfile.ZipInfo, bytes]] = field(default_factory=list)


def _tab_rows(text: str) -> tuple[list[list[Cell]], tuple[int, int]]:
    """Rows of a tab-layout text (one cell per line starting with a tab, rows separated by blank lines) and
    the span of the preamble (everything before the "一、总体情况" line) that the title replaces."""
    rows: list[list[Cell]] = []
    cur: list[Cell] | None = None
    pos = 0
    for line in text.split("\n"):
        if line.startswith("\t"):
            cur = [] if cur is None else cur
            off = pos + 1
            for part in line[1:].split("\t"):
                core = part.strip(" \t\u00a0\u3000\r")
                start = off + part.find(core) if core else off
                cur.append(Cell(part, [(start, start + len(core)) if core else (off, off + len(part))]))
                off += len(part) + 1
        elif line.strip() and cur is not None:
            cur[-1].text += line  # a header cell continued on the next line ("本年新" + "制作数量")
        elif cur is not None:
            rows.append(cur)
            cur = None
        pos += len(line) + 1
    if cur is not None:
        rows.append(cur)
    m = re.search(r"(?m)^\s*一、总体情况", text)
    return rows, (0, m.start() if m else 0)


def _html_cell(inner: str, base: int) -> Cell:
    tokens = list(re.finditer(r"<[^>]*>|[^<]+", inner))
    text = html.unescape("".join(t.group() for t in tokens if not t.group().startswith("<")))
    texts = [t for t in tokens if not t.group().startswith("<")]
    filled = [t for t in texts if html.unescape(t.group()).strip(" \t\r\n\u00a0\u3000")]
    if filled:
        t = filled[-1]
        raw = t.group()
        core = raw.strip(" \t\r\n")
        s = base + t.start() + raw.find(core)
        return Cell(text, [(s, s + len(core))])
    if texts:  # "&nbsp;" or whitespace only
        t = texts[-1]
        return Cell(text, [(base + t.start(), base + t.end())])
    for i in range(len(tokens) - 1, 0, -1):  # no text at all: just after the innermost opening tag
        if tokens[i].group().startswith("</") and not tokens[i - 1].group().startswith("</"):
            return Cell(text, [(base + tokens[i].start(),) * 2])
    return Cell(text, [(base + len(inner),) * 2])


def _html_rows(src: str) -> list[list[Cell]]:
    rows = []
    for tr in re.finditer(r"<tr\b[^>]*>((?:(?!<tr\b).)*?)</tr>", src, re.S | re.I):
        cells = [_html_cell(td.group(1), tr.start(1) + td.start(1))
                 for td in re.finditer(r"<t[dh]\b[^>]*>((?:(?!<t[dh]\b).)*?)</t[dh]>", tr.group(1), re.S | re.I)]
        rows.append(cells)
    return rows


_WT = re.compile(r"<w:t(?:\s[^>]*)?>([^<]*)</w:t>")


def _docx_cell(inner: str, base: int) -> Cell:
    ts = list(_WT.finditer(inner))
    text = html.unescape("".join(t.group(1) for t in ts))
    if ts:
        return Cell(text, [(base + t.start(1), base + t.end(1)) for t in ts])
    end_p = inner.rfind("</w:p>")
    if end_p >= 0:
        return Cell(text, [(base + end_p,) * 2], "<w:r><w:t>{}</w:t></w:r>")
    empty_p = inner.rfind("<w:p/>")
    return Cell(text, [(base + empty_p, base + empty_p + 6)], "<w:p><w:r><w:t>{}</w:t></w:r></w:p>")


def _docx_rows(xml: str) -> list[list[Cell]]:
    rows = []
    for tr in re.finditer(r"<w:tr[ >]((?:(?!<w:tr[ >]).)*?)</w:tr>", xml, re.S):
        cells = [_docx_cell(tc.group(1), tr.start(1) + tc.start(1))
                 for tc in re.finditer(r"<w:tc>((?:(?!<w:tc>).)*?)</w:tc>", tr.group(1), re.S)]
        rows.append(cells)
    return rows


def _docx_title_spans(xml: str) -> list[tuple[int, int]]:
    """The <w:t> spans of the title paragraph(s): short paragraphs mentioning 报告 before 一、总体情况."""
    spans: list[tuple[int, int]] = []
    body = xml.find("<w:body>")
    for p in re.finditer(r"<w:p[ >](?:(?!<w:p[ >]).)*?</w:p>", xml[body:], re.S):
        ts = list(_WT.finditer(p.group()))
        text = norm(html.unescape("".join(t.group(1) for t in ts)))
        if text.startswith("一、总体情况"):
            break
        if ts and len(text) < 60 and "报告" in text:
            spans += [(body + p.start() + t.start(1), body + p.start() + t.end(1)) for t in ts]
    return spans


def find_slots(rows: list[list[Cell]], template: str) -> dict[tuple, Cell]:
    """Map every value slot of the template to its cell: a row's values are the cells right after its
    rightmost label cell; table 四's values are the last row after 结转下年度 with 15 cells and no label."""
    slots: dict[tuple, Cell] = {}
    t2_counts = T2_CELLS[template]
    after_t3 = False
    t4_row = None
    for cells in rows:
        texts = [norm(c.text) for c in cells]
        if after_t3:
            if len(cells) >= 15 and not any(_CJK.search(t) for t in texts):
                t4_row = cells
            continue
        hit = None
        for i, t in enumerate(texts):
            for table, labels in (("t2", T2_LABELS), ("t3", T3_LABELS)):
                for key, rx in labels:
                    if rx.search(t):
                        hit = (i, table, key)
        if hit is None:
            continue
        i, table, key = hit
        n = 7 if table == "t3" else t2_counts.get(key)
        if n is None or (table == "t3" and key not in T3_ROWS[template]) or len(cells) < i + 1 + n:
            continue
        for j in range(n):
            if (table, key, j) in slots:
                raise ValueError(f"row {table}.{key} found twice")
            slots[(table, key, j)] = cells[i + 1 + j]
        after_t3 = after_t3 or key == "carried_forward"
    if t4_row is not None:
        for j in range(15):
            slots[("t4", "all", j)] = t4_row[len(t4_row) - 15 + j]
    return slots


def expected_slots(template: str) -> set[tuple]:
    keys = {("t2", k, j) for k, n in T2_CELLS[template].items() for j in range(n)}
    keys |= {("t3", r, j) for r in T3_ROWS[template] for j in range(7)}
    return keys | {("t4", "all", j) for j in range(15)}


def _cut(src: str, marks: list[tuple[int, int, tuple, str]]) -> list:
    """Constant pieces and (slot, wrap) pairs, in document order."""
    pieces: list = []
    pos = 0
    for start, end, key, wrap in sorted(marks, key=lambda m: (m[0], m[1])):
        if start < pos:
            raise ValueError("overlapping slots")
        pieces.append(src[pos:start])
        pieces.append((key, wrap))
        pos = end
    pieces.append(src[pos:])
    return pieces


def load_skeleton(spec: dict) -> Skeleton:
    """Read a bundled document and cut it into pieces; raises when a slot of the template is missing."""
    path = spec["path"]
    sk = Skeleton(name=path.name, kind=spec["kind"], template=spec["template"], year=spec["year"],
                  names=tuple(sorted(spec.get("names", ()), key=len, reverse=True)),
                  title_pattern=spec.get("title"), encoding=spec.get("encoding", "utf-8"))
    marks: list[tuple[int, int, tuple, str]] = []
    if sk.kind == "tab":
        src = path.read_text(encoding="utf-8")
        rows, (t0, t1) = _tab_rows(src)
        marks.append((t0, t1, ("title",), "{}"))
    elif sk.kind == "html":
        src = path.read_bytes().decode(sk.encoding)
        rows = _html_rows(src)
    else:
        with zipfile.ZipFile(path) as z:
            sk.zip_entries = [(info, z.read(info)) for info in z.infolist()]
        src = dict((i.filename, b) for i, b in sk.zip_entries)["word/document.xml"].decode("utf-8")
        rows = _docx_rows(src)
        title = _docx_title_spans(src)
        marks += [(s, e, ("title",) if k == 0 else ("blank",), "{}") for k, (s, e) in enumerate(title)]
    slots = find_slots(rows, sk.template)
    missing = expected_slots(sk.template) - set(slots)
    if missing:
        raise ValueError(f"skeleton {path.name}: {len(missing)} slot(s) not found, e.g. {sorted(missing)[:3]}")
    for key, cell in slots.items():
        marks += [(s, e, key if k == 0 else ("blank",), cell.wrap if k == 0 else "{}")
                  for k, (s, e) in enumerate(cell.spans)]
    sk.pieces = []
    for piece in _cut(src, marks):  # mark the constant pieces that hold a name, a title or a year
        if isinstance(piece, str):
            needs = any(n in piece for n in sk.names) or bool(_YEAR.search(piece)) or bool(
                sk.title_pattern and sk.title_pattern in piece)
            sk.pieces.append(("prose" if needs else "const", piece))
        else:
            sk.pieces.append(("slot", piece))
    return sk


SKELETON_SPECS = [
    # 2019 template (2019 and 2020 reports)
    {"path": REPORTS / "000_5c96ff8a9c100224.txt", "kind": "tab", "template": "2019", "year": 2019},
    {"path": REPORTS / "001_7b4b25fcf59f7d61.txt", "kind": "tab", "template": "2019", "year": 2020,
     "names": ["宁河镇"]},
    {"path": REPORTS / "002_054d4c4d902c56e6.txt", "kind": "tab", "template": "2019", "year": 2019,
     "names": ["富阳区大源镇"]},
    {"path": REPORTS / "v01_nzjtj2019_html.html", "kind": "html", "template": "2019", "year": 2019,
     "names": ["宁州市交通运输局"]},
    {"path": FIXTURES / "001_7b4b25fcf59f7d61.utf8.html", "kind": "html", "template": "2019", "year": 2020,
     "names": ["宁河镇"]},
    {"path": FIXTURES / "002_054d4c4d902c56e6.utf8.html", "kind": "html", "template": "2019", "year": 2019,
     "names": ["富阳区大源镇"]},
    {"path": REPORTS / "v08_qxrsj2020_docx.docx", "kind": "docx", "template": "2019", "year": 2020,
     "names": ["清溪县人力资源和社会保障局"]},
    {"path": FIXTURES / "001_7b4b25fcf59f7d61.docx", "kind": "docx", "template": "2019", "year": 2020,
     "names": ["宁河镇"]},
    {"path": FIXTURES / "002_054d4c4d902c56e6.lo.docx", "kind": "docx", "template": "2019", "year": 2019,
     "names": ["富阳区大源镇"]},
    {"path": FIXTURES / "003_ba0fe670444f6260.fromgold.lo.docx", "kind": "docx", "template": "2019", "year": 2020,
     "names": ["宁波市镇海区综合行政执法局", "镇海区综合行政执法局"]},
    # 2021 template (2021 to 2024 reports)
    {"path": REPORTS / "v06_btqzf2023_tab.txt", "kind": "tab", "template": "2021", "year": 2023,
     "names": ["宁州市北塘区人民政府", "北塘区人民政府"]},
    {"path": REPORTS / "v07_yjsthjt2022_html.html", "kind": "html", "template": "2021", "year": 2022,
     "names": ["云江省生态环境厅"]},
    {"path": REPORTS / "v09_qxxzf2024_gbk.html", "kind": "html", "template": "2021", "year": 2024,
     "names": ["清溪县人民政府"], "encoding": "gbk"},
    {"path": REPORTS / "v02_jfljd2022_docx.docx", "kind": "docx", "template": "2021", "year": 2022,
     "names": ["宁州市东城区解放路街道办事处", "解放路街道办事处"]},
    {"path": FIXTURES / "szfgs2024.docx", "kind": "docx", "template": "2021", "year": 2024,
     "names": ["淮安市人民政府"]},
    {"path": FIXTURES / "template_2021_empty_all_blank.docx", "kind": "docx", "template": "2021", "year": 2024},
]
# html skeletons whose title lacks the agency: the title text itself is replaced
for _s in SKELETON_SPECS:
    if _s["path"].name.startswith("000_"):
        _s["title"] = "政府信息公开工作年度报告"

# The bundled PDFs are copied byte for byte; their status as xxgk 0.1.0 extracts them.
PDF_SOURCES = {
    REPORTS / "hzq2023_working.pdf": "flagged", REPORTS / "hzq2024_working.pdf": "accepted",
    REPORTS / "szfgs2024.pdf": "accepted", REPORTS / "v04_nzzrzy2023_pdf.pdf": "accepted",
    REPORTS / "v10_yjszf2021_pdf.pdf": "accepted", FIXTURES / "000_5c96ff8a9c100224.pdf": "accepted",
    FIXTURES / "001_7b4b25fcf59f7d61.pdf": "flagged", FIXTURES / "002_054d4c4d902c56e6.pdf": "flagged",
    FIXTURES / "003_ba0fe670444f6260.fromgold.pdf": "accepted",
    FIXTURES / "004_9f0ed78e15ea2a92.fromgold.pdf": "accepted",
}

# --------------------------------------------------------------------------------------------------------------
# Agencies
# --------------------------------------------------------------------------------------------------------------

PROVINCES = ["河北省", "山西省", "辽宁省", "吉林省", "江苏省", "浙江省", "安徽省", "福建省", "江西省", "山东省",
             "河南省", "湖北省", "湖南省", "广东省", "海南省", "四川省", "贵州省", "云南省", "陕西省", "甘肃省"]
_C1 = "宁清云江安平东西南北泰永长新兴丰临阳华嘉金河湖山昌德瑞武宣崇"
_C2 = "州阳安江山宁川城原源平昌林和丰泉德海沙溪兴化"
CITY_DEPTS = ["交通运输局", "生态环境局", "教育局", "财政局", "民政局", "人力资源和社会保障局", "自然资源和规划局",
              "住房和城乡建设局", "农业农村局", "水利局", "商务局", "文化和旅游局", "卫生健康委员会", "应急管理局",
              "市场监督管理局", "统计局", "医疗保障局", "发展和改革委员会", "司法局", "审计局", "退役军人事务局",
              "林业局", "城市管理局", "人民政府办公室"]
COUNTY_DEPTS = [d.replace("卫生健康委员会", "卫生健康局").replace("发展和改革委员会", "发展和改革局")
                for d in CITY_DEPTS] + ["综合行政执法局"]
PROVINCE_DEPTS = ["交通运输厅", "生态环境厅", "教育厅", "财政厅", "民政厅", "人力资源和社会保障厅", "自然资源厅",
                  "住房和城乡建设厅", "农业农村厅", "水利厅", "商务厅", "文化和旅游厅", "卫生健康委员会", "应急管理厅",
                  "市场监督管理局", "统计局", "人民政府办公厅"]


@dataclass
class Agency:
    """A reporting body: its printed name, the folders it lives in and what kind of body it is."""

    name: str
    folders: tuple[str, ...]
    level: str  # province | city | county | township
    government: bool


class Geography:
    """Places drawn on demand and remembered, so that departments of one city share its folder."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.children: dict[tuple[str, ...], list[str]] = {}
        self.used: set[str] = set()

    def _name(self, suffixes: list[str]) -> str:
        r = self.rng
        a = r.choice(_C1)
        b = r.choice([c for c in _C2 if c != a])
        return a + b + r.choice(suffixes)

    def child(self, parent: tuple[str, ...], suffixes: list[str], k: int) -> str:
        names = self.children.get(parent)
        if names is None:
            names = []
            while len(names) < k:
                n = self._name(suffixes)
                if n not in names:
                    names.append(n)
            self.children[parent] = names
        return self.rng.choice(names)

    def agency(self) -> Agency:
        """A new agency, its name never used before (two series under one name would blur the cross-year
        checks; the same agency and year twice is left to the exact duplicates)."""
        while True:
            a = self._draw()
            if a.name not in self.used:
                self.used.add(a.name)
                return a

    def _draw(self) -> Agency:
        r = self.rng
        prov = r.choice(PROVINCES)
        level = r.choices(["province", "city", "county", "township"], [5, 25, 45, 25])[0]
        if level == "province":
            gov = r.random() < 0.2
            return Agency(prov + ("人民政府" if gov else r.choice(PROVINCE_DEPTS)), (prov,), level, gov)
        city = self.child((prov,), ["市"], 8)
        if level == "city":
            gov = r.random() < 0.15
            return Agency(city + ("人民政府" if gov else r.choice(CITY_DEPTS)), (prov, city), level, gov)
        county = self.child((prov, city), ["县", "区", "区", "县", "市"], 6)
        if level == "county":
            gov = r.random() < 0.2
            prefix = city if county.endswith("区") and r.random() < 0.6 else ""
            name = prefix + county + ("人民政府" if gov else r.choice(COUNTY_DEPTS))
            return Agency(name, (prov, city, county), level, gov)
        town = self.child((prov, city, county), ["镇", "镇", "乡", "街道"], 6)
        if town.endswith("街道"):
            name = (city if r.random() < 0.5 else "") + county + town + "办事处"
        else:
            name = r.choice([county + town + "人民政府", town + "人民政府", town])
        return Agency(name, (prov, city, county, town), "township", True)


# --------------------------------------------------------------------------------------------------------------
# Numbers
# --------------------------------------------------------------------------------------------------------------

SIZES = {"zero": 0, "tiny": 8, "small": 40, "medium": 250, "large": 2500}
SIZE_WEIGHTS = {"province": [1, 5, 30, 44, 20], "city": [3, 12, 40, 35, 10], "county": [8, 30, 45, 15, 2],
                "township": [25, 50, 23, 2, 0]}


def _split(total: int, weights: list[float], rng: random.Random) -> list[int]:
    """``total`` spread over len(weights) parts, randomly, in proportion to the weights."""
    n = len(weights)
    if total <= 0:
        return [0] * n
    if total <= 25:
        out = [0] * n
        for i in rng.choices(range(n), weights, k=total):
            out[i] += 1
        return out
    w = [x * rng.random() ** 2 for x in weights]
    s = sum(w) or 1.0
    out = [int(total * x / s) for x in w]
    for i in rng.choices(range(n), weights, k=total - sum(out)):
        out[i] += 1
    return out


@dataclass
class History:
    """What one agency's next report carries over from this one."""

    carried_forward: list[int]
    stocks: dict[str, int]


def gen_t3(template: str, size: str, rng: random.Random, prev: History | None,
           h1_mismatch: bool) -> dict[str, list[int]]:
    """Table 三 as integers (6 applicant columns + 总计), O1, S1 and S2 holding."""
    scale = SIZES[size]
    new = [0] * APPLICANTS
    if scale:
        n = rng.randint(1, scale)
        shares = [1.0, rng.random() * 0.3, rng.random() * 0.03, rng.random() * 0.04, rng.random() * 0.08,
                  rng.random() * 0.06]
        new = _split(n, shares, rng)
    if prev is not None and not h1_mismatch:
        carried = list(prev.carried_forward)
    else:
        carried = [rng.randint(0, max(0, x // 6)) if rng.random() < 0.4 else 0 for x in new]
        if h1_mismatch and prev is not None and carried == prev.carried_forward:
            carried[0] += rng.randint(1, 3)
    rows: dict[str, list[int]] = {"new_received": new, "carried_over": carried}
    forward = [rng.randint(0, (a + b) // 7) if rng.random() < 0.5 else 0 for a, b in zip(new, carried, strict=True)]
    done = [a + b - f for a, b, f in zip(new, carried, forward, strict=True)]
    leaves = LEAVES[template]
    cols = [_split(d, LEAF_WEIGHTS[template], rng) for d in done]
    for i, key in enumerate(leaves):
        rows[key] = [cols[c][i] for c in range(APPLICANTS)]
    rows["total"] = done
    rows["carried_forward"] = forward
    for key in rows:
        rows[key] = [*rows[key], sum(rows[key])]
    return rows


def gen_t4(size: str, rng: random.Random) -> list[int]:
    """Table 四: three groups of (维持, 纠正, 其他, 尚未审结, 总计), S3 holding."""
    cap = {"zero": 0, "tiny": 1, "small": 3, "medium": 10, "large": 40}[size]
    out: list[int] = []
    for g in range(T4_GROUPS):
        n = rng.randint(0, cap) if rng.random() < (0.7 if g < 2 else 0.3) else 0
        parts = _split(n, [6, 1.5, 1.5, 1.2], rng)
        out += [*parts, n]
    return out


def _signed(n: int) -> str:
    return f"+{n}" if n > 0 else str(n)


def gen_t2(template: str, agency: Agency, size: str, rng: random.Random,
           prev: History | None) -> tuple[dict[str, list[str]], dict[str, int]]:
    """Section 二 as printed strings, and the stocks the next year starts from."""
    stocks = dict(prev.stocks) if prev else {}
    scale = max(SIZES[size], 3)
    out: dict[str, list[str]] = {}

    def stock(key: str, start: int) -> int:
        if key not in stocks or rng.random() < 0.1:  # H2/H3 are approximate: sometimes the stock jumps
            stocks[key] = start
        return stocks[key]

    makes_rules = agency.government and agency.level in ("province", "city")
    for key, hi in (("rules", 4 if makes_rules else 0), ("normative_docs", max(2, scale // 20))):
        made = rng.randint(0, hi)
        if template == "2019":
            published = rng.randint(0, made)
            total = stock(key, rng.randint(0, hi * 12)) + published
            stocks[key] = total
            out[key] = [str(made), str(published), str(total)]
        else:
            repealed = rng.randint(0, hi // 2 + (1 if hi else 0))
            in_force = max(0, stock(key, rng.randint(0, hi * 12)) + made - repealed)
            stocks[key] = in_force
            out[key] = [str(made), str(repealed), str(in_force)]
        if hi == 0 and rng.random() < 0.3:
            out[key] = [rng.choice(["—", "/", ""])] * 3
    for key, mult in (("licensing", 8), ("other_services", 2), ("penalty", 3), ("coercion", 0.2)):
        if template == "2021" and key == "other_services":
            continue
        decisions = rng.randint(0, int(scale * mult))
        if template == "2019":
            items = stock(key + ".items", rng.randint(0, 40))
            change = rng.randint(-min(items, 5), 8) if rng.random() < 0.6 else 0
            stocks[key + ".items"] = items + change
            out[key] = [str(items), _signed(change), str(decisions)]
        else:
            out[key] = [str(decisions)]
    if template == "2019":
        items = stock("fees.items", rng.randint(0, 12))
        change = rng.randint(-min(items, 2), 2) if rng.random() < 0.3 else 0
        stocks["fees.items"] = items + change
        out["fees"] = [str(items), _signed(change)]
        n = rng.randint(0, max(1, scale // 10))
        wan = rng.uniform(0, 50) * (n + 1)
        amount = rng.choice([f"{wan:.2f}万元", f"{round(wan * 10000)}元", f"{wan:.4f}万元", f"{wan:.2f}"])
        out["procurement"] = [str(n), amount if n else rng.choice(["0", ""])]
        if rng.random() < 0.1:
            out["fees"] = out["procurement"] = ["", ""]
    else:
        fee = rng.uniform(0, scale) if rng.random() < 0.4 else 0
        out["fees"] = [f"{fee:.2f}".rstrip("0").rstrip(".") if fee else "0"]
    return out, stocks


@dataclass
class Report:
    """One generated report before rendering: its cell strings and what it is meant to test."""

    agency: Agency
    year: int
    template: str
    values: dict[tuple, str]
    intended: str = "accepted"
    notes: list[str] = field(default_factory=list)


def gen_report(agency: Agency, year: int, size: str, rng: random.Random, prev: History | None,
               options: argparse.Namespace) -> tuple[Report, History]:
    """All cells of one report; identity breaks and blanks are applied here."""
    template = "2019" if year <= 2020 else "2021"
    h1_mismatch = prev is not None and rng.random() < options.h1_mismatch
    t3 = gen_t3(template, size, rng, prev, h1_mismatch)
    t4 = gen_t4(size, rng)
    t2, stocks = gen_t2(template, agency, size, rng, prev)
    history = History(carried_forward=t3["carried_forward"][:APPLICANTS], stocks=stocks)
    rep = Report(agency, year, template, {})
    if h1_mismatch:
        rep.notes.append("H1 mismatch: 上年结转 differs from last year's 结转下年度")
    t3s = {k: [str(x) for x in v] for k, v in t3.items()}
    t4s = [str(x) for x in t4]
    roll = rng.random()
    if roll < options.broken:
        _break(t3s, t4s, rng, rep)
    else:
        _blanks(t3s, t4s, size, rng, rep, roll)
    for key, vals in t2.items():
        for j, v in enumerate(vals):
            rep.values[("t2", key, j)] = v
    for key, vals in t3s.items():
        for j, v in enumerate(vals):
            rep.values[("t3", key, j)] = v
    for j, v in enumerate(t4s):
        rep.values[("t4", "all", j)] = v
    return rep, history


def _break(t3: dict[str, list[str]], t4: list[str], rng: random.Random, rep: Report) -> None:
    """Change one printed cell so that a hard identity fails (the document is wrong, the data faithful)."""
    kind = rng.choice(["leaf", "result_total", "new_total", "forward", "t4_total"])
    delta = rng.choice([-3, -2, -1, 1, 1, 2, 3, 5, 10])
    if kind == "t4_total":
        g = rng.randrange(T4_GROUPS)
        cells, col, where = t4, 5 * g + 4, f"t4 group {g} 总计"
    else:
        row, col = {"leaf": (rng.choice(["granted", "partial", "unable_not_held"]), rng.randrange(APPLICANTS)),
                    "result_total": ("total", 6), "new_total": ("new_received", 6),
                    "forward": ("carried_forward", 0)}[kind]
        cells, where = t3[row], f"t3.{row}[{col}]"
    old = int(cells[col])
    cells[col] = str(old + delta if old + delta >= 0 else old + abs(delta))
    rep.intended = "flagged"
    rep.notes.append(f"identity broken: {where} changed by {abs(delta)}")


def _blanks(t3: dict[str, list[str]], t4: list[str], size: str, rng: random.Random, rep: Report,
            roll: float) -> None:
    """Blank cells that real reports leave blank; none of them makes a hard identity fail."""
    if roll > 0.93:  # the whole 总计 column of table 三 left blank (seed 000): not assessable, warnings
        for row in t3.values():
            row[6] = ""
        rep.notes.append("t3 总计 column blank")
    elif roll > 0.90:  # table 四's 总计 cells blank while the components are filled: warnings
        for g in range(T4_GROUPS):
            t4[5 * g + 4] = ""
        rep.notes.append("t4 总计 cells blank")
    elif roll > 0.85 and size in ("zero", "tiny", "small"):  # only 自然人 and 总计 filled (seed 002)
        for row in t3.values():
            for c in range(1, APPLICANTS):
                if row[c] == "0":
                    row[c] = ""
        rep.notes.append("sparse: zero applicant cells blank")
    elif roll > 0.75:  # zero components printed blank or as not-applicable marks
        mark = rng.choice(["", "", "/", "—"])
        for row in t3.values():
            for c in range(APPLICANTS):
                if row[c] == "0" and rng.random() < 0.7:
                    row[c] = mark
        for j, v in enumerate(t4):
            if v == "0" and j % 5 != 4 and rng.random() < 0.7:
                t4[j] = mark
        rep.notes.append(f"zero components as {mark!r}")


# --------------------------------------------------------------------------------------------------------------
# Rendering
# --------------------------------------------------------------------------------------------------------------


def title_text(rep: Report, rng: random.Random) -> str:
    a, y = rep.agency.name, rep.year
    return rng.choice([f"{a}{y}年政府信息公开工作年度报告", f"{a}{y}年政府信息公开工作年度报告",
                       f"{y}年{a}政府信息公开工作年度报告", f"{a}\n{y}年政府信息公开工作年度报告",
                       f"{a}{y}年度政府信息公开工作年度报告"])


def fill(sk: Skeleton, rep: Report, rng: random.Random) -> str:
    """The skeleton's text with the report's title, agency, years and cells."""
    title = title_text(rep, rng)
    if sk.kind != "tab":
        title = title.replace("\n", "")
    delta = rep.year - sk.year

    def prose(text: str) -> str:
        if sk.title_pattern:
            text = text.replace(sk.title_pattern, "\x00T\x00")
        for n in sk.names:
            text = text.replace(n, "\x00A\x00")
        if delta:
            text = _YEAR.sub(lambda m: str(int(m.group(1)) + delta), text)
        return text.replace("\x00T\x00", title).replace("\x00A\x00", rep.agency.name)

    out = []
    for kind, piece in sk.pieces:
        if kind == "const":
            out.append(piece)
        elif kind == "prose":
            out.append(prose(piece))
        else:
            key, wrap = piece
            if key == ("title",):
                out.append(f"{title}\n\n" if sk.kind == "tab" else title)
            elif key != ("blank",):
                out.append(wrap.format(rep.values[key]))
    return "".join(out)


def _charset(src: str, name: str | None) -> str:
    if name is None:
        return re.sub(r"<meta[^>]*charset[^>]*>", "", src, flags=re.I)
    return re.sub(r"(charset=[\"']?)[\w-]+", lambda m: m.group(1) + name, src, count=1, flags=re.I)


@dataclass
class Output:
    """A rendered file: bytes, extension and labels for the manifest."""

    data: bytes
    ext: str
    fmt: str
    layout: str
    intended: str | None = None  # overrides the report's intended status
    note: str = ""


def render(rep: Report, fmt: str, skeletons: dict[tuple[str, str], list[Skeleton]], rng: random.Random) -> Output:
    """Bytes of one report in the given format (text: tab/pipe/plain; html; docx)."""
    kind = "tab" if fmt in ("tab", "pipe", "plain") else fmt
    sk = rng.choice(skeletons[(kind, rep.template)])
    text = fill(sk, rep, rng)
    layout = f"{fmt}:{sk.name}"
    if kind == "tab":
        if fmt == "pipe":
            text = to_pipe_rows(text)
        elif fmt == "plain":
            text = to_plain(text)
        enc = rng.choices(["utf-8", "utf-8-sig", "gb18030"], [93, 5, 2])[0]
        if rng.random() < 0.03:
            text = text.replace("\n", "\r\n")
            layout += ":crlf"
        if enc != "utf-8":
            layout += f":{enc}"
        if enc == "gb18030":  # README: text is read as UTF-8 (with or without BOM); others are refused clearly
            return Output(text.encode(enc), ".txt", "text", layout, "error", "GB18030 text (only UTF-8 text is read)")
        return Output(text.encode(enc), ".txt", "text", layout)
    if kind == "html":
        enc = rng.choices(["utf-8", "gbk", "gbk-undeclared"], [55, 35, 10])[0]
        if enc == "utf-8":
            data = _charset(text, "utf-8").encode("utf-8")
        else:
            text = _charset(text, None if enc == "gbk-undeclared" else rng.choice(["gbk", "gb2312"]))
            data = text.encode("gbk", errors="xmlcharrefreplace")
        return Output(data, ".html", "html", f"{layout}:{enc}")
    buf = BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for info, data in sk.zip_entries:
            z.writestr(info, text.encode("utf-8") if info.filename == "word/document.xml" else data)
    return Output(buf.getvalue(), ".docx", "docx", layout)


# --------------------------------------------------------------------------------------------------------------
# Corpus
# --------------------------------------------------------------------------------------------------------------

FORMAT_WEIGHTS = {"tab": 28, "pipe": 26, "plain": 25, "html": 12, "docx": 9}
RUN_LENGTHS = {1: 22, 2: 20, 3: 20, 4: 16, 5: 12, 6: 10}


@dataclass
class Entry:
    """One manifest row."""

    path: str
    fmt: str
    layout: str
    template: str
    year: str
    agency: str
    intended: str
    note: str = ""


class Corpus:
    """Writes files under DEST with unique paths and keeps the manifest."""

    def __init__(self, dest: Path):
        self.dest = dest
        self.entries: list[Entry] = []
        self.used: set[str] = set()
        self.bytes = 0

    def path_for(self, folders: tuple[str, ...], stem: str, ext: str) -> str:
        rel = "/".join((*folders, stem + ext))
        k = 2
        while rel in self.used:
            rel = "/".join((*folders, f"{stem}({k}){ext}"))
            k += 1
        self.used.add(rel)
        return rel

    def write(self, rel: str, data: bytes, entry: Entry) -> None:
        p = self.dest / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(data)
        self.bytes += len(data)
        self.entries.append(entry)


def _bad_file(kind: str, rng: random.Random, good: tuple[str, bytes] | None) -> tuple[str, bytes, str, str]:
    """(extension, bytes, intended status, note) for an unreadable or truncated file."""
    if kind == "empty":
        return rng.choice([".txt", ".html", ".docx", ".pdf"]), b"", "error", "empty file"
    if kind == "binary":
        head = rng.choice([b"", b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff\xe0", b"PK\x03\x04", b"%PDF-1.7\n"])
        ext = {b"\x89PNG\r\n\x1a\n": ".txt", b"\xff\xd8\xff\xe0": ".html", b"PK\x03\x04": ".docx",
               b"%PDF-1.7\n": ".pdf"}.get(head, rng.choice([".txt", ".pdf"]))
        return ext, head + rng.randbytes(rng.randint(200, 20000)), "error", "binary garbage"
    assert good is not None
    ext, data = good
    if ext in (".txt", ".html"):  # UTF-8 text or page cut inside table 三: the table and what follows are missing
        text = data.decode("utf-8")
        a, b = text.find("三、收到和处理"), text.find("四、政府信息公开行政复议")
        cut = rng.randint(a + 10, max(a + 11, b - 10)) if 0 <= a < b else len(text) // 2
        return ext, text[:cut].encode("utf-8"), "failed", f"{ext[1:]} truncated inside table 三"
    return ext, data[: len(data) // rng.randint(2, 5)], "error", f"{ext} truncated (corrupt zip)"


def build(dest: Path, n: int, seed: int, options: argparse.Namespace) -> Corpus:
    """Generate the corpus. ``n`` files in all, of which ~0.5% PDFs, ~0.6% bad files, ~0.3% duplicates."""
    rng = random.Random(seed)
    skeletons: dict[tuple[str, str], list[Skeleton]] = {}
    for spec in SKELETON_SPECS:
        sk = load_skeleton(spec)
        skeletons.setdefault((sk.kind, sk.template), []).append(sk)
    corpus = Corpus(dest)
    n_pdf = max(1, round(n * 0.005)) if n >= 20 else 0
    n_bad = max(1, round(n * 0.006)) if n >= 20 else 0
    n_dup = max(1, round(n * 0.003)) if n >= 20 else 0
    n_reports = n - n_pdf - n_bad - n_dup
    geo = Geography(rng)
    rendered: list[tuple[str, Output, Entry]] = []
    while len(rendered) < n_reports:
        agency = geo.agency()
        length = rng.choices(list(RUN_LENGTHS), list(RUN_LENGTHS.values()))[0]
        start = rng.randint(2019, 2025 - length)
        size = rng.choices(list(SIZES), SIZE_WEIGHTS[agency.level])[0]
        house_fmt = rng.choices(list(FORMAT_WEIGHTS), list(FORMAT_WEIGHTS.values()))[0]
        prev = None
        for year in range(start, start + length):
            if len(rendered) >= n_reports:
                break
            rep, prev = gen_report(agency, year, size, rng, prev, options)
            fmt = house_fmt if rng.random() < 0.8 else rng.choices(list(FORMAT_WEIGHTS), list(FORMAT_WEIGHTS.values()))[0]
            out = render(rep, fmt, skeletons, rng)
            rel = corpus.path_for(agency.folders, f"{agency.name}{year}年政府信息公开工作年度报告", out.ext)
            entry = Entry(rel, out.fmt, out.layout, rep.template, str(year), agency.name,
                          out.intended or rep.intended, "; ".join([out.note, *rep.notes] if out.note else rep.notes))
            corpus.write(rel, out.data, entry)
            rendered.append((rel, out, entry))
    for i in range(n_pdf):
        src = rng.choice(sorted(PDF_SOURCES))
        folders = rng.choice(rendered)[2].path.split("/")[:-1]
        rel = corpus.path_for(tuple(folders), f"附件{i + 1}_{src.stem}", ".pdf")
        corpus.write(rel, src.read_bytes(), Entry(rel, "pdf", f"pdf:{src.name}", "", "", "", PDF_SOURCES[src],
                                                  f"PDF copy of {src.relative_to(ROOT)}"))
    for i in range(n_bad):
        kind = ["empty", "binary", "truncated", "truncated"][i % 4]
        good = None
        if kind == "truncated":
            want = ".txt" if i % 8 == 2 else rng.choice([".docx", ".html", ".txt"])
            usable = [r for r in rendered if r[1].ext == ".docx" or r[1].layout.endswith(":utf-8")
                      or (r[1].ext == ".txt" and r[1].layout.count(":") == 1)]  # UTF-8, LF: cut as text
            pool = [r for r in usable if r[1].ext == want] or usable
            if pool:
                pick = rng.choice(pool)
                good = (pick[1].ext, pick[1].data)
            else:
                kind = "empty"
        ext, data, intended, note = _bad_file(kind, rng, good)
        folders = tuple(rng.choice(rendered)[2].path.split("/")[:-1])
        rel = corpus.path_for(folders, rng.choice(["年度报告", "附件", "政府信息公开年报", "新建文档"]) + str(i + 1), ext)
        corpus.write(rel, data, Entry(rel, "bad", kind, "", "", "", intended, note))
    for _ in range(n_dup):
        rel0, out, e = rng.choice(rendered)
        folders = (e.path.split("/")[0], "转载")
        rel = corpus.path_for(folders, Path(rel0).stem, out.ext)
        corpus.write(rel, out.data, Entry(rel, e.fmt, e.layout, e.template, e.year, e.agency, e.intended,
                                          f"exact duplicate of {rel0}"))
    return corpus


def write_manifest(corpus: Corpus, path: Path) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["path", "format", "layout", "template", "year", "agency", "intended_status", "note"])
        for e in sorted(corpus.entries, key=lambda e: e.path):
            w.writerow([e.path, e.fmt, e.layout, e.template, e.year, e.agency, e.intended, e.note])


def manifest_path(dest: Path) -> Path:
    """Where the manifest of a corpus folder lives: beside the folder, not inside it."""
    return dest.parent / f"{dest.name}.manifest.csv"


def read_manifest(path: Path) -> list[Entry]:
    with path.open(encoding="utf-8") as fh:
        return [Entry(r["path"], r["format"], r["layout"], r["template"], r["year"], r["agency"], r["intended_status"],
                      r["note"]) for r in csv.DictReader(fh)]


def summary(es: list[Entry], nbytes: int) -> str:
    """Counts by format, layout, template, year and intended status."""
    lines = [f"{len(es)} files, {nbytes / 1e6:.1f} MB"]

    def line(title: str, counter: Counter) -> None:
        lines.append(f"  {title}: " + ", ".join(f"{k or '-'} {v}" for k, v in sorted(counter.items())))

    line("format", Counter(e.fmt for e in es))
    line("layout", Counter(e.layout.split(":")[0] + (":" + e.layout.split(":")[2] if e.layout.count(":") > 1 else "")
                           for e in es if e.fmt in ("text", "html")))
    line("template", Counter(e.template for e in es))
    line("year", Counter(e.year for e in es))
    line("intended status", Counter(e.intended for e in es))
    agencies = Counter(e.agency for e in es if e.agency and "duplicate" not in e.note)
    lines.append(f"  agencies: {len(agencies)} (reporting in 2+ years: {sum(1 for v in agencies.values() if v > 1)})")
    notes = Counter(re.sub(r"( of|:| \().*", "", note.strip()) for e in es for note in e.note.split(";") if note)
    line("notes", notes)
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("dest", type=Path, help="corpus folder (created; must be empty or absent)")
    ap.add_argument("--n", type=int, default=10000, help="number of files (default 10000)")
    ap.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    ap.add_argument("--broken", type=float, default=0.03, help="share of reports with a broken identity")
    ap.add_argument("--h1-mismatch", type=float, default=0.1,
                    help="share of consecutive-year pairs whose 上年结转 differs from last year's 结转下年度")
    ap.add_argument("--force", action="store_true", help="write into a non-empty DEST")
    args = ap.parse_args(argv)
    if args.dest.exists() and any(args.dest.iterdir()) and not args.force:
        ap.error(f"{args.dest} is not empty (use --force)")
    t0 = time.perf_counter()
    corpus = build(args.dest, args.n, args.seed, args)
    write_manifest(corpus, manifest_path(args.dest))
    print(summary(corpus.entries, corpus.bytes))
    print(f"written to {args.dest} in {time.perf_counter() - t0:.1f} s; manifest {manifest_path(args.dest)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
