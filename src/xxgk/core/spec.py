"""The report format as data: canonical keys, labels, templates and the CSV column contract.

Everything here mirrors ``docs/report-format.md`` section A and B. The keys are a contract (CSV columns,
gold files, tests): never rename them. This module holds data only; parsing lives in ``xxgk.pipeline.tables``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Template = Literal["2019", "2021"]
TEMPLATES: tuple[Template, ...] = ("2019", "2021")


@dataclass(frozen=True, slots=True)
class Column:
    key: str
    label: str
    kind: Literal["count", "signed", "money"] = "count"
    unit: str = "件"


@dataclass(frozen=True, slots=True)
class RowSpec:
    key: str
    label: str
    templates: tuple[Template, ...]
    group: str | None = None  # t3: the （三）…（六） group a leaf row belongs to


# --- Section 二 (t2) -----------------------------------------------------------------------------------

T2_COLUMNS: dict[str, Column] = {
    c.key: c
    for c in (
        Column("new_made", "本年新制作数量"),
        Column("new_published", "本年新公开数量"),
        Column("total_published", "对外公开总数量"),
        Column("prev_items", "上一年项目数量", unit="项"),
        Column("change", "本年增/减", kind="signed", unit="项"),
        Column("decisions", "处理决定数量"),
        Column("items", "采购项目数量", unit="项"),
        Column("amount", "采购总金额", kind="money", unit=""),
        Column("issued", "本年制发件数"),
        Column("repealed", "本年废止件数"),
        Column("in_force", "现行有效件数"),
    )
}

# 2021 labels that differ from the 2019 ones for the same column key
T2_COLUMN_LABELS_2021 = {"decisions": "本年处理决定数量", "amount": "本年收费金额"}

T2_ROW_LABELS: dict[str, str] = {
    "rules": "规章",
    "normative_docs": "规范性文件",
    "licensing": "行政许可",
    "other_services": "其他对外管理服务事项",
    "penalty": "行政处罚",
    "coercion": "行政强制",
    "fees": "行政事业性收费",
    "procurement": "政府集中采购",
}
T2_ROW_LABELS_2021 = {"normative_docs": "行政规范性文件"}

# row -> columns, per template, in printed order
T2_LAYOUT: dict[Template, dict[str, tuple[str, ...]]] = {
    "2019": {
        "rules": ("new_made", "new_published", "total_published"),
        "normative_docs": ("new_made", "new_published", "total_published"),
        "licensing": ("prev_items", "change", "decisions"),
        "other_services": ("prev_items", "change", "decisions"),
        "penalty": ("prev_items", "change", "decisions"),
        "coercion": ("prev_items", "change", "decisions"),
        "fees": ("prev_items", "change"),
        "procurement": ("items", "amount"),
    },
    "2021": {
        "rules": ("issued", "repealed", "in_force"),
        "normative_docs": ("issued", "repealed", "in_force"),
        "licensing": ("decisions",),
        "penalty": ("decisions",),
        "coercion": ("decisions",),
        "fees": ("amount",),
    },
}

# sub-table caption item number (第二十条第（N）项) of each t2 row
T2_ITEM = {
    "rules": "一",
    "normative_docs": "一",
    "licensing": "五",
    "other_services": "五",
    "penalty": "六",
    "coercion": "六",
    "fees": "八",
    "procurement": "九",
}

# --- Section 三 (t3) -----------------------------------------------------------------------------------

T3_COLUMNS: tuple[Column, ...] = (
    Column("natural_person", "自然人"),
    Column("commercial", "商业企业"),
    Column("research", "科研机构"),
    Column("social_org", "社会公益组织"),
    Column("legal_service", "法律服务机构"),
    Column("other_org", "其他"),
    Column("total", "总计"),
)
T3_COLUMN_KEYS = tuple(c.key for c in T3_COLUMNS)
T3_COMPONENTS = T3_COLUMN_KEYS[:-1]

_BOTH: tuple[Template, ...] = ("2019", "2021")
T3_ROWS: tuple[RowSpec, ...] = (
    RowSpec("new_received", "一、本年新收政府信息公开申请数量", _BOTH),
    RowSpec("carried_over", "二、上年结转政府信息公开申请数量", _BOTH),
    RowSpec("granted", "（一）予以公开", _BOTH),
    RowSpec("partial", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", _BOTH),
    RowSpec("denied_state_secret", "1.属于国家秘密", _BOTH, "denied"),
    RowSpec("denied_law_forbidden", "2.其他法律行政法规禁止公开", _BOTH, "denied"),
    RowSpec("denied_three_safety", "3.危及“三安全一稳定”", _BOTH, "denied"),
    RowSpec("denied_third_party", "4.保护第三方合法权益", _BOTH, "denied"),
    RowSpec("denied_internal", "5.属于三类内部事务信息", _BOTH, "denied"),
    RowSpec("denied_process", "6.属于四类过程性信息", _BOTH, "denied"),
    RowSpec("denied_enforcement_file", "7.属于行政执法案卷", _BOTH, "denied"),
    RowSpec("denied_admin_query", "8.属于行政查询事项", _BOTH, "denied"),
    RowSpec("unable_not_held", "1.本机关不掌握相关政府信息", _BOTH, "unable"),
    RowSpec("unable_need_creation", "2.没有现成信息需要另行制作", _BOTH, "unable"),
    RowSpec("unable_unclear", "3.补正后申请内容仍不明确", _BOTH, "unable"),
    RowSpec("not_processed_petition", "1.信访举报投诉类申请", _BOTH, "not_processed"),
    RowSpec("not_processed_duplicate", "2.重复申请", _BOTH, "not_processed"),
    RowSpec("not_processed_publication", "3.要求提供公开出版物", _BOTH, "not_processed"),
    RowSpec("not_processed_massive", "4.无正当理由大量反复申请", _BOTH, "not_processed"),
    RowSpec("not_processed_confirm", "5.要求行政机关确认或重新出具已获取信息", _BOTH, "not_processed"),
    RowSpec("other", "（六）其他处理", ("2019",)),
    RowSpec(
        "other_overdue_correction",
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        ("2021",),
        "other",
    ),
    RowSpec(
        "other_overdue_fee",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        ("2021",),
        "other",
    ),
    RowSpec("other_other", "3.其他", ("2021",), "other"),
    RowSpec("total", "（七）总计", _BOTH),
    RowSpec("carried_forward", "四、结转下年度继续办理", _BOTH),
)
T3_ROW = {r.key: r for r in T3_ROWS}
T3_GROUP_LABELS = {
    "denied": "（三）不予公开",
    "unable": "（四）无法提供",
    "not_processed": "（五）不予处理",
    "other": "（六）其他处理",
}
# the leaf rows whose sum is （七）总计 (S2), per template
T3_RESULT_LEAVES: dict[Template, tuple[str, ...]] = {
    t: tuple(
        r.key
        for r in T3_ROWS
        if t in r.templates and r.key not in ("new_received", "carried_over", "total", "carried_forward")
    )
    for t in TEMPLATES
}


def t3_rows(template: Template) -> tuple[str, ...]:
    return tuple(r.key for r in T3_ROWS if template in r.templates)


# --- Section 四 (t4) -----------------------------------------------------------------------------------

T4_GROUPS: tuple[tuple[str, str], ...] = (
    ("review", "行政复议"),
    ("litigation_direct", "行政诉讼·未经复议直接起诉"),
    ("litigation_after_review", "行政诉讼·复议后起诉"),
)
T4_COLUMNS: tuple[Column, ...] = (
    Column("upheld", "结果维持"),
    Column("corrected", "结果纠正"),
    Column("other", "其他结果"),
    Column("pending", "尚未审结"),
    Column("total", "总计"),
)
T4_COLUMN_KEYS = tuple(c.key for c in T4_COLUMNS)
T4_KEYS: tuple[tuple[str, str], ...] = tuple((g, c) for g, _ in T4_GROUPS for c in T4_COLUMN_KEYS)

# --- Keys ----------------------------------------------------------------------------------------------


def t2_keys(template: Template) -> list[str]:
    return [f"t2.{row}.{col}" for row, cols in T2_LAYOUT[template].items() for col in cols]


def t3_keys(template: Template) -> list[str]:
    return [f"t3.{row}.{col}" for row in t3_rows(template) for col in T3_COLUMN_KEYS]


def t4_keys() -> list[str]:
    return [f"t4.{g}.{c}" for g, c in T4_KEYS]


def template_keys(template: Template) -> list[str]:
    """All numeric keys of one template, in table order."""
    return t2_keys(template) + t3_keys(template) + t4_keys()


META_COLUMNS = (
    "source",
    "status",
    "reason",
    "meta.agency",
    "meta.year",
    "meta.year_source",
    "meta.template",
    "sha256",
    "xxgk_version",
)
AMOUNT_UNIT_KEY = "t2.procurement.amount_unit"


def csv_value_columns() -> list[str]:
    """The value columns of the wide CSV, in the order fixed by spec B ("CSV layout")."""
    cols = t2_keys("2019")
    cols += [k for k in t2_keys("2021") if k not in cols]
    cols.append(AMOUNT_UNIT_KEY)
    rows_all = [r.key for r in T3_ROWS]  # table order, `other` then the three 2021 `other_*` rows
    cols += [f"t3.{row}.{col}" for row in rows_all for col in T3_COLUMN_KEYS]
    cols += t4_keys()
    return cols


def csv_columns() -> list[str]:
    """The columns spec B fixes for the wide CSV, in its order."""
    return list(META_COLUMNS) + csv_value_columns()


# agency matching across years (spec B "Agency"): after the spec's columns, in reports.csv as in every export
TRAILING_COLUMNS = ("meta.agency_key", "meta.region", "meta.level")


def csv_file_columns() -> list[str]:
    """The columns of reports.csv / quarantine.csv: spec B's, then ``TRAILING_COLUMNS`` (the same as the
    Parquet, workbook and DuckDB stores)."""
    return csv_columns() + list(TRAILING_COLUMNS)


def label_of(key: str) -> str:
    """Chinese label of a canonical key, e.g. ``t3.granted.natural_person`` -> ``（一）予以公开 / 自然人``."""
    table, row, col = key.split(".")
    if table == "t2":
        row_label = T2_ROW_LABELS[row]
        if col == "amount_unit":
            return f"{row_label} / 采购总金额单位"
        col_label = T2_COLUMNS[col].label
        if row == "fees" and col == "amount":
            col_label = "本年收费金额"
        return f"{row_label} / {col_label}"
    if table == "t3":
        col_label = next(c.label for c in T3_COLUMNS if c.key == col)
        return f"{T3_ROW[row].label} / {col_label}"
    group_label = dict(T4_GROUPS)[row]
    col_label = next(c.label for c in T4_COLUMNS if c.key == col)
    return f"{group_label} / {col_label}"


def codebook_rows() -> list[dict[str, str]]:
    """One row per value column of the CSV: key, Chinese label, templates, type, unit."""
    out = []
    for key in csv_value_columns():
        table, row, col = key.split(".")
        templates = [t for t in TEMPLATES if key in template_keys(t)]
        if key == AMOUNT_UNIT_KEY:
            templates, kind, unit = ["2019"], "text", ""
        elif table == "t2":
            column = T2_COLUMNS[col]
            kind, unit = column.kind, column.unit
            if row == "fees" and col == "amount":
                kind, unit = "money", "万元"
            elif row == "procurement" and col == "amount":
                unit = "元/万元 as printed"
        else:
            kind, unit = "count", "件"
        out.append(
            {
                "key": key,
                "label": label_of(key),
                "template": "|".join(templates),
                "type": {"count": "integer", "signed": "signed integer", "money": "decimal"}.get(kind, kind),
                "unit": unit,
            }
        )
    return out
