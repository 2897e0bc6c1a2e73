"""Routing and merging: which tables go to the LLM, and how its reading joins the rules' cells.

Only a table the rules could not settle is sent — not found while its section holds text, cells ambiguous
or missing, or a hard identity failing on cells placed by inference — and only that section's text. A
report whose tables the rules parsed (accepted, or flagged: the document's own error) makes no call.

Merging: a cell the rules placed by its label is kept (a differing LLM value becomes a note); every other
cell takes the LLM's value, marked ``producer="llm"``, ``placement="inferred"``, with the span where the
number stands. An LLM cell is never "certain", so a hard identity that still fails on it makes the report
``rejected``, never ``accepted`` or ``flagged``.
"""

from __future__ import annotations

import asyncio

from ..checks import recheck
from ..model import (
    Cell,
    CellState,
    CheckOutcome,
    LLMInfo,
    LLMTableOutcome,
    LLMUsage,
    Note,
    Placement,
    Provenance,
    Report,
    Table,
)
from ..spec import label_of, t2_keys, t3_keys, t4_keys
from .client import FrozenCacheMiss, LLMClient, LLMError
from .grounding import GroundingText
from .prompts import load_prompt
from .schema import TableAnswer, as_number

_SECTION = {"t2": "二、主动公开政府信息情况", "t3": "三、收到和处理政府信息公开申请情况",
            "t4": "四、政府信息公开行政复议、行政诉讼情况"}


def table_keys(name: str, template: str) -> list[str]:
    if name == "t2":
        return t2_keys(template)
    if name == "t3":
        return t3_keys(template)
    return t4_keys()


def why_routed(report: Report, table: Table) -> str | None:
    """The rule parser's outcome that sends this table to the LLM, or None when the rules settled it."""
    if not table.found or table.error:
        return table.error or "table not found by the rules"
    states = [c.state for _, c in table.iter_cells()]
    if CellState.ambiguous in states or CellState.missing in states:
        n = sum(s in (CellState.ambiguous, CellState.missing) for s in states)
        return f"{n} cell(s) ambiguous or missing"
    doubtful = [c for c in report.checks if c.table == table.name and c.severity == "hard"
                and c.outcome in (CheckOutcome.failed, CheckOutcome.not_assessable) and not c.certain]
    if doubtful:
        return "identity fails on cells placed by inference: " + doubtful[0].message
    return None


def route(report: Report, text: str | None) -> tuple[list[tuple[str, str]], list[LLMTableOutcome]]:
    """(tables to send with the reason, tables that needed help but cannot be sent)."""
    send, unsent = [], []
    for table in (report.t2, report.t3, report.t4):
        why = why_routed(report, table)
        if why is None:
            continue
        section = _section_text(table, text)
        if section is None or not any(ch.isdigit() for ch in section):
            unsent.append(LLMTableOutcome(table=table.name, why=why, outcome="not_sent",
                                          message="no section text with numbers to send (missing section or image)"))
        else:
            send.append((table.name, why))
    return send, unsent


def _section_bounds(table: Table, text: str | None) -> tuple[int, int] | None:
    """Offsets of the table's section in ``text``. A section found by an anchor in a long run-together line
    starts at that line: cut it at the section's own heading when the heading stands inside, so the text
    before it (title, section 一) is never sent."""
    if text is None or table.span is None or table.span.start is None or table.span.end is None:
        return None
    start, end = table.span.start, table.span.end
    i = text.find(_SECTION[table.name][2:], start, end)
    if i > start:
        start = max(start, i - 2)
    return start, end


def _section_text(table: Table, text: str | None) -> str | None:
    bounds = _section_bounds(table, text)
    return None if bounds is None or text is None else text[bounds[0] : bounds[1]]


