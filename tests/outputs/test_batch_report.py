"""``xxgk report``: the HTML overview of an extraction folder (``xxgk.outputs.page``).

The page is checked as data — it is well-formed XML, so it is parsed strictly and the numbers are read back
from its tables — and, when Chromium is installed, rendered headless (DOM dump and a screenshot).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from tests.conftest import ROOT
from xxgk.batch import run_extract
from xxgk.cli.report import report_cmd
from xxgk.core.errors import UsageError
from xxgk.outputs.page import MAX_ROWS, write_batch_report

NS = {"h": "http://www.w3.org/1999/xhtml", "s": "http://www.w3.org/2000/svg"}
# the charts drawn from an extraction of eval/reports plus two unreadable files
CHARTS = ("status-by-year", "granted-rate-hist", "outcome-groups", "denied-reasons", "unable-reasons",
          "not-processed-reasons", "review-correction-hist", "review-outcomes", "identity-failures", "errors-by-code")
FLAGGED_PDF = "hzq2023_working.pdf"


@pytest.fixture(scope="module")
def out_dir(tmp_path_factory) -> Path:
    """An extraction of the bundled reports, plus an empty and a binary file (two lines of errors.jsonl)."""
    base = tmp_path_factory.mktemp("batch_report")
    bad = base / "bad"
    bad.mkdir()
    (bad / "empty.txt").write_bytes(b"")
    (bad / "binary.txt").write_bytes(bytes(range(256)) * 8)
    out = base / "out"
    run_extract([str(ROOT / "eval" / "reports"), str(bad)], out)
    return out


@pytest.fixture(scope="module")
def page(out_dir) -> tuple[Path, str]:
    dest = write_batch_report(out_dir)
    return dest, dest.read_text(encoding="utf-8")


def parse(text: str) -> ET.Element:
    """The page as XML (it is written as polyglot XHTML): any unescaped markup would break this."""
    assert text.startswith("<!DOCTYPE html>\n")
    return ET.fromstring(text.split("\n", 1)[1])


def lines(path: Path) -> list[dict]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def text_of(el: ET.Element) -> str:
    return "".join(el.itertext()).strip()


def charts(root: ET.Element) -> dict[str, ET.Element]:
    return {svg.get("data-chart"): svg for svg in root.iter(f"{{{NS['s']}}}svg") if svg.get("class") == "chart"}


def bars(svg: ET.Element) -> list[ET.Element]:
    return [r for r in svg.iter(f"{{{NS['s']}}}rect") if r.get("class") == "bar"]


def card_number(root: ET.Element, label: str) -> int:
    for card in root.iterfind(".//h:div[@class='card']", NS):
        if label in text_of(card):
            return int(text_of(card.find("h:div[@class='n']", NS)).replace(",", ""))
    raise AssertionError(f"no card {label!r}")


def list_rows(root: ET.Element, section: str, index: int = 0) -> list[list[str]]:
    """The body rows of the ``index``-th listing table of a section, as text."""
    sec = root.find(f".//h:section[@id='{section}']", NS)
    table = sec.findall(".//h:table[@class='list']", NS)[index]
    return [[text_of(td) for td in tr.iterfind("h:td", NS)] for tr in table.iterfind("h:tbody/h:tr", NS)]


def list_header(root: ET.Element, section: str, index: int = 0) -> list[str]:
    sec = root.find(f".//h:section[@id='{section}']", NS)
    table = sec.findall(".//h:table[@class='list']", NS)[index]
    return [text_of(th) for th in table.iterfind("h:thead/h:tr/h:th", NS)]


# --- the page from a real extraction ---------------------------------------------------------------------


def test_default_destination_and_wellformed(out_dir, page):
    dest, text = page
    assert dest == out_dir / "report.html"
    root = parse(text)
    assert root.find("h:head/h:meta[@charset='utf-8']", NS) is not None
    assert len(text) < 300_000


def test_counts_match_the_data(out_dir, page):
    root = parse(page[1])
    dataset, quarantine = lines(out_dir / "reports.jsonl"), lines(out_dir / "quarantine.jsonl")
    everything = dataset + quarantine
    flagged = sum(r["status"] == "flagged" for r in everything)
    assert flagged >= 3  # 001, 002, hzq2023, v06, v07 do not add up
    assert card_number(root, "flagged") == flagged
    assert card_number(root, "accepted") == sum(r["status"] == "accepted" for r in everything)
    assert card_number(root, "dataset") == len(dataset)
    assert card_number(root, "unreadable") == len(lines(out_dir / "errors.jsonl")) == 2
    totals = root.find(".//h:table[@class='grid totals']/h:tbody/h:tr[last()]", NS)
    header = [text_of(th) for th in root.find(".//h:table[@class='grid totals']/h:thead/h:tr", NS)]
    row = dict(zip(header, (text_of(td) for td in totals), strict=True))
    assert row["存疑 flagged"] == str(flagged)
    assert row["合计 total"] == str(len(everything))


def test_flagged_agency_listed_with_failing_checks(out_dir, page):
    report = next(r for r in lines(out_dir / "reports.jsonl") if r["source"].endswith(FLAGGED_PDF))
    assert report["status"] == "flagged"
    agency = report["meta"]["agency"]
    assert agency == "淮安市洪泽区人民政府"
    rows = [r for r in list_rows(parse(page[1]), "identities") if r[-1].endswith(FLAGGED_PDF)]
    assert len(rows) == 1
    status, name, year, template, checks, reason, _ = rows[0]
    assert (name, year, template) == (agency, "2023", "2021")
    assert "flagged" in status and checks.split() == ["S3"]
    assert reason.startswith("the document does not add up")


def test_every_chart_has_bars_and_titles(page):
    root = parse(page[1])
    found = charts(root)
    assert set(CHARTS) <= set(found)
    for name in CHARTS:
        svg = found[name]
        assert svg.find("s:title", NS) is not None and text_of(svg.find("s:title", NS))
        assert svg.get("role") == "img"
        assert bars(svg), f"chart {name} has no bars"
        assert all(b.find("s:title", NS) is not None for b in bars(svg))
    assert page[1].count("<rect") >= sum(len(bars(found[n])) for n in CHARTS) > 30


def granted_total(report: dict) -> int:
    """予以公开 of one report as the page defines it: the 总计 cell, or the six applicant cells when it is blank."""
    row = report["t3"]["cells"].get("granted") or {}
    if (row.get("total") or {}).get("value") is not None:
        return row["total"]["value"]
    return sum((cell or {}).get("value") or 0 for col, cell in row.items() if col != "total")


def test_outcome_numbers(out_dir, page):
    """The pooled 予以公开 on the page is Σ t3.granted.total over the dataset, blank totals read as the row sum."""
    dataset = lines(out_dir / "reports.jsonl")
    granted = sum(granted_total(r) for r in dataset)
    printed = sum((r["t3"]["cells"]["granted"]["total"] or {}).get("value") or 0 for r in dataset)
    assert granted > printed  # seed 000 and v08 leave the 总计 column blank
    svg = charts(parse(page[1]))["outcome-groups"]
    assert text_of(bars(svg)[0].find("s:title", NS)).startswith(f"（一）予以公开 granted: {granted:,} · ")


def test_no_remote_resources_no_script(page):
    text = page[1]
    assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*(?:[a-z]+:)?//""", text, re.I)
    assert not re.search(r"url\(|@import|<script|<link|<iframe|<img", text, re.I)
    assert "Content-Security-Policy" in text


