"""Field accuracy against hand-labelled gold files, broken down by table, format, layout and template.

Every document whose file name starts with a gold file's stem (``001_….txt``, ``001_….gbk.html``,
``001_….pdf`` …) is scored against that gold file. Outcomes per field: correct, wrong, missed (gold has
a value, output null), spurious (output has a value, gold null); absent/extra keys count as wrong.
"""

from __future__ import annotations

import json
import subprocess
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from xxgk.api import extract_file
from xxgk.core.errors import XxgkError
from xxgk.core.llm_record import LLMUsage
from xxgk.core.model import CellState, Report
from xxgk.evaluation.families import LAYOUT_FAMILIES, WELL_FORMED
from xxgk.evaluation.gold import compare, flatten, load_gold
from xxgk.evaluation.narratives import narrative_summary, run_narrative_eval
from xxgk.llm.prompts import load_prompt
from xxgk.version import __version__

if TYPE_CHECKING:
    from xxgk.llm.settings import LLMSettings

OUTCOMES = ("correct", "wrong", "missed", "spurious")


@dataclass(slots=True)
class DocScore:
    document: str
    gold: str
    format: str = ""
    layout: str = ""
    template: str = ""
    status: str = ""
    error: str = ""
    fields: int = 0
    outcomes: Counter[str] = field(default_factory=Counter)
    by_table: dict[str, Counter[str]] = field(default_factory=dict)
    nonzero_fields: int = 0
    nonzero_correct: int = 0
    wrong_keys: list[str] = field(default_factory=list)
    keys: list[str] = field(default_factory=list)  # every scored key, in gold order
    by_family: dict[str, Counter[str]] = field(default_factory=dict)
    equations: int = 0  # hard identity equations assessed
    equations_held: int = 0
    seconds: float = 0.0
    llm: LLMUsage = field(default_factory=LLMUsage)
    llm_status: str = "off"
    layout_family: str = WELL_FORMED  # how the document was damaged (see LAYOUT_FAMILIES)
    unpinned: int = 0  # gold cells the print does not pin (several readings fit; the gold holds a human's pick)
    unpinned_missed: int = 0  # of those, the ones the extraction does not give the gold's value
    admitted_wrong: list[str] = field(default_factory=list)  # wrong values in an admitted report (the dataset)

    @property
    def accuracy(self) -> float:
        return self.outcomes["correct"] / self.fields if self.fields else 0.0


def _read_blank(report: Report, key: str) -> bool:
    """Whether a table cell was read as printed empty (not ambiguous, not missing)."""
    if key.startswith("meta."):
        return False
    cell = report.cell(key)
    return cell is not None and cell.state == CellState.blank


def row_family(key: str) -> str:
    """The row family of a key, for the breakdown: t2 and t4 rows as they are; table 三's rows grouped as
    the template groups them (``t3.denied_state_secret`` -> ``t3.denied``, the 其他处理 rows -> ``t3.other``)."""
    table, row = key.split(".")[:2]
    if table == "meta":
        return "meta"
    if table == "t3":
        for prefix in ("denied", "unable", "not_processed", "other"):
            if row == prefix or row.startswith(prefix + "_"):
                return f"t3.{prefix}"
    return f"{table}.{row}"


