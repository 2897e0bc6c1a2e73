"""Row labels to canonical row keys: exact keyword lookup on the normalised label first, fuzzy matching
against the canonical labels only on a miss (it is far slower and runs for few rows).

A candidate label is the join of the last k text fragments before a row's values (k = 1, 2, …), so a
label wrapped over lines ("（二）部分公开（区分处理的，只计这一情" + "形，不计其他情形）") or preceded by a
vertical group stack ("法提供 2.没有现成信息…") is still recognised; the smallest k that matches wins.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator, Sequence
from functools import lru_cache

from xxgk.core.model import Note
from xxgk.core.spec import T3_COLUMNS
from xxgk.core.text import norm, squash
from xxgk.core.vocabulary import NUMBERING, T2_CANON, T3_CANON, core, lookup_key, unified
from xxgk.pipeline.tables.rows import Row
from xxgk.pipeline.tables.settings import TableSettings
from xxgk.pipeline.tables.tokens import Token

# t3 group markers: （三）不予公开 … （六）其他处理 (also split over lines: "（四）无" + "法提供")
_T3_GROUPS = (  # (a group label written down its merged cell two characters a line: "（六" / "）其" / "他处" / "理")
    ("denied", re.compile(r"[(]三(?:[)]|$)|不予公开")),
    ("unable", re.compile(r"[(]四(?:[)]|$)|无法提供")),
    ("not_processed", re.compile(r"[(]五(?:[)]|$)|不予处理")),
    ("other", re.compile(r"[(]六(?:[)]|$)|其他处理")),
    (None, re.compile(r"[(][一二七][)]|本年度办理结果|结转下年")),
)


def t3_group(fragments: Sequence[Token], current: str | None) -> str | None:
    """The （三）…（六） group in force after these fragments."""
    group = current
    for tok in fragments:
        g = _group_of(tok.text)
        if g is not _NO_GROUP:
            group = g
    return group


_NO_GROUP = "-"


@lru_cache(maxsize=8192)
def _group_of(text: str) -> str | None:
    s = unified(squash(text))
    found: str | None = _NO_GROUP
    for name, pat in _T3_GROUPS:
        if pat.search(s):
            found = name
    return found



def _fuzzy(table: str, candidate: str, settings: TableSettings) -> str | None:
    canon = T3_CANON if table == "t3" else T2_CANON
    # one character misread (OCR's 中请 for 申请) in a label of the same length: taken when it points to
    # exactly one label (a short label's similarity ratio stays below the threshold for one character)
    one_off = {key for key, label in canon.items() if len(label) >= 4 and len(label) == len(candidate)
               and sum(a != b for a, b in zip(label, candidate, strict=True)) == 1}
    if len(one_off) == 1:
        return one_off.pop()
    best, best_ratio = None, 0.0
    for key, label in canon.items():
        if len(label) < 4:  # 总计, 其他, 规章: too short to compare by similarity
            continue
        if not (0.6 * len(label) <= len(candidate) <= 1.5 * len(label) + 2):
            continue
        ratio = difflib.SequenceMatcher(None, candidate, label).ratio()
        if ratio > best_ratio:
            best, best_ratio = key, ratio
    return best if best_ratio >= settings.fuzzy_ratio else None


def match_row(
    table: str, fragments: Sequence[Token], settings: TableSettings, group: str | None = None,
    fuzzy: bool = True,
) -> tuple[str | None, int, bool]:
    """(row key, number of fragments used, fuzzy?) for a row's label fragments; key None on no match.
    ``fuzzy=False`` skips the similarity fallback (rows whose values are all blank header debris)."""
    n = min(len(fragments), settings.max_label_fragments)
    aliases = [(core(norm(label)), key) for t, label, key in settings.label_aliases if t == table and core(norm(label))]
    cands = []
    for k in range(1, n + 1):
        cand = core("".join(t.text for t in fragments[-k:]))
        cands.append(cand)
        for label, key in aliases:
            if cand == label or (cand.endswith(label) and len(cand) <= len(label) + settings.label_slack_min):
                return key, k, False
        found = lookup_key(table, cand, group, settings.label_slack_min)
        if found:
            return found, k, False
    for k, cand in enumerate(cands[:3] if fuzzy else [], start=1):
        found = _fuzzy(table, cand, settings)
        if found:
            return found, k, True
    return None, 0, False


def labels_without_values(
    table: str, fragments: Sequence[Token], settings: TableSettings, group: str | None = None
) -> list[tuple[str, Token]]:
    """Row labels standing among the fragments *before* a row's own label, with no values of their own
    (PDF text prints nothing for blank cells, so an all-blank row is a bare label line). Only labels
    that carry their numbering ("（二）部分公开…", "1.属于国家秘密") or read exactly as a canonical label
    count, so header cells such as "总计" or "其他" are never taken for rows. ``group``: the table-三 group
    in force before the fragments; the group headers among them change it as they come."""
    canon = T3_CANON if table == "t3" else T2_CANON
    found: list[tuple[str, Token]] = []
    i, n = 0, len(fragments)
    while i < n:
        if table == "t3":  # (the group in force where the label stands: "（六）其他处理 / 3.其他")
            group = t3_group(fragments[i : i + 1], group)
        first = squash(fragments[i].text)
        numbered = bool(NUMBERING.match(first))
        if not numbered and table == "t3" and any(squash(t.text) in _T3_HEADINGS for t in fragments[max(0, i - 2) : i]):
            i += 1  # (其他, 总计 after the column names: the table's heading printed again on a later page)
            continue
        hit = None
        for k in range(1, min(3, n - i) + 1):
            cand = core("".join(t.text for t in fragments[i : i + k]))
            if not numbered and cand not in canon.values():
                continue
            key = lookup_key(table, cand, group, settings.label_slack_min)
            if key:
                hit = (key, k)
                break
        if hit:
            found.append((hit[0], fragments[i]))
            i += hit[1]
        else:
            i += 1
    return found


_TABLE_NAMES = {"t2": "二", "t3": "三"}
#: table 三's column names (其他 and 总计 aside, which are row labels too)
_T3_HEADINGS = frozenset({*(squash(c.label) for c in T3_COLUMNS[:-2]), "法人或其他组织", "申请人情况"})


def matched_rows(table: str, rows: Sequence[Row], settings: TableSettings,
                 notes: list[Note]) -> Iterator[tuple[int, str, Row]]:
    """(index of the row in ``rows``, row key, row) for every row whose label is recognised, once per
    key, in document order. All-blank rows printed as bare labels (PDF text drops blank cells; the
    tokenizer drops a row's empty cells when it prints no number, as it does a caption's) come as rows
    without values. When two rows claim a key, the one with numbers and a numbered label wins (a
    header cell "总计" followed by empty cells is not the （七）总计 row). Unmatched rows with numbers,
    duplicates and fuzzy matches leave a note."""
    found: dict[str, tuple[int, Row, tuple[bool, bool]]] = {}
    group: str | None = None
    for i, row in enumerate(rows):
        prev_group = group
        if table == "t3":
            group = t3_group(row.fragments, group)
        if not row.values:
            if i == len(rows) - 1 and found:
                # the table ends with rows that print nothing (all blank: PDF text and scrapes drop them)
                for k, tok in labels_without_values(table, row.fragments, settings, prev_group):
                    if k not in found:
                        found[k] = (i, Row(fragments=[tok], values=[]), (False, True))
            continue
        has_numbers = any(not v.is_blank for v in row.values)
        key, used, fuzzy = match_row(table, row.fragments, settings, group, fuzzy=has_numbers)
        where = dict(table=table, line=row.line)
        if key is None:
            if has_numbers and row.fragments:
                label = "".join(t.text for t in row.fragments[-2:])
                notes.append(Note(code="unmatched_row", **where,
                                  message=f"row {label!r} with values {[t.text for t in row.values]} "
                                          f"matches no table-{_TABLE_NAMES[table]} label"))
            continue
        if found or table == "t2":  # (table 三's header cells include 其他 and 总计; table 二's are no labels)
            lead = row.fragments[: len(row.fragments) - used]
            for k, tok in labels_without_values(table, lead, settings, prev_group if table == "t3" else None):
                if k == "other" and key.startswith("other_"):
                    continue  # the （六） group header of the 2021 sub-rows, not the 2019 row
                if k not in found and k != key:
                    found[k] = (i, Row(fragments=[tok], values=[]), (False, True))
        numbered = bool(NUMBERING.match(squash(row.fragments[-used].text))) if used else False
        quality = (has_numbers, numbered)
        if key in found:
            kept_line = found[key][1].line
            if quality > found[key][2]:
                notes.append(Note(code="duplicate_row", key=f"{table}.{key}", **where,
                                  message=f"two rows for {table}.{key}: line {row.line} kept over line {kept_line}"))
                found[key] = (i, row, quality)
            else:
                notes.append(Note(code="duplicate_row", key=f"{table}.{key}", **where,
                                  message=f"second row for {table}.{key} ignored (line {row.line})"))
            continue
        if fuzzy:
            notes.append(Note(code="fuzzy_label", key=f"{table}.{key}", **where,
                              message=f"label {row.fragments[-1].text!r} matched {table}.{key} by similarity"))
        found[key] = (i, row, quality)
    for key, (i, row, _) in sorted(found.items(), key=lambda kv: kv[1][0]):
        yield i, key, row