async def refine_report(report: Report, text: str | None, client: LLMClient) -> Report:
    """Send the tables the rules could not settle to the LLM and merge the grounded answers."""
    send, unsent = route(report, text)
    info = LLMInfo(status="not_needed" if not send else "used", model=client.settings.model, tables=unsent)
    if not send:
        info.message = "every table parsed by rules: no LLM call" if not unsent else "nothing sendable"
        report.llm = info
        return report
    results = await asyncio.gather(*(_refine_table(report, name, why, text or "", client) for name, why in send))
    for outcome, usage in results:
        info.tables.append(outcome)
        info.usage.add(usage)
    info.tables.sort(key=lambda o: o.table)
    if all(o.outcome in ("failed", "frozen_miss") for o in info.tables if o.outcome != "not_sent"):
        info.status = "failed"
    info.message = "; ".join(f"{o.table}: {o.outcome}" + (f" ({o.message})" if o.message else "") for o in info.tables)
    report.llm = info
    return recheck(report)


async def _refine_table(report: Report, name: str, why: str, text: str, client: LLMClient):
    table = report.table(name)
    template = table.template or report.meta.template or "2021"
    keys = table_keys(name, template)
    base, _ = _section_bounds(table, text) or (0, 0)
    section = _section_text(table, text) or ""
    prompt = load_prompt("table")
    messages = prompt.messages(
        section=_SECTION[name], table_title=f"{template} 年版模板", text=section,
        keys="\n".join(f"{k}: {label_of(k)}" for k in keys),
    )
    context = {"keys": keys, "text": section, "table": name, "template": template, "identities": True}
    try:
        out = await client.ask(prompt, messages, TableAnswer, context)
    except FrozenCacheMiss as exc:
        return LLMTableOutcome(table=name, why=why, outcome="frozen_miss", message=exc.reason), LLMUsage()
    except LLMError as exc:
        return LLMTableOutcome(table=name, why=why, outcome="failed", message=exc.reason), exc.usage or LLMUsage()
    answer = out.answer or out.last
    if answer is None:
        kind = "ungrounded" if "not printed" in out.error else "failed"
        return LLMTableOutcome(table=name, why=why, outcome=kind, message=out.error), out.usage
    n = _merge(report, table, answer, template, text, section, base)
    msg = "" if out.answer else f"identities still fail after the re-asks: {out.error}"
    if out.cached:
        msg = ("from cache; " + msg).rstrip("; ")
    return LLMTableOutcome(table=name, why=why, outcome="merged", message=msg, cells=n), out.usage


def _merge(report: Report, table: Table, answer: TableAnswer, template: str, text: str, section: str,
           base: int) -> int:
    grounding = GroundingText(section)
    produced, after = 0, 0
    for c in answer.cells:
        _, row, col = c.key.split(".")
        value = as_number(c.value)
        old = table.cells.get(row, {}).get(col)
        if old is not None and old.placement == Placement.label:
            if old.value != value:
                report.notes.append(Note(code="llm_disagrees", table=table.name, key=c.key,
                                         message=f"rules read {old.value} by label, the LLM {value}: kept the rules' value"))
            continue
        cell = Cell(value=value, state=CellState.blank if value is None else CellState.number,
                    placement=Placement.inferred, producer="llm")
        if value is not None:
            span = grounding.find_number(value, after)
            if span is not None:  # always found: the answer passed grounding
                after = span.end
                start, end = base + span.start, base + span.end
                cell.raw = text[start:end]
                cell.provenance = Provenance(start=start, end=end, line=text.count("\n", 0, start) + 1)
        table.cells.setdefault(row, {})[col] = cell
        produced += 1
    order = {k: i for i, k in enumerate(table_keys(table.name, template))}
    rows = sorted(table.cells, key=lambda r: min((order.get(f"{table.name}.{r}.{c}", 10**6) for c in table.cells[r]),
                                                 default=10**6))
    table.cells = {r: dict(sorted(table.cells[r].items(), key=lambda kv: order.get(f"{table.name}.{r}.{kv[0]}", 10**6)))
                   for r in rows}
    table.found, table.error = True, None
    table.template = table.template or template
    table.layout = table.layout or "llm"
    return produced