@dataclass(slots=True)
class EvalResult:
    docs: list[DocScore]
    commit: str = ""
    version: str = __version__
    llm: str = "off"  # the model, when the LLM was on
    prompts: dict[str, str] = field(default_factory=dict)  # prompt name -> version@sha
    narratives: dict[str, Any] | None = None  # ``xxgk.evaluation.narratives.narrative_summary``, when scored

    def _acc(self, docs: list[DocScore], table: str | None = None) -> dict[str, float | int]:
        c: Counter[str] = Counter()
        for d in docs:
            c.update(d.by_table.get(table, Counter()) if table else d.outcomes)
        n = sum(c.values())
        return {"fields": n, "accuracy": round(c["correct"] / n, 4) if n else 0.0, **{k: c[k] for k in OUTCOMES}}

    def _fam(self, docs: list[DocScore]) -> dict[str, dict[str, float | int]]:
        fams: dict[str, Counter[str]] = defaultdict(Counter)
        for d in docs:
            for fam, c in d.by_family.items():
                fams[fam].update(c)
        out = {}
        for fam in sorted(fams):
            c = fams[fam]
            n = sum(c.values())
            out[fam] = {"fields": n, "accuracy": round(c["correct"] / n, 4) if n else 0.0, **{k: c[k] for k in OUTCOMES}}
        return out

    def summary(self) -> dict:
        docs = [d for d in self.docs if not d.error]
        groups: dict[str, dict[str, list[DocScore]]] = {"format": defaultdict(list), "layout": defaultdict(list),
                                                        "template": defaultdict(list),
                                                        "layout_family": defaultdict(list)}
        for d in docs:
            groups["layout_family"][d.layout_family].append(d)
            groups["format"][d.format].append(d)
            groups["layout"][d.layout].append(d)
            groups["template"][d.template].append(d)
        worst_fields = Counter(k for d in docs for k in d.wrong_keys)
        nz = sum(d.nonzero_fields for d in docs)
        return {
            "narratives": self.narratives,
            "xxgk_version": self.version,
            "commit": self.commit,
            "documents": len(self.docs),
            "errors": [{"document": d.document, "error": d.error} for d in self.docs if d.error],
            "overall": self._acc(docs),
            "nonzero_accuracy": round(sum(d.nonzero_correct for d in docs) / nz, 4) if nz else 0.0,
            "by_table": {t: self._acc(docs, t) for t in ("meta", "t2", "t3", "t4")},
            **{f"by_{g}": {k: self._acc(v) for k, v in sorted(groups[g].items())} for g in groups},
            "by_row_family": self._fam(docs),
            "admitted_wrong": [f"{d.document}: {k}" for d in docs for k in d.admitted_wrong],
            "unpinned": {"fields": sum(d.unpinned for d in docs), "missed": sum(d.unpinned_missed for d in docs)},
            "status": dict(Counter(d.status for d in docs)),
            "identities": {
                "documents_all_hold": sum(d.equations == d.equations_held for d in docs),
                "documents": len(docs),
                "equations_held": sum(d.equations_held for d in docs),
                "equations": sum(d.equations for d in docs),
                "pass_rate": round(sum(d.equations_held for d in docs) / max(1, sum(d.equations for d in docs)), 4),
            },
            "llm": {"model": self.llm, "prompts": self.prompts,
                    "calls": sum(d.llm.calls for d in docs), "cached": sum(d.llm.cached for d in docs),
                    "requests": sum(d.llm.requests for d in docs),
                    "prompt_tokens": sum(d.llm.prompt_tokens for d in docs),
                    "completion_tokens": sum(d.llm.completion_tokens for d in docs),
                    "documents_sent": sum(d.llm.calls + d.llm.cached > 0 for d in docs)},
            "seconds": round(sum(d.seconds for d in docs), 3),
            "worst_fields": worst_fields.most_common(15),
            "per_document": [{"document": d.document, "gold": d.gold, "format": d.format,
                              "layout_family": d.layout_family, "status": d.status,
                              "fields": d.fields, "accuracy": round(d.accuracy, 4), "wrong_keys": d.wrong_keys,
                              "seconds": round(d.seconds, 4), "llm_status": d.llm_status,
                              "llm_calls": d.llm.calls, "llm_cached": d.llm.cached, "llm_requests": d.llm.requests,
                              "llm_tokens": d.llm.prompt_tokens + d.llm.completion_tokens}
                             for d in docs],
            "worst_documents": [(d.document, round(d.accuracy, 4)) for d in sorted(docs, key=lambda d: d.accuracy)[:10]
                                if d.accuracy < 1],
        }




def assign_documents(stems: list[str], folders: list[Path]) -> list[tuple[Path, str]]:
    """(document, gold stem) for every file under ``folders`` whose name is a gold stem followed by ``.``;
    a name that several stems prefix goes to the longest (``004_….crawler.txt`` has a gold file of its own).
    A file named as a gold file (``<stem>.json``) is a label, not a document (a crawler's JSON record of a
    report is ``<stem>.json.json``)."""
    out = []
    by_length = sorted(stems, key=len, reverse=True)
    for folder in folders:
        for p in sorted(folder.rglob("*")):
            if not p.is_file():
                continue
            stem = next((s for s in by_length if p.name.startswith(s + ".")), None)
            if stem is not None and p.name != f"{stem}.json":
                out.append((p, stem))
    return sorted(out, key=lambda x: (x[1], x[0].as_posix()))


def layout_family(doc: Path, stem: str, gold: dict) -> str:
    """The family a damaged fixture's name gives (the last one when it names several: the damage done last,
    ``….text-browser.beside.txt``), else the gold's, else well-formed."""
    for part in reversed(doc.name.split(".")[1:-1]):
        if part in LAYOUT_FAMILIES:
            return part
    return str(gold.get("layout_family") or WELL_FORMED)


