"""Routing and verification: which tables go to the LLM, and what of its answer enters the report.

Only a table the rules could not read whole is sent: not found while its section holds numbers, or rows
whose labels the rules do not find (cells ``missing``) — the model can locate such rows by their label.
A table whose rows were all found but whose cells stay ambiguous is not sent: several readings fit the
print there, and a model's pick among them would not be evidence. Only the table's section text is sent,
fenced as data. A report whose tables the rules read whole makes no call.

What the model answers is verified against the print by ``verify`` before anything is merged.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Literal

from xxgk.core.llm_record import LLMInfo, LLMTableOutcome, LLMUsage
from xxgk.core.model import CellState, Report, Table
from xxgk.core.spec import Template, label_of, t2_keys, t3_keys, t4_keys
from xxgk.llm.client import FrozenCacheMiss, LLMClient, LLMError, Outcome
from xxgk.llm.prompts import load_prompt
from xxgk.llm.schema import TableAnswer
from xxgk.llm.verify import Reread, columns_of, placed_by_order, verify_table
from xxgk.pipeline.checks import recheck
from xxgk.pipeline.tables.settings import DEFAULT_SETTINGS, TableSettings

_SECTION = {"t2": "二、主动公开政府信息情况", "t3": "三、收到和处理政府信息公开申请情况",
            "t4": "四、政府信息公开行政复议、行政诉讼情况"}


def table_keys(name: str, template: str) -> list[str]:
    tpl: Template = "2019" if template == "2019" else "2021"
    if name == "t2":
        return t2_keys(tpl)
    if name == "t3":
        return t3_keys(tpl)
    return t4_keys()


def why_routed(report: Report, table: Table) -> str | None:
    """The rule parser's outcome that sends this table to the LLM, or None when the LLM cannot help."""
    if not table.found or table.error:
        return table.error or "table not found by the rules"
    missing = sum(c.state == CellState.missing for _, c in table.iter_cells())
    if missing:
        return f"{missing} cell(s) in rows whose labels the rules do not find"
    by_order = placed_by_order(report, table.name)
    if by_order:
        return f"{len(by_order)} row(s) placed by the template's order, their labels not recognised"
    return None


def route(report: Report, text: str | None) -> tuple[list[tuple[Literal['t2', 't3', 't4'], str]], list[LLMTableOutcome]]:
    """(tables to send with the reason, tables that needed help but are not sent, with why)."""
    send, unsent = [], []
    for table in (report.t2, report.t3, report.t4):
        why = why_routed(report, table)
        if why is None:
            n = sum(c.state == CellState.ambiguous for _, c in table.iter_cells())
            if n:
                unsent.append(LLMTableOutcome(
                    table=table.name, why=f"{n} cell(s) ambiguous", outcome="not_sent",
                    message="every row found; several readings fit the print, and a model's pick is not evidence"))
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


async def refine_report(report: Report, text: str | None, client: LLMClient, reread: Reread | None = None,
                        settings: TableSettings = DEFAULT_SETTINGS) -> Report:
    """Send the tables the rules could not read whole to the LLM and merge what the print verifies.
    ``reread``: the rules run again over the same document with other table settings (the caller composes
    it; without it, rows the model locates cannot be read and nothing of theirs is admitted)."""
    send, unsent = route(report, text)
    info = LLMInfo(status="not_needed" if not send else "used", model=client.settings.model, tables=unsent)
    if not send:
        info.message = "every table read by rules: no LLM call" if not unsent else "nothing the LLM could verify"
        report.llm = info
        return report
    answers = await asyncio.gather(*(_ask_table(report, name, text or "", client) for name, _ in send))
    for (name, why), (asked, outcome) in zip(send, answers, strict=True):
        verified, usage = _verified(report, name, why, asked, outcome, reread, settings)
        info.usage.add(usage)
        info.tables.append(verified)
    info.tables.sort(key=lambda o: o.table)
    sent = [o for o in info.tables if o.outcome != "not_sent"]
    if all(o.outcome in ("failed", "frozen_miss", "unavailable") for o in sent):
        info.status = "failed"
    info.message = "; ".join(f"{o.table}: {o.outcome}" + (f" ({o.message})" if o.message else "") for o in info.tables)
    report.llm = info
    return recheck(report)


@dataclass(slots=True)
class _Asked:
    keys: list[str]
    section: str


async def _ask_table(report: Report, name: str, text: str, client: LLMClient) -> tuple[_Asked, Outcome | LLMError]:
    table = report.table(name)
    template = table.template or report.meta.template or "2021"
    keys = table_keys(name, template)
    columns = columns_of(keys)
    section = _section_text(table, text) or ""
    prompt = load_prompt("table")
    messages = prompt.messages(
        section=_SECTION[name], table_title=f"{template} 年版模板", text=section.replace("</document>", "</ document>"),
        rows="\n".join(f"{r}: {label_of(f'{r}.{cols[0]}').split(' / ')[0]} — 列: {', '.join(cols)}"
                       for r, cols in columns.items()),
        keys="\n".join(f"{k}: {label_of(k)}" for k in keys),
    )
    context = {"columns": columns, "text": section}
    try:
        return _Asked(keys, section), await client.ask(prompt, messages, TableAnswer, context)
    except LLMError as exc:
        return _Asked(keys, section), exc


def _verified(report: Report, name: str, why: str, asked: _Asked, out: Outcome | LLMError, reread: Reread | None,
              settings: TableSettings) -> tuple[LLMTableOutcome, LLMUsage]:
    if isinstance(out, FrozenCacheMiss):
        return LLMTableOutcome(table=name, why=why, outcome="frozen_miss", message=out.reason), LLMUsage()
    if isinstance(out, LLMError):
        kind = "unavailable" if out.transient else "failed"
        return LLMTableOutcome(table=name, why=why, outcome=kind, message=out.reason), out.usage or LLMUsage()
    answer = out.answer
    if answer is None:
        return LLMTableOutcome(table=name, why=why, outcome="unverified",
                               message=f"no usable answer after the re-asks: {out.error}"), out.usage
    columns = columns_of(asked.keys)
    verdict = verify_table(report, name, answer.claimed(columns), answer.labels(), asked.section, asked.keys,
                           settings, reread)
    report.notes.extend(verdict.notes)
    parts = [f"{verdict.admitted} cell(s) admitted from rows it located", f"{verdict.confirmed} confirmed"]
    if verdict.disagreed:
        parts.append(f"{len(verdict.disagreed)} read otherwise than the print")
    if verdict.unverified:
        parts.append("not verified: " + ", ".join(verdict.unverified[:6]))
    if out.cached:
        parts.insert(0, "from cache")
    return LLMTableOutcome(table=name, why=why, outcome="merged" if verdict.admitted else "unverified",
                           message="; ".join(parts), cells=verdict.admitted), out.usage
