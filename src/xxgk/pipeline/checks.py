"""The arithmetic identities (勾稽关系, spec §6) and the report status (spec B).

Hard: O1 (per column: 本年新收 + 上年结转 = 总计 + 结转下年度), S1 (per table-三 row: 总计 = the six
applicant columns), S2 (per column: （七）总计 = the result leaf rows), S3 (per table-四 group: 总计 =
维持 + 纠正 + 其他 + 尚未审结). Soft, as warnings: S4 (domains) and H3 (2019 stock columns).

Blank cells are never changed in the data; a check may *read* a blank as 0 and then lists it in
``blank_as_zero``. O1/S2: blank = 0, a column whose cells are all blank is not assessable. S1/S3: a blank
total with a filled component is "not reported" (warning ``total_not_reported``); with a filled total,
blank components are 0. Cells that are ambiguous or missing make an equation not assessable.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from xxgk.core.model import Cell, Check, CheckOutcome, CheckSummary, Placement, Report, Status, Table
from xxgk.core.spec import T3_COLUMN_KEYS, T3_COMPONENTS, T3_RESULT_LEAVES, T4_COLUMN_KEYS, T4_GROUPS, Template
from xxgk.pipeline.quoted import t4_cells, t4_figures, table_figures

Num = int | Decimal


class _Unknown(Exception):
    """An equation holds an ambiguous or missing cell."""


@dataclass(slots=True)
class _Term:
    key: str
    cell: Cell | None

    @property
    def blank(self) -> bool:
        return self.cell is not None and self.cell.state in ("blank", "not_applicable")

    def value(self) -> Num | None:
        c = self.cell
        if c is None or c.state in ("missing", "ambiguous"):
            raise _Unknown(self.key)
        return c.value if c.state == "number" else None

    @property
    def certain(self) -> bool:
        return self.cell is not None and self.cell.placement == Placement.label


_ALL_BLANK = Check(id="-", severity="hard", outcome=CheckOutcome.not_assessable, table="-", equation="",
                   message="all cells blank")
_PASSED = Check(id="-", severity="hard", outcome=CheckOutcome.passed, table="-", equation="")


def _fmt(v: Num | None) -> str:
    return "blank" if v is None else str(v)


def _equation(
    cid: str,
    table: str,
    lhs: list[_Term],
    rhs: list[_Term],
    *,
    row: str | None = None,
    column: str | None = None,
    text: str,
    total_rule: bool,
) -> Check | None:
    """Evaluate lhs == rhs. ``total_rule``: lhs is a single total cell (S1/S3 blank rules) — a blank total
    with filled components is a warning; otherwise blanks are 0 and all-blank is not assessable."""
    base = dict(id=cid, severity="hard", table=table, row=row, column=column, equation=text)
    try:
        lv = {t.key: t.value() for t in lhs}
        rv = {t.key: t.value() for t in rhs}
    except _Unknown as exc:
        return Check(**base, outcome=CheckOutcome.not_assessable, certain=False,
                     message=f"{cid} {_where(table, row, column)}: {exc.args[0]} is ambiguous or missing")
    all_terms = lhs + rhs
    if all(v is None for v in (*lv.values(), *rv.values())):
        return _ALL_BLANK
    certain = all(t.certain for t in all_terms)
    if total_rule and all(v is None for v in lv.values()):
        return Check(**base, outcome=CheckOutcome.warning, code="total_not_reported", lhs=lv, rhs=rv,
                     rhs_sum=sum(v or 0 for v in rv.values()), certain=certain,
                     message=f"{cid} {_where(table, row, column)}: total blank while components are filled "
                             f"(components sum to {sum(v or 0 for v in rv.values())})")
    ls = sum((v or 0 for v in lv.values()), 0)
    rs = sum((v or 0 for v in rv.values()), 0)
    ok = ls == rs
    if ok:
        return _PASSED
    blank0 = [t.key for t in all_terms if t.blank or (t.cell is not None and t.cell.value is None)]
    return Check(
        **base,
        outcome=CheckOutcome.passed if ok else CheckOutcome.failed,
        lhs=lv, rhs=rv, lhs_sum=ls, rhs_sum=rs, blank_as_zero=blank0, certain=certain,
        message="" if ok else f"{cid} {_where(table, row, column)}: {ls} ≠ {rs} ({text})",
    )


def _settled(lhs: list[Cell | None], rhs: list[Cell | None], total_rule: bool) -> Check | None:
    """What ``_equation`` finds when that is plain — ``_ALL_BLANK`` (every cell blank) or ``_PASSED`` (every
    cell present and readable, a number on the left of a total rule, the sums equal) — told without building
    its terms: most equations of most reports are one of the two, and neither leaves a record. Else None."""
    sums: list[Num] = [0, 0]
    filled = [False, False]
    for side, cells in enumerate((lhs, rhs)):
        for c in cells:
            if c is None:
                return None
            state = c.state
            if state == "number":
                if c.value is None:
                    return None
                sums[side] += c.value
                filled[side] = True
            elif state != "blank" and state != "not_applicable":
                return None
    if not filled[0] and not filled[1]:
        return _ALL_BLANK
    if total_rule and not filled[0]:
        return None  # (a total not reported: a warning)
    return _PASSED if sums[0] == sums[1] else None


def _where(table: str, row: str | None, column: str | None) -> str:
    if row and column:
        return f"{table}.{row}.{column}"
    if row:
        return f"{table}.{row}"
    return f"column {column}" if column else table


@dataclass(frozen=True, slots=True)
class Identity:
    """One hard identity on one row, column or group: ``lhs`` = ``rhs`` over canonical keys (blanks are 0).
    ``total_rule``: lhs is a single total cell, and a blank total with filled components is a warning."""

    id: str
    table: str
    lhs: tuple[str, ...]
    rhs: tuple[str, ...]
    text: str
    total_rule: bool
    row: str | None = None
    column: str | None = None

    def cells(self, tables: dict[str, dict[str, dict[str, Cell]]]) -> tuple[list[Cell | None], list[Cell | None]]:
        """The cells of each side (None: not in the tables)."""
        return _cells_at(tables, _parts(self.lhs)), _cells_at(tables, _parts(self.rhs))


def _cells_at(tables: dict[str, dict[str, dict[str, Cell]]],
              at: tuple[tuple[str, str, str], ...]) -> list[Cell | None]:
    return [tables[t].get(r, _NO_ROW).get(c) for t, r, c in at]


_NO_ROW: dict[str, Cell] = {}


@lru_cache(maxsize=1024)
def _parts(keys: tuple[str, ...]) -> tuple[tuple[str, str, str], ...]:
    """(table, row, column) of each key."""
    return tuple((t, r, c) for t, r, c in (k.split(".") for k in keys))


def identities(report: Report) -> list[Identity]:
    """The hard identities (O1, S1, S2, S3) that apply to the report's tables as found."""
    t3, t4 = report.t3, report.t4
    return list(_identities(t3.found, t3.template or "2019", tuple(t3.cells), t4.found))