# --- escaping, truncation, generic cross checks, usage errors ------------------------------------------------


def crafted_dir(tmp_path: Path, source_out: Path) -> Path:
    """A folder whose reports.jsonl holds a real flagged report renamed to a script, plus hostile errors."""
    out = tmp_path / "crafted"
    out.mkdir()
    report = next(r for r in lines(source_out / "reports.jsonl") if r["source"].endswith(FLAGGED_PDF))
    report["meta"]["agency"] = "<script>alert(1)</script>"
    report["reason"] = '"><img src=x onerror=alert(2)> & \x00\x1b'
    report["source"] = "x/<b>bold</b>&amp;.pdf"
    with (out / "reports.jsonl").open("w", encoding="utf-8") as fh:
        fh.write(json.dumps(report, ensure_ascii=False) + "\n")
        fh.write("{not json\n")
    (out / "errors.jsonl").write_text(json.dumps({"source": "<svg onload=alert(3)>", "error": "<i>code</i>",
                                                  "reason": "</table></section>"}) + "\n", encoding="utf-8")
    return out


def test_document_text_is_escaped(tmp_path, out_dir):
    text = write_batch_report(crafted_dir(tmp_path, out_dir)).read_text(encoding="utf-8")
    root = parse(text)  # still well-formed: nothing leaked into the markup
    assert "<script" not in text and "<img" not in text and "<b>bold" not in text and "<i>code" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "&quot;&gt;&lt;img src=x onerror=alert(2)&gt; &amp;" in text
    assert "\x00" not in text and "\x1b" not in text
    row = next(r for r in list_rows(root, "identities") if "alert(1)" in r[1])
    assert row[1] == "<script>alert(1)</script>" and row[-1] == "x/<b>bold</b>&amp;.pdf"
    assert "not JSON" in text  # the broken line is reported, not fatal
    assert "<i>code</i>" in text_of(root.find(".//h:section[@id='errors']", NS))


