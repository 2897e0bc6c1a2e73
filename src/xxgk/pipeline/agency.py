"""Agency identity: the printed name normalised, a stable ``agency_key`` for matching the same body across
years, the ``region`` it belongs to and its ``level`` (省 / 市 / 县 / 乡镇 / 部门).

Spec B ("Agency"): ``meta.agency`` is the issuing body as printed, spaces removed; "normalisation beyond that
belongs to the batch issue, in separate columns". So ``normalize_agency`` only removes whitespace (ASCII,
NBSP, U+3000, zero-width) after the usual NFKC normalisation and trims stray punctuation around the name.
It never drops a trailing 办公室: "洪泽区人民政府办公室" is a department that publishes its own report,
not the same body as "洪泽区人民政府". The other fields go to the JSON only (the wide CSV is a contract).

The name is read as ``[vertical prefix] region units + body``:

- region units are read left to right: a province-level name (the fixed list of 34, or any "…省" as the
  first unit), an autonomous
  prefecture/county/banner (…自治州/县/旗), or a 1–4 character name ending in 市 县 区 旗 镇 乡 盟 街道 地区
  林区 苏木 or 自治区. A unit whose text holds a development-zone word (开发, 高新, 园区 …) is not a region: such zones
  are not administrative divisions, and "住房和城乡建设局" must not read as a township "住房和城乡".
- a vertical prefix (国家税务总局, 中国人民银行 …) followed by a region is a locally based branch of a
  national body: "国家税务总局淮安市税务局" has region 淮安市 and level 部门.
- the body is what follows: empty, 政府, 人民政府 (or 办事处 after a 街道) means the government of the
  last unit; anything else is a department.

``level`` is what the name itself says, never a guess:

- government of a province, autonomous region or 直辖市 (北京 天津 上海 重庆) → 省;
- of a 自治州, 地区 or 盟 → 市; of a 市 → 市, unless the name places it under another 市/州/地区/盟
  ("苏州市昆山市") → 县. A county-level city named alone ("昆山市人民政府") therefore reads 市: the title
  cannot tell it from a prefecture-level city, and we keep no gazetteer;
- of a 县, 区, 旗 or 林区 → 县 (districts are county-level);
- of a 镇, 乡, 苏木 or 街道 → 乡镇;
- a department (a body ending in 局 厅 委员会 委 办公室 办 中心 署 处 院 馆 队 站 所 部 海关 …) → 部门;
- anything else (no recognisable body) → null.

``agency_key`` is the name with the region reduced to the shortest tail that still names one place, and
synonyms of the government body unified, so that "江苏省淮安市洪泽区人民政府" and "淮安市洪泽区政府" share
the key "淮安市洪泽区人民政府". Names of provinces, prefectures (市 州 地区 盟), counties (县 旗) and
county-level cities are unique in China, so the units above the last such unit are dropped; districts
(区) and townships (镇 乡 街道) repeat from city to city ("鼓楼区" exists in four cities), so they keep their
parent. A parent the title omits is never guessed: "洪泽区人民政府" keeps the key "洪泽区人民政府" (meta
detection already expands it to the fuller name printed in the first lines, when there is one), and a
title that names only a township ("宁河镇") keys on the township alone — the cross-report checks report two
documents that share a key and a year, which shows such a collision. Parenthesised parts ("（政务服务管理
办公室）", a second name of the same body) are left out of the key; traditional characters are simplified.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from xxgk.core.text import norm, simplified

Level = Literal["省", "市", "县", "乡镇", "部门"]

PROVINCES = (
    "河北省", "山西省", "辽宁省", "吉林省", "黑龙江省", "江苏省", "浙江省", "安徽省", "福建省", "江西省",
    "山东省", "河南省", "湖北省", "湖南省", "广东省", "海南省", "四川省", "贵州省", "云南省", "陕西省",
    "甘肃省", "青海省", "台湾省",
    "内蒙古自治区", "广西壮族自治区", "西藏自治区", "宁夏回族自治区", "新疆维吾尔自治区",
    "香港特别行政区", "澳门特别行政区",
)
MUNICIPALITIES = ("北京市", "天津市", "上海市", "重庆市")
_PROVINCE_NAMES = tuple(sorted(PROVINCES + MUNICIPALITIES, key=len, reverse=True))

# national bodies whose local branches print the region after the national name
VERTICAL_PREFIXES = tuple(sorted((
    "国家税务总局", "国家金融监督管理总局", "中国人民银行", "国家外汇管理局", "国家统计局",
    "中国证券监督管理委员会", "国家邮政局", "中国气象局", "国家烟草专卖局",
), key=len, reverse=True))

# unit suffix -> kind; longer suffixes are tried first at each name length
_SUFFIXES = (
    ("自治区", "省"), ("街道", "街道"), ("地区", "地区"), ("林区", "林区"), ("苏木", "乡"), ("省", "省"),
    ("市", "市"), ("县", "县"), ("区", "区"), ("旗", "旗"), ("镇", "镇"), ("乡", "乡"), ("盟", "盟"),
)
_AUTONOMOUS = re.compile(r"(?:(?![省市县区])[\u4e00-\u9fff]){2,16}?自治(州|县|旗)")
_CJK = re.compile(r"[\u4e00-\u9fff]+")
# words that make a would-be unit a department or a functional zone rather than an administrative division
_NOT_REGION = ("住房", "开发", "高新", "园区", "保税", "景区", "度假", "示范", "管理", "试验", "实验", "商务",
               "人民", "政府", "委员", "办公", "集中", "功能区", "产业", "合作区")
_ONE_CHAR_BAD = frozenset("城乡市区县村各本全我该")

# the government of the last unit
_GOV_BODIES = {"", "政府", "人民政府"}
_PREFECTURE_BODIES = {"", "政府", "人民政府", "行政公署", "公署"}  # a 地区 or 盟 is governed by a 行政公署
_STREET_BODIES = {"", "办", "办事处", "街道办事处", "人民政府", "政府"}
_DEPARTMENT_END = re.compile(
    r"(?:局|厅|委员会|委|办公室|办公厅|办|中心|署|处|院|馆|队|站|所|部|司|海关|管委会|分局|总局|办事处|"
    r"研究室|工作室|事务所|委办)$"
)
_OFFICE_SYNONYMS = (
    (re.compile(r"^(?:人民)?政府办(?:公室)?$"), "人民政府办公室"),
    (re.compile(r"^(?:人民)?政府办公厅$"), "人民政府办公厅"),
)
_WS = re.compile(r"[\s\u00a0\u3000\u200b-\u200d\u2060\ufeff]+")
# (and the marks a converter left around a line: Markdown's ``**``, ``#``, ``|``, a hard break's ``\``;
# MediaWiki's and AsciiDoc's heading ``=``, Org's ``*``)
_EDGE = re.compile(r"^[\s:：,，、.。;；\"'“”‘’《》<>\-—_*#|`~=\\]+|[\s:：,，、.。;；\"'“”‘’《》<>\-—_*#|`~=\\]+$")
_PAREN = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")

_UNIQUE_KINDS = {"省", "直辖市", "市", "州", "地区", "盟", "县", "旗", "林区"}
_GOV_LEVEL = {"省": "省", "直辖市": "省", "州": "市", "地区": "市", "盟": "市", "县": "县", "区": "县",
              "旗": "县", "林区": "县", "镇": "乡镇", "乡": "乡镇", "街道": "乡镇"}


@dataclass(frozen=True, slots=True)
class Unit:
    text: str  # as printed, e.g. "洪泽区"
    kind: str  # 省 直辖市 市 州 地区 盟 县 区 旗 林区 镇 乡 街道


@dataclass(frozen=True, slots=True)
class AgencyInfo:
    name: str  # normalised, as printed
    key: str
    region: str | None
    level: Level | None
    prefix: str = ""  # vertical prefix (国家税务总局 …)
    units: tuple[Unit, ...] = ()
    body: str = ""  # what follows the region: 人民政府, 交通运输局 …


def normalize_agency(name: str | None) -> str | None:
    """The agency as printed with all whitespace removed (ASCII spaces, NBSP, U+3000, zero-width) after NFKC,
    and stray punctuation at both ends trimmed. None (or an empty result) gives None."""
    if not name:
        return None
    s = _WS.sub("", norm(name))
    s = _EDGE.sub("", s)
    return s or None


def parse_units(s: str) -> tuple[list[Unit], int]:
    """Region units at the start of ``s`` and the offset where they end."""
    units: list[Unit] = []
    i = 0
    while i < len(s):
        u = _unit_at(s, i)
        if u is None:
            break
        units.append(u)
        i += len(u.text)
    return units, i


def _unit_at(s: str, i: int) -> Unit | None:
    rest = s[i:]
    for p in _PROVINCE_NAMES:
        if rest.startswith(p):
            return Unit(p, "直辖市" if p in MUNICIPALITIES else "省")
    for n in range(1, 5):
        name = rest[:n]
        if len(name) < n or not _CJK.fullmatch(name):
            break
        for suffix, kind in _SUFFIXES:
            if not rest.startswith(suffix, n):
                continue
            text = name + suffix
            if n == 1 and not _one_char_ok(name, suffix):
                continue
            if suffix == "省" and i > 0:
                continue  # a name outside the province list (an old or invented one) only as the first unit
            if _bad_unit(text):
                continue
            return Unit(text, kind)
    m = _AUTONOMOUS.match(rest)
    if m and not _bad_unit(m.group()):
        return Unit(m.group(), {"州": "州", "县": "县", "旗": "旗"}[m.group(1)])
    return None


def _one_char_ok(name: str, suffix: str) -> bool:
    """沛县, 螅镇 and 阳泉市城区 have one-character names; 城市, 城乡 and 乡镇 are words, not places."""
    if suffix == "区":
        return name in "城郊矿"
    return suffix in ("县", "镇") and name not in _ONE_CHAR_BAD


def _bad_unit(text: str) -> bool:
    return any(w in text for w in _NOT_REGION)


def describe_agency(name: str | None) -> AgencyInfo | None:
    """Key, region and level of an agency name (see the module docstring); None when there is no name."""
    printed = normalize_agency(name)
    if printed is None:
        return None
    s = _PAREN.sub("", simplified(printed)) or simplified(printed)
    prefix = ""
    for p in VERTICAL_PREFIXES:
        if s.startswith(p) and parse_units(s[len(p) :])[0]:
            prefix = p
            break
    rest = s[len(prefix) :]
    units, end = parse_units(rest)
    body = rest[end:]
    last = units[-1] if units else None

    is_gov = False
    if not prefix and last is not None:
        is_gov = body in _gov_bodies(last.kind)

    level: Level | None = None
    if is_gov:
        assert last is not None
        if last.kind == "市":
            parent = units[-2].kind if len(units) > 1 else None
            level = "县" if parent in ("市", "州", "地区", "盟") else "市"
        else:
            level = _GOV_LEVEL.get(last.kind)  # type: ignore[assignment]
    elif body and (prefix or _DEPARTMENT_END.search(body)):
        level = "部门"

    region = "".join(u.text for u in units) or None
    key_body = body
    if is_gov:
        key_body = _GOV_KEY_BODY.get(last.kind, "人民政府") if last else "人民政府"
    else:
        for pattern, canonical in _OFFICE_SYNONYMS:
            if pattern.match(body):
                key_body = canonical
                break
    key = prefix + "".join(u.text for u in _key_units(units)) + key_body
    return AgencyInfo(name=printed, key=key or s, region=region, level=level, prefix=prefix, units=tuple(units),
                      body=body)


_GOV_KEY_BODY = {"街道": "办事处", "地区": "行政公署", "盟": "行政公署"}


def _gov_bodies(kind: str) -> set[str]:
    if kind == "街道":
        return _STREET_BODIES
    if kind in ("地区", "盟"):
        return _PREFECTURE_BODIES
    return _GOV_BODIES


def _key_units(units: list[Unit]) -> list[Unit]:
    """The shortest tail of ``units`` that starts with a unit whose name is unique nationally (all of them
    when none is: a district or township named without its parent)."""
    for j in range(len(units) - 1, -1, -1):
        if units[j].kind in _UNIQUE_KINDS:
            return units[j:]
    return units


def agency_key(name: str | None) -> str | None:
    info = describe_agency(name)
    return info.key if info else None