@lru_cache(maxsize=256)
def _identities(t3_found: bool, template: Template, t3_rows: tuple[str, ...], t4_found: bool) -> tuple[Identity, ...]:
    """(Built once per shape of tables: a few kinds of report make up a whole batch.)"""
    out: list[Identity] = []
    if t3_found:
        for col in T3_COLUMN_KEYS:
            out.append(Identity("O1", "t3", (f"t3.new_received.{col}", f"t3.carried_over.{col}"),
                                (f"t3.total.{col}", f"t3.carried_forward.{col}"),
                                "本年新收 + 上年结转 = （七）总计 + 结转下年度继续办理", False, column=col))
        for row in t3_rows:
            out.append(Identity("S1", "t3", (f"t3.{row}.total",), tuple(f"t3.{row}.{col}" for col in T3_COMPONENTS),
                                "总计 = 自然人 + 商业企业 + 科研机构 + 社会公益组织 + 法律服务机构 + 其他", True, row=row))
        leaves = [r for r in T3_RESULT_LEAVES[template] if r in t3_rows]
        if template == "2021" and "other" in t3_rows:
            leaves.append("other")
        for col in T3_COLUMN_KEYS:
            out.append(Identity("S2", "t3", (f"t3.total.{col}",), tuple(f"t3.{r}.{col}" for r in leaves),
                                "（七）总计 = （一）+（二）+（三）1–8 +（四）1–3 +（五）1–5 +（六）", False, column=col))
    if t4_found:
        for group, label in T4_GROUPS:
            out.append(Identity("S3", "t4", (f"t4.{group}.total",), tuple(f"t4.{group}.{k}" for k in T4_COLUMN_KEYS[:-1]),
                                f"{label}: 总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结", True, row=group))
    return tuple(out)