def test_listing_truncated_and_cross_checks_generic(tmp_path):
    out = tmp_path / "big"
    out.mkdir()
    n = MAX_ROWS + 57
    with (out / "quarantine.jsonl").open("w", encoding="utf-8") as fh:
        for i in range(n):
            fh.write(json.dumps({"source": f"r{i:04d}.txt", "status": "rejected", "reason": "S2 fails",
                                 "meta": {"agency": f"机关{i}", "year": 2022, "template": "2021"},
                                 "checks": [{"id": "S2", "severity": "hard", "outcome": "fail"}]}) + "\n")
    header = "check,severity,agency_key,year,source,prev_source,message,extra_col,row,column,this_value\n"
    body = "".join(f"carry_over,warning,机关{i},2022,r{i}.txt,p{i}.txt,<b>{i}</b>,x{i},,,\n" for i in range(n))
    summary = "summary,info,,,,,counted pairs,,carry_over,pairs,7\n"
    (out / "cross_checks.csv").write_text(header + body + summary, encoding="utf-8")
    text = write_batch_report(out, tmp_path / "sub" / "page.html").read_text(encoding="utf-8")
    root = parse(text)
    assert len(list_rows(root, "identities")) == MAX_ROWS
    cols = list_header(root, "cross")
    assert "extra_col" in cols and "this_value" not in cols  # unknown columns kept, empty ones dropped
    first = dict(zip(cols, list_rows(root, "cross")[0], strict=True))
    assert first["extra_col"] == "x0" and first["message"] == "<b>0</b>" and first["check"] == "carry_over"
    assert len(list_rows(root, "cross")) == MAX_ROWS and f"{n - MAX_ROWS:,} more" in text
    assert ["carry_over", "pairs", "7", "counted pairs"] in list_rows(root, "cross", 1)  # summary rows apart
    assert card_number(root, "rejected") == n
    found = charts(root)
    assert len(bars(found["cross-checks"])) == 1 and "carry_over 上年结转" in text_of(found["cross-checks"])
    assert bars(found["identity-failures"])
    assert "无数据" in text_of(found["granted-rate-hist"])  # no dataset: an explicit empty chart


def test_missing_or_empty_folder_is_a_usage_error(tmp_path):
    with pytest.raises(UsageError):
        write_batch_report(tmp_path / "nope")
    with pytest.raises(UsageError):
        write_batch_report(tmp_path)


def test_cli(tmp_path, out_dir):
    app = typer.Typer()
    app.command()(report_cmd)
    dest = tmp_path / "r.html"
    res = CliRunner().invoke(app, [str(out_dir), "--output", str(dest)])
    assert res.exit_code == 0, res.output
    assert res.output.strip() == str(dest) and dest.stat().st_size > 10_000
    res = CliRunner().invoke(app, [str(tmp_path / "empty")])
    assert isinstance(res.exception, UsageError) and "not a folder" in str(res.exception)


# --- headless Chromium -------------------------------------------------------------------------------------


def chromium() -> str | None:
    for cand in ("/usr/bin/chromium", shutil.which("chromium"), shutil.which("chromium-browser")):
        if cand and Path(cand).exists():
            return cand
    return None


def run_chromium(exe: str, profile: Path, *args: str) -> subprocess.CompletedProcess:
    cmd = [exe, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
           "--disable-background-networking", "--disable-component-update", "--disable-sync",
           "--hide-scrollbars", f"--user-data-dir={profile}", *args]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=180, check=False)


@pytest.mark.slow
def test_renders_in_headless_chromium(tmp_path, page):
    exe = chromium()
    if exe is None:
        if os.environ.get("XXGK_REQUIRE_CHROMIUM") == "1":
            pytest.fail("chromium is not installed but XXGK_REQUIRE_CHROMIUM=1")
        pytest.skip("chromium not installed (apt-get install chromium)")
    dest, text = page
    url = dest.resolve().as_uri()
    proc = run_chromium(exe, tmp_path / "profile-dom", "--dump-dom", url)
    dom = proc.stdout
    assert proc.returncode == 0 and "</html>" in dom, proc.stderr[-2000:]
    expected = len(charts(parse(text)))
    assert dom.count('class="chart"') == expected >= len(CHARTS)
    for name in CHARTS:
        chunk = dom.split(f'data-chart="{name}"', 1)[1].split("</svg>", 1)[0]
        assert '<rect class="bar"' in chunk, name
    assert "<script" not in dom

    png = tmp_path / "page.png"
    proc = run_chromium(exe, tmp_path / "profile-png", "--window-size=1200,2400", f"--screenshot={png}", url)
    assert proc.returncode == 0 and png.exists(), proc.stderr[-2000:]
    assert png.stat().st_size > 50_000
    from PIL import Image

    with Image.open(png) as im:
        assert im.size == (1200, 2400)
        rgb = im.convert("RGB")
        colours = rgb.getcolors(maxcolors=1 << 20) or []
        assert len(colours) > 200  # text, bars of several colours, anti-aliasing: not a blank page
        # the status chart's green and the bars' blue are on screen
        assert any(abs(r - 0x3A) + abs(g - 0x8F) + abs(b - 0x5C) < 12 for _, (r, g, b) in colours)
        assert any(abs(r - 0x3B) + abs(g - 0x6E) + abs(b - 0xA8) < 12 for _, (r, g, b) in colours)
