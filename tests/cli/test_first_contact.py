"""What a new user meets first (issue 13): each numbered item of the issue, as the user met it."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

import xxgk
from tests.conftest import REPORTS
from xxgk.cli import app
from xxgk.core.errors import InputError

GOOD = REPORTS / "004_9f0ed78e15ea2a92.txt"
runner = CliRunner()


def _xxgk(*args: str, cwd: Path | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "xxgk", *args], capture_output=True, text=True, timeout=180,
                          cwd=cwd, env=env)


def test_1_version():
    res = _xxgk("--version")
    assert res.returncode == 0 and res.stdout.strip() == f"xxgk {xxgk.__version__}"


def test_2_paths_are_never_read_as_markup(tmp_path):
    inp = tmp_path / "d[" / "b]"  # the folder d[/b] of the issue
    inp.mkdir(parents=True)
    shutil.copy(GOOD, inp / "a[red].txt")
    out = tmp_path / "o[bold]x"
    res = _xxgk("extract", str(inp), "--out", str(out))
    assert res.returncode == 0, res.stderr
    assert f"{out}/" in res.stdout and (out / "reports.csv").exists()
    assert "[llm]" in _xxgk("extract", "--help").stdout


def test_5_missing_files_and_folders_are_one_line_errors(tmp_path):
    for args in (["label", str(tmp_path / "missing.txt")], ["label", str(tmp_path)],
                 ["extract", str(REPORTS), "--out", "/proc/x/y"]):
        res = _xxgk(*args)
        assert res.returncode in (1, 2) and "Traceback" not in res.stderr, (args, res.stderr)
        assert res.stderr.startswith("xxgk: error: ") and res.stderr.count("\n") == 1, res.stderr


def test_6_eval_and_label_outside_the_repository(tmp_path):
    res = _xxgk("eval", cwd=tmp_path)
    assert res.returncode == 2 and "no gold files" in res.stderr
    doc = tmp_path / "report.txt"
    shutil.copy(GOOD, doc)
    res = _xxgk("label", str(doc), cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    assert (tmp_path / "report.draft.json").exists() and not (tmp_path / "eval").exists()


def test_9_llm_asked_for_but_not_configured_is_a_usage_error(tmp_path):
    env = {k: v for k, v in __import__("os").environ.items() if not k.startswith(("XXGK_", "OPENAI_"))}
    res = _xxgk("extract", str(GOOD), "--out", str(tmp_path / "o"), "--llm", cwd=tmp_path, env=env)
    assert res.returncode == 2 and "no model configured" in res.stderr and res.stderr.count("\n") == 1


def test_9_third_party_loggers_are_quiet_unless_verbose():
    import logging

    from xxgk.cli.logs import configure

    configure(None)
    assert logging.getLogger("instructor").getEffectiveLevel() > logging.CRITICAL
    configure("INFO")
    assert logging.getLogger("instructor").getEffectiveLevel() == logging.INFO
    configure(None)


def test_10_help_shows_no_bool_and_lists_choices_and_offers_completion():
    res = runner.invoke(app, ["extract", "--help"], terminal_width=200)
    assert "<bool>" not in res.output and "<flagged|accepted-o" in res.output  # (wrapped at 80 columns)
    assert "--install-completion" in runner.invoke(app, ["--help"], terminal_width=200).output
    bad = runner.invoke(app, ["extract", str(GOOD), "--accept", "everything"])
    assert bad.exit_code == 2


def test_11_library_keys_paths_types_and_scripts_without_a_main_guard(tmp_path):
    r = xxgk.extract(GOOD)
    assert r.value("t3.granted.total") == 0
    with pytest.raises(KeyError, match=r"did you mean 't3\.granted\.total'"):
        r.value("t3.granted.totl")
    with pytest.raises(KeyError, match="not a canonical key"):
        r.value("t9.a.b")
    with pytest.raises(InputError, match="no such file") as info:
        xxgk.extract("typo/path.txt")
    assert info.value.code == "missing"
    assert (Path(xxgk.__file__).parent / "py.typed").exists()
    script = tmp_path / "noguard.py"
    script.write_text(
        "from xxgk.batch import BatchOptions, run_extract\n"
        "print('body', flush=True)\n"
        f"s = run_extract([{str(REPORTS)!r}], {str(tmp_path / 'out')!r}, BatchOptions(jobs=2))\n"
        "print('done', s.done, flush=True)\n", encoding="utf-8")
    res = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=180)
    assert res.returncode == 0, res.stderr[-1500:]
    assert res.stdout.count("body") == 1 and "done 18" in res.stdout


def test_14_os_litter_is_skipped_and_counted_and_globs_select(tmp_path):
    inp = tmp_path / "in"
    (inp / "2023").mkdir(parents=True)
    shutil.copy(GOOD, inp / "2023" / "a.txt")
    shutil.copy(GOOD, inp / "b.txt")
    for litter in ("Thumbs.db", "desktop.ini", "~$报告.docx", ".~lock.x.docx#"):
        (inp / litter).write_bytes(b"\x00junk")
    res = _xxgk("extract", str(inp), "--out", str(tmp_path / "o"), "--json")
    assert res.returncode == 0, res.stderr
    summary = json.loads(res.stdout)
    assert (summary["files"], summary["os_litter_skipped"], summary["errors"]) == (2, 3, [])  # (.~lock is hidden)
    res = _xxgk("extract", str(inp), "--out", str(tmp_path / "o2"), "--include", "2023/*", "--json")
    summary = json.loads(res.stdout)
    assert (summary["files"], summary["left_out_by_filters"]) == (1, 1)
    res = _xxgk("extract", str(inp), "--out", str(tmp_path / "o3"), "--exclude", "b.txt", "--json")
    assert json.loads(res.stdout)["files"] == 1


def test_15_pipes_empty_folders_and_check_of_a_document(tmp_path):
    proc = subprocess.run(f"{sys.executable} -m xxgk extract {REPORTS} --out {tmp_path / 'o'} | head -1",
                          shell=True, capture_output=True, text=True, timeout=180,
                          executable="/bin/bash")
    assert proc.stderr == ""
    piped = subprocess.run(["bash", "-c", f"set -o pipefail; {sys.executable} -m xxgk extract {REPORTS} "
                            f"--out {tmp_path / 'o'} | head -1"], capture_output=True, text=True, timeout=180)
    assert piped.returncode == 0, piped.stderr
    empty = tmp_path / "empty"
    empty.mkdir()
    res = _xxgk("extract", str(empty), "--out", str(tmp_path / "o4"))
    assert res.returncode == 1 and "no input files" in res.stderr
    res = _xxgk("check", str(REPORTS / "001_7b4b25fcf59f7d61.txt"))
    assert res.returncode == 1 and "flagged" in res.stdout and "cannot read JSON" not in res.stdout + res.stderr


def test_8_install_is_light_and_a_missing_extra_is_named(monkeypatch):
    import importlib.util
    import tomllib

    from xxgk.core.errors import UsageError
    from xxgk.llm.client import missing_extra
    from xxgk.outputs.exports import parse_formats

    meta = tomllib.loads((Path(__file__).parents[2] / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    core = " ".join(meta["dependencies"])
    for heavy in ("openai", "instructor", "pyarrow", "duckdb", "openpyxl", "aiohttp"):
        assert heavy not in core
    assert any(d.startswith("openai") and "<=3.3.0" in d for d in meta["optional-dependencies"]["llm"])
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name in ("openpyxl", "instructor") else real(name, *a))
    with pytest.raises(UsageError, match=r"xxgk\[exports\]"):
        parse_formats("xlsx")
    assert parse_formats("csv") == ("jsonl", "csv")
    assert "pip install 'xxgk[llm]'" in missing_extra()


def test_4_a_file_is_known_by_its_real_path_and_shards_split_alike_wherever_mounted(tmp_path, monkeypatch):
    from xxgk.batch import BatchOptions, discover, run_extract

    inp = tmp_path / "reports"
    shutil.copytree(REPORTS, inp)
    (inp / "link.txt").symlink_to(inp / "004_9f0ed78e15ea2a92.txt")
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "out"
    run_extract(["reports"], out)
    run_extract([str(inp)], out)  # the same folder, given by its absolute path
    lines = (out / "reports.jsonl").read_text(encoding="utf-8").splitlines()
    lines += (out / "quarantine.jsonl").read_text(encoding="utf-8").splitlines()
    sources = [json.loads(x)["source"] for x in lines]
    assert len(sources) == len(set(sources)) == 18  # every file once (the link is the same file as 004)
    assert all(s.startswith(str(inp)) for s in sources)  # the latest path wins
    # two mounts of one corpus split alike
    other = tmp_path / "elsewhere" / "deep" / "corpus"
    shutil.copytree(REPORTS, other)
    for i in (1, 2, 3):
        here = {s.rsplit("/", 1)[-1] for s, _ in discover([inp], shard=(i, 3))} - {"link.txt"}
        there = {s.rsplit("/", 1)[-1] for s, _ in discover([other], shard=(i, 3))}
        assert here == there
    assert BatchOptions().shard is None


def test_15_summarize_runs_in_parallel_and_resumes(tmp_path):
    from xxgk.summaries.run import run_summarize

    out = tmp_path / "s"
    first = run_summarize([str(REPORTS)], out, jobs=2)
    assert first.files == 18 and first.reused == 0 and sum(first.by_method.values()) == 18
    lines = (out / "summaries.jsonl").read_text(encoding="utf-8")
    again = run_summarize([str(REPORTS)], out)
    assert again.reused == 18 and (out / "summaries.jsonl").read_text(encoding="utf-8") == lines
    forced = run_summarize([str(REPORTS)], out, force=True)
    assert forced.reused == 0
    assert all(json.loads(x)["sha256"] for x in lines.splitlines())