def _tables(report: Report) -> dict[str, dict[str, dict[str, Cell]]]:
    """The cells of the three tables by table name (what ``Identity.cells`` looks keys up in)."""
    return {"t2": report.t2.cells, "t3": report.t3.cells, "t4": report.t4.cells}


def _evaluate(i: Identity, tables: dict[str, dict[str, dict[str, Cell]]]) -> Check | None:
    """One identity on the tables' cells: the plain outcomes told without building terms (``_settled``)."""
    lhs, rhs = i.cells(tables)
    return _settled(lhs, rhs, i.total_rule) or _equation(
        i.id, i.table, [_Term(k, c) for k, c in zip(i.lhs, lhs, strict=True)],
        [_Term(k, c) for k, c in zip(i.rhs, rhs, strict=True)], row=i.row, column=i.column, text=i.text,
        total_rule=i.total_rule)


def _hard_checks(report: Report) -> list[Check]:
    tables = _tables(report)
    return [c for c in (_evaluate(i, tables) for i in identities(report)) if c]


def _soft_checks(report: Report) -> list[Check]:
    out: list[Check] = []
    for table in (report.t2, report.t3, report.t4):
        for key, cell in table.iter_cells():
            value = cell.value
            if value is None or (isinstance(value, int) and value >= 0) or cell.state != "number":
                continue  # (a non-negative count, nearly every cell: checked before the key is looked at)
            signed = key.endswith(".change")
            money = key.endswith(".amount")
            bad = (value < 0 and not signed) or (
                isinstance(value, Decimal) and value != value.to_integral_value() and not money
            )
            if bad:
                out.append(Check(id="S4", severity="soft", outcome=CheckOutcome.warning, code="domain",
                                 table=table.name, row=key.split(".")[1], column=key.split(".")[2],
                                 equation="counts are non-negative integers", lhs={key: value},
                                 message=f"S4 {key}: {value} is not a non-negative integer count"))
    out += _narrative_checks(report)
    if report.t2.template == "2019":
        for row in ("rules", "normative_docs"):
            pub, tot = report.value(f"t2.{row}.new_published"), report.value(f"t2.{row}.total_published")
            if isinstance(pub, int | Decimal) and isinstance(tot, int | Decimal) and tot < pub:
                out.append(Check(id="H3", severity="soft", outcome=CheckOutcome.warning, code="stock_below_new",
                                 table="t2", row=row, equation="对外公开总数量 ≥ 本年新公开数量",
                                 lhs={f"t2.{row}.total_published": tot}, rhs={f"t2.{row}.new_published": pub},
                                 message=f"H3 t2.{row}: 对外公开总数量 {tot} < 本年新公开数量 {pub}"))
    return out


def _narrative_checks(report: Report) -> list[Check]:
    """H4 (spec B, text vs table): a figure section 一 quotes ("收到申请14件", "办结Y件", "制发规范性文件26件",
    "行政复议351件，其中结果维持72件": ``quoted``) that its table's cell, read as a number, contradicts. A warning:
    the narrative often counts otherwise ("mismatches are common"), and the table's print may have been misread
    upstream (an OCR'd 26 as 20), which no identity of table 二 would show."""
    section = report.sections.get("1")
    if section is None:
        return []
    quoted = [(k, [k], int(f.value)) for k, f in table_figures(section.text).items()]
    for key, value in t4_figures(section.text).items():
        keys = [f"t4.{row}.{col}" for row, col in t4_cells(key)]
        quoted.append((keys[0], keys, value))
    out = []
    for key, keys, want in quoted:
        found = [report.cell(k) for k in keys]
        cells = [c for c in found if c is not None and c.state in ("number", "blank")]
        if len(cells) < len(keys) or all(c.value is None for c in cells):
            continue  # (a cell not read, or no number printed: nothing to compare)
        got = sum((c.value or 0 for c in cells), 0)
        if got == want:
            continue
        table, row, column = key.split(".")
        out.append(Check(id="H4", severity="soft", outcome=CheckOutcome.warning, code="text_vs_table",
                         table=table, row=row, column=column, equation="section 一's figure = the table's",
                         lhs={k: c.value for k, c in zip(keys, cells, strict=True)}, rhs={"section 一": want},
                         message=f"H4 {' + '.join(keys)}: the table prints {got}, section 一 says {want}"))
    return out


