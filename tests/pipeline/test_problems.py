"""Section 五 read by rules (xxgk.pipeline.problems): each stage on its own, the gold of eval/narratives/, and
the same reports damaged as crawlers damage them (the whole text on one line)."""

from __future__ import annotations

from pathlib import Path

import pytest

from xxgk import extract_file, extract_text
from xxgk.core.narrative import ItemKind, ProblemCategory
from xxgk.evaluation.narratives import (
    load_narrative_gold,
    narrative_summary,
    run_narrative_eval,
    score_summary,
)
from xxgk.evaluation.score import assign_documents
from xxgk.pipeline.problems import part_items, read_problems, split_parts
from xxgk.pipeline.problems.categories import Phrasebook, phrasebook
from xxgk.readers import read_path

ROOT = Path(__file__).resolve().parents[2]
NARRATIVES = ROOT / "eval" / "narratives"
SEEDS = ["000_5c96ff8a9c100224", "001_7b4b25fcf59f7d61", "002_054d4c4d902c56e6", "003_ba0fe670444f6260",
         "004_9f0ed78e15ea2a92"]


def _items(text: str, year: int | None = 2023) -> list[tuple[str, str]]:
    return [(p.kind.value, text[s.start : s.end]) for p in split_parts(text, year) for s in part_items(text, p)]


def test_parts_by_subheadings_and_by_announcing_sentences() -> None:
    text = ("（一）存在问题\n一是信息更新不够及时。二是解读形式单一。\n（二）改进措施\n一是加强平台建设。二是完善制度。")
    assert _items(text) == [("problem", "信息更新不够及时"), ("problem", "解读形式单一"),
                            ("measure", "加强平台建设"), ("measure", "完善制度")]
    flowing = "但也存在公开不及时、内容不全等问题。下一步，我局将加强培训；完善考核机制。"
    assert _items(flowing) == [("problem", "公开不及时"), ("problem", "内容不全"),
                               ("measure", "加强培训"), ("measure", "完善考核机制")]


def test_last_years_rectification_is_kept_apart() -> None:
    text = ("2023年，我厅针对2022年年度报告中提到的问题，进行了相应整改。但政策解读的形式仍需丰富。"
            "下一步，我厅将丰富解读形式。")
    kinds = [k for k, _ in _items(text, 2023)]
    assert kinds == ["prior_rectification", "problem", "measure"]
    headed = ("（一）2024年工作中存在问题的改进情况\n一是提升质效。二是优化网站。\n"
              "（二）2025年工作中存在的主要问题\n一是平台分散。二是体验不佳。")
    assert [k for k, _ in _items(headed, 2025)] == ["prior_rectification"] * 2 + ["problem"] * 2


def test_lists_clauses_and_framing() -> None:
    # "主要是：A，B" is a list; "取得一定成绩，但仍存在一些不足" frames it and is no item
    text = "全区工作虽取得一定成绩，但仍存在一些不足，主要是：答复文书规范性有待提升，政务新媒体运维管理还需加强等。"
    assert _items(text) == [("problem", "答复文书规范性有待提升"), ("problem", "政务新媒体运维管理还需加强")]
    clauses = "我局公开政府信息的意识还需要进一步提高,配套制度还需要进一步完善。"
    assert [t for _, t in _items(clauses)] == ["我局公开政府信息的意识还需要进一步提高", "配套制度还需要进一步完善"]
    announce = "在政策公开、网站建设等方面仍需提升：一是政策信息分散；二是网站体验有待改善。"
    assert [t for _, t in _items(announce)] == ["政策信息分散", "网站体验有待改善"]


def test_nested_enumeration_and_markers_glued_to_titles() -> None:
    text = "（一）存在问题1、内容不全。2、审核不足。（二）改进措施（1）完善平台 一是建设专栏。二是更新栏目。（2）加强培训。"
    assert _items(text) == [("problem", "内容不全"), ("problem", "审核不足"), ("measure", "建设专栏"),
                            ("measure", "更新栏目"), ("measure", "加强培训")]