def score(doc: Path, gold_path: Path, llm: LLMSettings | None = None) -> DocScore:
    gold = load_gold(gold_path)
    s = DocScore(document=doc.as_posix(), gold=gold_path.name, layout_family=layout_family(doc, gold_path.stem, gold))
    t0 = time.perf_counter()
    try:
        report = extract_file(doc, llm=llm)
    except XxgkError as exc:
        s.error = f"{exc.code}: {exc.reason}"
        return s
    s.seconds = time.perf_counter() - t0
    s.llm, s.llm_status = report.llm.usage, report.llm.status
    cs = report.check_summary  # hard equations: held, failed (not assessable ones are left out)
    s.equations, s.equations_held = cs.passed + cs.failed, cs.passed
    s.format, s.layout, s.status = report.format, report.layout or "", report.status.value
    s.template = report.meta.template or ""
    n, diffs = compare(report, gold)
    s.fields = n
    bad = {d.key: d for d in diffs}
    want = flatten(gold)
    meta_keys = [f"meta.{f}" for f in ("agency", "year", "template") if f in gold.get("meta", {})]
    s.keys = [*want, *meta_keys]
    unpinned = set(gold.get("unpinned") or ())
    s.unpinned = len(unpinned)
    admitted = report.status.value in ("accepted", "flagged")
    for key in s.keys:
        table = key.split(".")[0]
        d = bad.get(key)
        outcome = "correct" if d is None else (d.outcome if d.outcome in OUTCOMES else "wrong")
        s.outcomes[outcome] += 1
        s.by_table.setdefault(table, Counter())[outcome] += 1
        s.by_family.setdefault(row_family(key), Counter())[outcome] += 1
        if d is not None:
            s.wrong_keys.append(key)
            if key in unpinned:
                s.unpinned_missed += 1
            # (the agency, year and template too: a wrong agency in the dataset misfiles every number; and a
            # cell read blank where the report prints a number: the dataset's empty cell says "printed empty")
            if admitted and (outcome in ("wrong", "spurious") or (outcome == "missed" and _read_blank(report, key))):
                s.admitted_wrong.append(key)
        gv = want.get(key)
        if table != "meta" and isinstance(gv, int | Decimal) and not isinstance(gv, bool) and gv != 0:
            s.nonzero_fields += 1
            s.nonzero_correct += d is None
    return s


def git_commit(cwd: Path) -> str:
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=cwd, capture_output=True, text=True,
                              timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""


def run_eval(gold_dir: str | Path, report_dirs: list[str | Path], llm: LLMSettings | None = None,
             narratives: Path | None = None) -> EvalResult:
    """Score every document that has a gold file. ``llm``: settings of the LLM step (its calls, tokens and
    time are recorded per document; use ``frozen`` for a reproducible run from the cache). ``narratives``: a
    folder of section-五 gold (``eval/narratives``), scored over the same folders."""
    gold_dir = Path(gold_dir)
    folders = [Path(p) for p in report_dirs]
    docs: list[DocScore] = []
    for doc, stem in assign_documents([p.stem for p in gold_dir.glob("*.json")], folders):
        docs.append(score(doc, gold_dir / f"{stem}.json", llm))
    result = EvalResult(docs=docs, commit=git_commit(gold_dir))
    if narratives is not None:
        pairs = assign_documents([p.stem for p in narratives.glob("*.json")], folders)
        result.narratives = narrative_summary(run_narrative_eval(narratives, pairs, llm))
    if llm is not None and llm.active:

        result.llm = f"{llm.model} ({llm.resolved_mode}{', frozen cache' if llm.frozen else ''})"
        result.prompts = {n: f"{p.version}@{p.sha}" for n in ("table", "summary_section5", "figures_section1")
                          for p in [load_prompt(n)]}
    return result


