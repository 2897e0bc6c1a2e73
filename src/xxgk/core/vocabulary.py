"""The template's row labels as a vocabulary: a label reduced to its comparable core, and the row of
table 二 or 三 that a core names (keyword patterns in the order they are tried). Pure data and lookups,
below every reader and table stage that needs them (``tables.labels`` matches rows with it; the PDF
reader joins a label broken by a page break with it)."""

from __future__ import annotations

import re
from functools import lru_cache

from xxgk.core.spec import T2_ROW_LABELS, T3_ROWS
from xxgk.core.text import norm, squash

NUMBERING = re.compile(
    r"^(?:[(]?[一二三四五六七八九十]{1,2}[)、.,:]|[(][一二三四五六七八九十]{1,2}[)]|\d{1,2}[、.,)]|[(]\d{1,2}[)])"
)
_PAREN = re.compile(r"[(][^()]*[)]|[(][^()]*$|^[^()]*[)]")


#: words agencies write two ways, in the template's spelling: 其它 (其他), 部份 (部分, an old variant)
_VARIANT_SPELLINGS = (("其它", "其他"), ("部份", "部分"))


def unified(s: str) -> str:
    """A label's words in the template's spelling where an agency wrote a variant (其它处理: 其他处理)."""
    if "它" in s or "份" in s:
        for variant, word in _VARIANT_SPELLINGS:
            s = s.replace(variant, word)
    return s


@lru_cache(maxsize=8192)
def core(label: str) -> str:
    """The comparable core of a label: no whitespace, no leading numbering, no parentheticals, the template's
    spelling."""
    s = unified(squash(label))
    while True:
        m = NUMBERING.match(s)
        if not m or m.end() == len(s):
            break
        s = s[m.end() :]
    stripped = _PAREN.sub("", s)
    return stripped or s


# keyword patterns on the core of a label, in the order they are tried
_T3_PATTERNS: tuple[tuple[str, str], ...] = (
    ("carried_forward", r"结转下年|下年度继续办理"),
    ("new_received", r"本年新收|新收.*申请"),
    ("carried_over", r"上年结转"),
    ("granted", r"予以公开"),
    ("partial", r"部分公开"),
    ("denied_state_secret", r"国家秘密"),
    ("denied_law_forbidden", r"法律行政法规禁止|其他法律行政|法规禁止公开"),
    ("denied_three_safety", r"三安全一稳定|危及"),
    ("denied_third_party", r"第三方"),
    ("denied_internal", r"内部事务"),
    ("denied_process", r"过程性"),
    ("denied_enforcement_file", r"执法案卷|行政执法案"),
    ("denied_admin_query", r"行政查询"),
    ("unable_not_held", r"不掌握"),
    ("unable_need_creation", r"没有现成|另行制作"),
    ("unable_unclear", r"仍不明确|补正后申请"),
    ("not_processed_petition", r"信访|举报投诉"),
    ("not_processed_duplicate", r"^重复申请"),
    ("not_processed_publication", r"出版物|提供公开出版"),
    ("not_processed_massive", r"大量反[复覆]|无正当理由大量"),
    ("not_processed_confirm", r"重新出具|确认或重新|要求行政机关确认"),
    ("other_overdue_correction", r"不补正|无正当理由逾期"),
    ("other_overdue_fee", r"缴纳费用|未缴费|收费通知|逾期未按"),
    ("other", r"^其他处理$"),
    ("total", r"^总计$|^合计$"),
)
_T3_COMPILED = tuple((k, re.compile(p)) for k, p in _T3_PATTERNS)
T3_CANON = {r.key: core(r.label) for r in T3_ROWS}
_T3_FULL = {r.key: frozenset(squash(norm(r.label))) | frozenset("()") for r in T3_ROWS}

_T2_PATTERNS: tuple[tuple[str, str], ...] = (
    ("normative_docs", r"规范性文件$"),
    ("rules", r"^规章$"),
    ("licensing", r"^行政许可$"),
    ("other_services", r"对外管理服务"),
    ("penalty", r"^行政处罚$"),
    ("coercion", r"^行政强制$"),
    ("fees", r"事业性收费$"),
    ("procurement", r"集中采购$"),
)
_T2_COMPILED = tuple((k, re.compile(p)) for k, p in _T2_PATTERNS)
T2_CANON = {k: core(v) for k, v in T2_ROW_LABELS.items()}
_T2_FULL = {k: frozenset(squash(norm(v))) for k, v in T2_ROW_LABELS.items()}


@lru_cache(maxsize=4096)
def lookup_key(table: str, candidate: str, group: str | None, slack: int) -> str | None:
    compiled, canon = (_T3_COMPILED, T3_CANON) if table == "t3" else (_T2_COMPILED, T2_CANON)
    full = _T3_FULL if table == "t3" else _T2_FULL
    for key, pat in compiled:
        if pat.search(candidate) and (len(candidate) <= len(canon[key]) + max(slack, len(canon[key]) // 2)
                                      or set(candidate) <= full[key]):
            # (a label whose extra characters all come from its own full label is that label with its
            # parenthetical note cut and shuffled by a converter: "部分公开(区计其他情形)分处理的,只计这一情形,不")
            return key
    if table == "t3" and group == "other" and candidate == "其他":
        return "other_other"
    return None


def lookup(table: str, candidate: str) -> str | None:
    """The row of ``table`` (``t2``/``t3``) a label core names (exact keyword lookup), if any."""
    return lookup_key(table, candidate, None, 8)


def lookup_any(candidate: str) -> str | None:
    """The table-二 or table-三 row a label core names (exact keyword lookup), if any."""
    return lookup_key("t3", candidate, None, 8) or lookup_key("t2", candidate, None, 8)