def test_categories_come_from_the_phrase_file(tmp_path: Path) -> None:
    book = phrasebook()
    assert book.categorise("依申请公开答复文书规范性有待提升") == ProblemCategory.applications
    assert book.categorise("政府网站栏目更新维护") in (ProblemCategory.platform, ProblemCategory.late)
    assert book.categorise("工作人员业务培训不足") == ProblemCategory.staff
    assert book.categorise("无关的文字") == ProblemCategory.other
    # data, not code: a phrase added to the file changes the category
    raw = (ROOT / "schemas" / "problem_phrases.json").read_text(encoding="utf-8")
    custom = tmp_path / "p.json"
    custom.write_text(raw.replace('"other": []', '"other": ["无关的文字"]'), encoding="utf-8")
    assert Phrasebook.load(custom).categorise("无关的文字") == ProblemCategory.other
    custom.write_text(raw.replace('"政策解读",', '"政策解读", "无关的文字",'), encoding="utf-8")
    assert Phrasebook.load(custom).categorise("无关的文字") == ProblemCategory.interpretation
    broken = tmp_path / "b.json"
    broken.write_text(raw.replace('"late", ', ""), encoding="utf-8")
    with pytest.raises(ValueError, match="every category"):
        Phrasebook.load(broken)


def test_a_report_summary_has_verbatim_spans_with_offsets() -> None:
    path = ROOT / "eval" / "reports" / "000_5c96ff8a9c100224.txt"
    report = extract_file(path)
    s = read_problems(report)
    text = path.read_text(encoding="utf-8")
    assert s.method == "rules" and [i.evidence for i in s.problems] == ["信息公开不及时", "公开内容不丰富",
                                                                        "公开方式不多样", "从业人员不专业"]
    for _, item in s.items():
        assert item.start is not None and item.end is not None
        assert text[item.start : item.end] == item.evidence
        assert item.category is not None and item.category_method == "rules"
    assert [i.category for i in s.problems][:2] == [ProblemCategory.late, ProblemCategory.incomplete]


def test_no_section_and_no_problems() -> None:
    body = (ROOT / "eval" / "reports" / "003_ba0fe670444f6260.txt").read_text(encoding="utf-8")
    head, _, rest = body.partition("五、存在的主要问题及改进情况")
    _, _, tail = rest.partition("六、")
    assert read_problems(extract_text(head + "六、" + tail)).method == "none"
    s = read_problems(extract_text(head + "五、存在的主要问题及改进情况\n经自查，本年度未发现明显问题。\n六、" + tail))
    assert s.method == "rules" and s.no_problems and s.problems == []


def test_headless_section_five_is_found_after_the_tables() -> None:
    report = extract_file(ROOT / "eval" / "corpus" / "012_shanghai_gov_office_2025_pdf2md.md")
    sec = report.sections["5"]
    assert sec.heading is None and sec.text.startswith("（一）2024 年工作中存在问题的改进情况")
    s = read_problems(report)
    assert len(s.prior_rectifications) >= 3 and len(s.problems) == 3


def test_gold_floor() -> None:
    """The issue's floor on our gold: recall and precision ≥ 0.8 by span overlap, category accuracy ≥ 0.7, no
    measure reported as a problem."""
    docs = assign_documents([p.stem for p in NARRATIVES.glob("*.json")],
                            [ROOT / "eval" / "reports", ROOT / "eval" / "corpus"])
    assert len(docs) >= 15
    s = narrative_summary(run_narrative_eval(NARRATIVES, docs))
    assert s["recall"] >= 0.8 and s["precision"] >= 0.8, s
    assert s["category_accuracy"] >= 0.7
    assert s["measure_as_problem"] == 0 and s["problem_as_measure"] == 0


def test_gold_spans_are_verbatim() -> None:
    """Every gold item stands in its document as xxgk reads it (whitespace aside)."""
    for g in sorted(NARRATIVES.glob("*.json")):
        gold = load_narrative_gold(g)
        doc = next(p for d in ("eval/reports", "eval/corpus") for p in [ROOT / d / gold.document] if p.exists())
        flat = "".join(read_path(doc)[0].text.split())
        for item in gold.items:
            assert "".join(item.text.split()) in flat, (g.name, item.text[:30])


@pytest.mark.parametrize("stem", SEEDS)
def test_seed_on_one_line_reads_the_same(stem: str) -> None:
    """Crawler damage: the seed's text flattened onto one line keeps its items and their sides."""
    text = (ROOT / "eval" / "reports" / f"{stem}.txt").read_text(encoding="utf-8")
    flat = "".join(line.strip() for line in text.splitlines())
    report = extract_text(flat, source=stem)
    gold = load_narrative_gold(NARRATIVES / f"{stem}.json")
    score = score_summary(report, read_problems(report), gold, stem, stem)
    assert score.matched >= 0.8 * score.gold_items and score.matched >= 0.8 * score.returned, score
    assert score.kinds.get("measure→problem", 0) == 0
    assert all(k.split("→")[0] == k.split("→")[1] for k in score.kinds)
    assert ItemKind.problem.value in {k.split("→")[0] for k in score.kinds}