def write_reports(result: EvalResult, out: Path) -> dict:
    out.mkdir(parents=True, exist_ok=True)
    summary = result.summary()
    (out / "eval-report.json").write_text(json.dumps(summary, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    ids, llm = summary["identities"], summary["llm"]
    lines = [f"# xxgk eval — {summary['documents']} documents, commit {summary['commit'] or '?'}, "
             f"xxgk {summary['xxgk_version']}, LLM: {llm['model']}", "",
             *([f"Prompts: {', '.join(f'{k} {v}' for k, v in llm['prompts'].items())}", ""] if llm["prompts"] else []),
             f"Overall field accuracy: **{summary['overall']['accuracy']:.2%}** of {summary['overall']['fields']} "
             f"fields; non-zero gold cells: {summary['nonzero_accuracy']:.2%}", ""]
    lines += [f"Identities: {ids['pass_rate']:.2%} of {ids['equations']} hard equations hold; "
              f"{ids['documents_all_hold']} of {ids['documents']} documents with every equation holding. "
              f"LLM: {llm['calls']} call(s), {llm['cached']} cached, {llm['prompt_tokens']} + "
              f"{llm['completion_tokens']} tokens over {llm['documents_sent']} document(s); "
              f"extraction time {summary['seconds']:.2f} s.", ""]
    up = summary["unpinned"]
    lines += [f"Wrong values admitted to the dataset (accepted or flagged reports): **{len(summary['admitted_wrong'])}**"
              + (" — " + ", ".join(summary["admitted_wrong"][:20]) if summary["admitted_wrong"] else "")
              + f". Gold cells the print does not pin: {up['fields']}, of which {up['missed']} not given the "
              "labeller's pick.", ""]
    for group in ("by_table", "by_row_family", "by_format", "by_layout", "by_layout_family", "by_template"):
        lines += [f"## {group.replace('_', ' ')}", "", "| | fields | accuracy | wrong | missed | spurious |",
                  "|---|---:|---:|---:|---:|---:|"]
        for k, v in summary[group].items():
            lines.append(f"| {k} | {v['fields']} | {v['accuracy']:.2%} | {v['wrong']} | {v['missed']} | {v['spurious']} |")
        lines.append("")
    if summary.get("narratives"):
        lines += narrative_lines(summary["narratives"])
    lines += ["## status", "", *[f"- {k}: {v}" for k, v in summary["status"].items()], ""]
    if summary["worst_fields"]:
        lines += ["## worst fields", "", *[f"- `{k}`: {n} document(s)" for k, n in summary["worst_fields"]], ""]
    if summary["worst_documents"]:
        lines += ["## worst documents", "", *[f"- {d}: {a:.2%}" for d, a in summary["worst_documents"]], ""]
    lines += ["## per document", "", "| document | status | accuracy | seconds | LLM calls | cached | tokens |",
              "|---|---|---:|---:|---:|---:|---:|",
              *[f"| {d['document']} | {d['status']} | {d['accuracy']:.2%} | {d['seconds']:.3f} | {d['llm_calls']} | "
                f"{d['llm_cached']} | {d['llm_tokens']} |" for d in summary["per_document"]], ""]
    if summary["errors"]:
        lines += ["## unreadable", "", *[f"- {e['document']}: {e['error']}" for e in summary["errors"]], ""]
    (out / "eval-report.md").write_text("\n".join(lines), encoding="utf-8")
    (out / "eval-report.html").write_text(heatmap_html(result), encoding="utf-8")
    return summary


def heatmap_html(result: EvalResult) -> str:
    """A self-contained page: one row per canonical key, one column per document, red where wrong."""
    from html import escape

    docs = [d for d in result.docs if not d.error]
    keys: list[str] = []
    seen: set[str] = set()
    for d in docs:
        for k in d.keys:
            if k not in seen:
                seen.add(k)
                keys.append(k)
    wrong = {d.document: set(d.wrong_keys) for d in docs}
    have = {d.document: set(d.keys) for d in docs}
    head = "".join(f'<th title="{escape(d.document)}">{i + 1}</th>' for i, d in enumerate(docs))
    rows = []
    for k in keys:
        cells = "".join('<td class="bad"></td>' if k in wrong[d.document] else
                        '<td class="ok"></td>' if k in have[d.document] else "<td></td>" for d in docs)
        n_bad = sum(k in wrong[d.document] for d in docs)
        rows.append(f"<tr><th class=k>{escape(k)}</th>{cells}<td>{n_bad}</td></tr>")
    legend = "".join(f"<li>{i + 1}: {escape(d.document)} — {d.accuracy:.2%}</li>" for i, d in enumerate(docs))
    return ("<!DOCTYPE html><html><head><meta charset='utf-8'><title>xxgk eval heat map</title><style>"
            "body{font:12px sans-serif}td{width:10px;height:10px;padding:0}.ok{background:#cfe8cf}"
            ".bad{background:#d9534f}th.k{text-align:left;font-weight:normal}</style></head><body>"
            f"<h1>xxgk eval — commit {escape(result.commit or '?')}</h1><p>rows: canonical keys; columns: documents; "
            "red: wrong, missed or spurious</p><table><tr><th></th>" + head + "<th>wrong</th></tr>"
            + "".join(rows) + f"</table><ol>{legend}</ol></body></html>\n")


def compare_runs(old: dict, new: dict) -> dict:
    """Field-by-field difference between two eval reports: what got better, what got worse."""
    def wrong(rep: dict) -> dict[str, set[str]]:
        return {d["document"]: set(d["wrong_keys"]) for d in rep.get("per_document", [])}

    a, b = wrong(old), wrong(new)
    fixed, broke = [], []
    for doc in sorted(a.keys() | b.keys()):
        was, now = a.get(doc, set()), b.get(doc, set())
        fixed += [(doc, k) for k in sorted(was - now) if doc in b]
        broke += [(doc, k) for k in sorted(now - was) if doc in a]
    tables = {}
    for t, v in new.get("by_table", {}).items():
        before = old.get("by_table", {}).get(t, {}).get("accuracy")
        tables[t] = {"before": before, "after": v.get("accuracy")}
    return {
        "old_commit": old.get("commit"), "new_commit": new.get("commit"),
        "overall": {"before": old.get("overall", {}).get("accuracy"), "after": new.get("overall", {}).get("accuracy")},
        "by_table": tables,
        "fixed": fixed, "broke": broke,
        "documents_only_in_old": sorted(a.keys() - b.keys()), "documents_only_in_new": sorted(b.keys() - a.keys()),
    }


NARRATIVE_FIGURES = ("precision", "recall", "category_accuracy")


def narrative_lines(n: dict[str, Any]) -> list[str]:
    """The section-五 figures as Markdown lines (eval-report.md)."""
    out = ["## section 五: problems and measures", "",
           f"{n['documents']} documents, {n['gold_items']} gold items, {n['returned']} returned, {n['matched']} matched "
           f"(span overlap ≥ half of the longer span): precision **{n['precision']:.2f}**, recall "
           f"**{n['recall']:.2f}**, category accuracy **{n['category_accuracy']:.2f}**; measures returned as "
           f"problems {n['measure_as_problem']}, problems as measures {n['problem_as_measure']}; by "
           f"{', '.join(f'{k} {v}' for k, v in n['methods'].items())}; LLM {n['llm']['calls']} call(s), "
           f"{n['llm']['prompt_tokens']} + {n['llm']['completion_tokens']} tokens.", "",
           "| gold kind → returned kind | items |", "|---|---:|",
           *[f"| {k} | {v} |" for k, v in n["kinds"].items()], "",
           "| document | gold | returned | matched | category right |", "|---|---:|---:|---:|---:|",
           *[f"| {d['document']} | {d['gold']} | {d['returned']} | {d['matched']} | {d['category_right']} |"
             for d in n["per_document"]], ""]
    return out


def baseline_of(summary: dict) -> dict:
    """The figures a baseline file records: accuracy overall, per table and per layout family, and the
    number of wrong values admitted to the dataset."""
    return {"overall": summary["overall"]["accuracy"],
            "by_table": {t: v["accuracy"] for t, v in summary["by_table"].items() if v["fields"]},
            "by_layout_family": {f: v["accuracy"] for f, v in summary.get("by_layout_family", {}).items()},
            "admitted_wrong": len(summary.get("admitted_wrong", [])),
            **({"narratives": {k: round(n[k], 4) for k in NARRATIVE_FIGURES}} if (n := summary.get("narratives")) else {}),
            "documents": summary["documents"], "commit": summary["commit"]}


def below_baseline(summary: dict, baseline: dict) -> list[str]:
    """Tables, layout families (and overall) whose accuracy dropped below the recorded baseline, and wrong
    values admitted to the dataset beyond the recorded number."""
    now = baseline_of(summary)
    drops = []
    for group in ("by_table", "by_layout_family"):
        drops += [f"{k}: {now[group].get(k, 0.0):.4f} < {acc:.4f}" for k, acc in baseline.get(group, {}).items()
                  if now[group].get(k, 0.0) < acc]
    if now["overall"] < baseline.get("overall", 0.0):
        drops.append(f"overall: {now['overall']:.4f} < {baseline['overall']:.4f}")
    for k, floor in baseline.get("narratives", {}).items():
        got = now.get("narratives", {}).get(k, 0.0)
        if got < floor:
            drops.append(f"narratives {k}: {got:.4f} < {floor:.4f}")
    if now["admitted_wrong"] > baseline.get("admitted_wrong", 0):
        drops.append(f"wrong values admitted to the dataset: {now['admitted_wrong']} > "
                     f"{baseline.get('admitted_wrong', 0)} ({', '.join(summary['admitted_wrong'][:5])})")
    return drops