def run_checks(report: Report) -> tuple[list[Check], CheckSummary]:
    """All identities on a report. Returns the checks worth keeping (failures, warnings, and equations
    not assessable because of ambiguous or missing cells) and the counts of every outcome."""
    hard = _hard_checks(report)
    soft = _soft_checks(report)
    summary = CheckSummary(
        evaluated=len(hard),
        passed=sum(c.outcome == CheckOutcome.passed for c in hard),
        failed=sum(c.outcome == CheckOutcome.failed for c in hard),
        warnings=sum(c.outcome == CheckOutcome.warning for c in (*hard, *soft)),
        not_assessable=sum(c.outcome == CheckOutcome.not_assessable for c in hard),
    )
    keep = [
        c for c in (*hard, *soft)
        if c.outcome in (CheckOutcome.failed, CheckOutcome.warning)
        or (c.outcome == CheckOutcome.not_assessable and not c.certain)
    ]
    return keep, summary


def decide_status(report: Report) -> tuple[Status, str]:
    """accepted / flagged / rejected / failed with a one-line reason (spec B, "Report status")."""
    errors = [t.error or f"table {t.name} not found" for t in (report.t2, report.t3, report.t4)
              if not t.found or t.error]
    for t in (report.t3, report.t4):
        if t.found and t.cells and not t.statement and all(c.state in ("blank", "not_applicable")
                                                             for _, c in t.iter_cells()):
            errors.append(f"table {t.name} is printed empty: every cell blank (missing data, not zeros)")
    if errors:
        return Status.failed, "; ".join(errors)
    failures = [c for c in report.checks if c.severity == "hard" and c.outcome == CheckOutcome.failed]
    unknown = [c for c in report.checks if c.severity == "hard" and c.outcome == CheckOutcome.not_assessable]
    if failures:
        text = "; ".join(c.message for c in failures)
        if any(_read_by_ocr(report, c) for c in failures):
            return Status.rejected, f"identity fails on cells read by OCR (a misreading cannot be told from the " \
                                    f"document's own error): {text}"
        shuffled = [c for c in failures if _adds_up_in_another_order(c) and not _confirmed(report, c)]
        if shuffled:
            return Status.rejected, "a row's numbers add up in another order (the text may give cells out of " \
                                    "their columns, as reading-order PDF text does; not taken for the document's " \
                                    "own error): " + "; ".join(c.message for c in shuffled)
        if all(c.certain for c in failures) and not unknown:
            unsure = _unsure_cells(report)
            if not unsure:
                return Status.flagged, f"the document does not add up: {text}"
            # (a flagged report enters the dataset: every cell of it read, as of an accepted one)
            return Status.rejected, _unsure_reason(unsure) + f"; and the document does not add up: {text}"
        return Status.rejected, f"identity fails on cells placed by inference: {text}"
    if unknown:
        return Status.rejected, "cells ambiguous or missing: " + "; ".join(c.message for c in unknown)
    ambiguous = _unsure_cells(report)
    if ambiguous:
        return Status.rejected, _unsure_reason(ambiguous)
    unchecked = [c for c in report.checks if c.code == "total_not_reported" and _total_inferred_blank(report, c)]
    if unchecked:  # (a total blank, its components placed by inference: nothing adds up to confirm where they go)
        return Status.rejected, "cells placed by inference beside a total left blank, which no identity checks: " \
                                + "; ".join(c.message for c in unchecked[:3]) + (" …" if len(unchecked) > 3 else "")
    warnings = [c for c in report.checks if c.outcome == CheckOutcome.warning]
    return Status.accepted, (f"{len(warnings)} warning(s)" if warnings else "")


