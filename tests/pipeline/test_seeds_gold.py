"""Every seed report extracts to exactly its hand-made gold file, field by field."""

from __future__ import annotations

import pytest

import xxgk
from tests.conftest import GOLD, GOLD_DOCS, REPORTS, SEEDS
from xxgk.evaluation.gold import check_labels, compare, flatten, load_gold


def test_every_seed_has_gold():
    assert len(SEEDS) == 5
    assert all((GOLD / f"{s}.json").exists() for s in SEEDS)


@pytest.mark.parametrize("stem", SEEDS)
def test_seed_matches_gold_field_by_field(stem):
    gold = load_gold(GOLD / f"{stem}.json")
    report = xxgk.extract(f"eval/reports/{stem}.txt")
    n, diffs = compare(report, gold)
    assert n == 202  # 22 t2 (+ amount unit) + 161 t3 + 15 t4 + 3 meta fields of the 2019 template
    assert [str(d) for d in diffs] == []


@pytest.mark.parametrize("stem", SEEDS)
def test_seed_status_and_failing_identities_match_gold(stem):
    gold = load_gold(GOLD / f"{stem}.json")
    report = xxgk.extract(f"eval/reports/{stem}.txt")
    failures, warnings = check_labels(report)
    assert report.status.value == gold["expect"]["status"]
    assert sorted(failures) == sorted(gold["expect"]["hard_failures"])
    assert sorted(warnings) == sorted(gold["expect"]["warnings"])
    assert report.meta.year_source == gold["meta"]["year_source"]


def test_seed_001_flags_the_total_row_exactly():
    report = xxgk.extract(REPORTS / "001_7b4b25fcf59f7d61.txt")
    assert report.status == xxgk.Status.flagged
    s1 = [c for c in report.checks if c.id == "S1" and c.outcome == "fail"]
    assert [(c.row, c.lhs_sum, c.rhs_sum) for c in s1] == [("total", 0, 30)]
    o1 = {c.column: (c.lhs_sum, c.rhs_sum) for c in report.checks if c.id == "O1"}
    assert o1 == {"total": (30, 0)}
    s2 = {c.column: (c.lhs_sum, c.rhs_sum) for c in report.checks if c.id == "S2"}
    assert s2 == {"total": (0, 30)}
    assert all(c.certain for c in report.checks)


def test_seed_002_fails_o1_on_natural_person_and_total():
    report = xxgk.extract(REPORTS / "002_054d4c4d902c56e6.txt")
    o1 = sorted((c.column, c.lhs_sum, c.rhs_sum) for c in report.checks if c.id == "O1")
    assert o1 == [("natural_person", 4, 3), ("total", 4, 3)]
    assert report.status == xxgk.Status.flagged
    assert "O1 column natural_person: 4 ≠ 3" in report.reason


def test_blanks_stay_null_and_zeros_stay_zero():
    r0 = xxgk.extract(REPORTS / "000_5c96ff8a9c100224.txt")
    # seed 000: table 三's 总计 column is blank, never 0
    assert r0.value("t3.new_received.total") is None
    assert r0.cell("t3.new_received.total").state == "blank"
    assert r0.value("t4.review.total") == 0 and r0.value("t4.review.upheld") is None
    # "+38" and "-4" keep their sign
    assert r0.value("t2.licensing.change") == 38 and r0.value("t2.coercion.change") == -4
    r1 = xxgk.extract(REPORTS / "001_7b4b25fcf59f7d61.txt")
    # "　　0" (ideographic spaces before a digit) is 0, not blank
    assert r1.cell("t2.rules.new_made").raw == "0"
    assert r1.cell("t2.rules.new_made").state == "number" and r1.value("t2.rules.new_made") == 0


def test_money_keeps_unit_and_decimal():
    r2 = xxgk.extract(REPORTS / "002_054d4c4d902c56e6.txt")
    cell = r2.cell("t2.procurement.amount")
    assert str(cell.value) == "542.16" and cell.unit == "万元" and cell.raw == "542.16万元"
    r1 = xxgk.extract(REPORTS / "001_7b4b25fcf59f7d61.txt")
    assert r1.value("t2.procurement.amount") == 72419 and r1.value("t2.procurement.amount_unit") is None


def test_gold_files_hold_every_key_of_their_template():
    from xxgk.core.spec import template_keys

    for stem in SEEDS:
        gold = load_gold(GOLD / f"{stem}.json")
        keys = [k for k in flatten(gold) if not k.endswith("amount_unit")]
        assert keys == template_keys(gold["meta"]["template"]), stem


def test_the_gold_set_covers_what_issue_5_asks():
    golds = {name: load_gold(GOLD / f"{name.rsplit('.', 1)[0]}.json") for name in GOLD_DOCS}
    assert len(golds) >= 15
    assert {g["meta"]["template"] for g in golds.values()} == {"2019", "2021"}
    assert {n.rsplit(".", 1)[1] for n in golds} >= {"txt", "html", "docx", "pdf"}
    assert sum(bool(g["expect"]["hard_failures"]) for g in golds.values()) >= 3  # the document fails an identity


@pytest.mark.parametrize("name", GOLD_DOCS)
def test_every_gold_document_extracts_to_its_gold(name):
    gold = load_gold(GOLD / f"{name.rsplit('.', 1)[0]}.json")
    report = xxgk.extract(REPORTS / name)
    n, diffs = compare(report, gold)
    assert n > 150
    assert [str(d) for d in diffs] == []
    assert report.status.value == gold["expect"]["status"]
    failures, warnings = check_labels(report)
    assert sorted(failures) == sorted(gold["expect"]["hard_failures"])
    assert sorted(warnings) == sorted(gold["expect"]["warnings"])


@pytest.mark.parametrize("name", GOLD_DOCS)
def test_every_gold_file_holds_every_key_of_its_template(name):
    from xxgk.core.spec import template_keys

    gold = load_gold(GOLD / f"{name.rsplit('.', 1)[0]}.json")
    keys = {k for k in flatten(gold) if not k.endswith("amount_unit")}
    expected = set(template_keys(gold["meta"]["template"]))
    if "mixed_template" in gold["expect"]["warnings"]:
        # the other template's 其他处理 rows in place of this template's (spec A.7): only that family differs
        assert {k.split(".")[1] for k in keys ^ expected} <= {"other", "other_overdue_correction",
                                                             "other_overdue_fee", "other_other"}
        assert len(keys & expected) >= 179  # 2021: 200 keys less the 21 of the three 其他处理 rows
    else:
        assert keys == expected