def _unsure_cells(report: Report) -> list[str]:
    """The keys of cells ambiguous or missing (a row not found: table 二's rows no identity checks too)."""
    return [k for t in (report.t2, report.t3, report.t4) for k, c in t.iter_cells() if c.state in ("ambiguous", "missing")]


def _unsure_reason(keys: list[str]) -> str:
    more = f" (+{len(keys) - 6} more)" if len(keys) > 6 else ""
    return "cells ambiguous or missing: " + ", ".join(keys[:6]) + more


def _total_inferred_blank(report: Report, check: Check) -> bool:
    """The total of a row identity is a cell no print stands for (no provenance), left blank by a placement
    that put the row's fewer values into its other cells by inference: a blank the inference made, not one the
    document prints (a column cut off the page, cells lost in a scrape), beside values whose columns nothing
    checks. (Values a person set, ``xxgk review``, are checked.)"""
    tables = _tables(report)
    (total,) = _cells_at(tables, _parts(tuple(check.lhs)))
    if total is None or total.provenance is not None or total.placement != Placement.inferred:
        return False
    parts = _cells_at(tables, _parts(tuple(check.rhs)))
    return any(c is not None and c.value is not None and c.placement == Placement.inferred and c.producer == "rules"
               for c in parts)


def _adds_up_in_another_order(check: Check) -> bool:
    """A failing row identity (S1, S3: total = the sum of the others) that holds once another of the row's
    printed numbers is taken for the total: the numbers may stand out of their columns."""
    if check.id not in ("S1", "S3"):
        return False
    values = [v for v in (*check.lhs.values(), *check.rhs.values()) if v is not None]
    total = sum(values)
    printed_total = next(iter(check.lhs.values()), None)
    return any(2 * v == total for v in values if v != printed_total) and total > 0


def _producers(report: Report, check: Check) -> list[str | None]:
    """Who read each cell of an identity (None: the template has no such cell)."""
    cells = _cells_at(_tables(report), _parts((*check.lhs, *check.rhs)))
    return [c.producer if c is not None else None for c in cells]


def _confirmed(report: Report, check: Check) -> bool:
    """Every cell of the identity set or confirmed by a person (``xxgk review``): as printed, then."""
    return all(p == "human" for p in _producers(report, check))


def _read_by_ocr(report: Report, check: Check) -> bool:
    return "ocr" in _producers(report, check)


def recheck(report: Report) -> Report:
    """Re-run the identities and the status on a report (after a hand edit, or after loading it)."""
    checks, summary = run_checks(report)
    report.checks, report.check_summary = checks, summary
    report.status, report.reason = decide_status(report)
    return report


def hard_failures(report: Report) -> list[Check]:
    """The hard identities that fail on a report as it stands (used to try readings of doubtful cells)."""
    return [c for c in _hard_checks(report) if c.outcome == CheckOutcome.failed]


def table_outcomes(table: Table) -> dict[str, CheckOutcome]:
    """The outcome of each hard identity within one table on its own, by the identity and where it applies
    (``S1 t3.granted``): what two readings of a table are compared by."""
    report = Report(source="<table>", xxgk_version="", status=Status.failed, **{table.name: table})
    tables = _tables(report)
    out: dict[str, CheckOutcome] = {}
    for i in identities(report):
        if i.table == table.name:
            c = _evaluate(i, tables)
            out[f"{i.id} {_where(i.table, i.row, i.column)}"] = c.outcome if c is not None else CheckOutcome.passed
    return out


def table_failures(table: Table) -> list[Check]:
    """The hard identities that fail within one table on its own (used to validate an LLM reading)."""
    report = Report(source="<table>", xxgk_version="", status=Status.failed, **{table.name: table})
    return [c for c in _hard_checks(report) if c.table == table.name and c.outcome == CheckOutcome.failed]
