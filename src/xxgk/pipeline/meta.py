"""Report metadata from the text: the year covered and the issuing agency (spec B, "Year", "Agency")."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

from xxgk.core.model import Meta
from xxgk.core.text import squash, undecorated
from xxgk.pipeline.agency import describe_agency, normalize_agency
from xxgk.pipeline.headers import crawler_headers
from xxgk.pipeline.signature import signed_name

# "…政府信息公开工作年度报告", and the ways titles vary it: "…工作的年度报告", "…工作情况报告", "…年报"
_TITLE_WORDS = re.compile(r"政府信息公开(?:工作)?的?(?:年度)?(?:工作)?(?:情况)?(?:报告|年报)|信息公开工作年度报告|"
                          r"政务公开工作年度报告")
_MD_RULE = re.compile(r"^[-|:｜]+$")  # a Markdown table's separator row ("| --- |")
_CRUMB_SEPARATOR = re.compile(r"^(?:[>›»→＞/]|>>|&gt;)$")
_BREADCRUMB = re.compile(r"[>›»]|首页|当前位置|您的位置|返回顶部|打印本页|关闭窗口|字号[:：]?[大中小]")
# "2023年", "2023年度", and the year in Chinese numerals "二〇二三年度" (its zero an ASCII 0 too: "二0二一年", as
# Word's titles print it); never a date's year ("2022年01月21日　XX局…年度报告": a list page's publication date)
_CN_DIGITS = {c: str(i) for i, c in enumerate("〇一二三四五六七八九")} | {"零": "0", "○": "0", "O": "0", "o": "0",
                                                                      "0": "0"}
_TITLE_YEAR = re.compile(r"(?:(?P<year>(?:19|20)\d{2})|(?P<cn>[一二][〇零○Oo0一二三四五六七八九]{3}))年度?"
                         r"(?!\s*[\d一二三四五六七八九十]{1,2}\s*月)")
# the year after the title words: "…年度报告(2023年度)", "…年度报告(2023)"
_TRAILING_YEAR = re.compile(r"\((?:19|20)\d{2}(?:年度?)?\)")
_STAT_KEY = r"(?:统计期限|统计时间|统计期间|统计时限|时间范围|统计区间|统计周期)"
_STAT_PERIOD = re.compile(
    _STAT_KEY + r"[^。;]{0,12}?(?P<year>(?:19|20)\d{2})年0?1月(?:0?1日)?"
    r"|(?:" + _STAT_KEY + r"|报告期)(?:为|是|:)?(?P<year2>(?:19|20)\d{2})年度"
)
# the period written out without a keyword: "2023年1月1日至2023年12月31日", "2023年1月1日起至12月31日止"
_PERIOD = re.compile(
    r"(?P<year>(?:19|20)\d{2})年0?1月0?1日(?:起)?(?:至|到|-|—|~)(?:(?P=year)年)?12月31日"
)
_PLAN = re.compile(
    r"(?P<year>(?:19|20)\d{2})年(?:度)?[,，]?(?:我|本)(?:局|镇|单位|区|县|市|委|办|乡|街道|部门|中心|院|厅|署|会|府|政府|机关)?将"
    r"|(?P<year2>(?:19|20)\d{2})年(?:度)?(?:政府信息公开|政务公开)?工作(?:计划|打算|安排|思路)"
)
# 将 as 把, what was done that year, not a plan: "2021年，我局将政务公开纳入年度考核"
_PUT_INTO = re.compile(r"[^。；;，,]{1,30}?(?:纳入|列入|作为|融入|写入|放在|摆在|当作|当成|视为|转化为|转为|落实到|贯穿)")
_ANY_YEAR = re.compile(r"(?P<year>(?:19|20)\d{2})年")
# years in section 一 that are not the report's: a quoted title, a law's revision or entry into force
# ("《条例》(2019年修订)", "2019年5月15日起施行的新《条例》")
_NOT_THE_YEAR = re.compile(r"《[^《》]{0,60}》"
                           r"|(?:19|20)\d{2}年(?:\d{1,2}月(?:\d{1,2}日)?)?起?(?:修订|修正|修改|施行|实施|印发|版)")
_AGENCY_TRIM = re.compile(r"^[\s:：,，、|｜]+|[\s:：,，、|｜]+$")
# no agency: a sentence's opening (今年以来我局…), a pronoun, a year's digits or what is left of them (年宁河镇:
# a PDF that set the year's digits on a line of their own)
_NOT_AGENCY = re.compile(r"^(?:关于|本|我|\d|年|今年|去年|全年|近年|上半年|下半年)"
                         r"|我(?:局|委|办|单位|部|院|镇|乡|区|县|市)")
# the party committee and the government together, no body of its own: "区委区政府高度重视", "王庄镇党委政府…"
_PARTY_AND_GOVERNMENT = re.compile(r"(?:党委|党工委|[省市州区县旗镇乡]委)[、和及与]?[省市州区县旗镇乡]?(?:人民)?政府$")
# what a title prints around the agency that is no part of its name
_ATTACHMENT = re.compile(r"^(?:附件[一二三四五\d]*[:：]?)|[【】\[\]〖〗]")


def _menu_lines(lines: list[str]) -> set[int]:
    """Lines of a site's menu saved an item a line (unstructured's elements, ``get_text("\\n")``): runs of three
    non-empty lines or more, each a short word with no digit and nothing of a report's title."""
    out: set[int] = set()
    run: list[int] = []
    for i, ln in enumerate([*lines, "-" * 10]):
        s = squash(ln)
        if not s:
            continue
        if len(s) <= 6 and not any(ch.isdigit() for ch in s) and not _TITLE_WORDS.search(s):
            run.append(i)
            continue
        if len(run) >= 3:
            out.update(run)
        run = []
    # a breadcrumb a crumb a line ("首页" / ">" / "政务公开" / ">" / "政府信息公开年报"): the separators and the
    # short lines on either side of them, the last crumb too, whatever its words
    kept = [i for i, ln in enumerate(lines) if squash(ln)]
    for k, i in enumerate(kept):
        if _CRUMB_SEPARATOR.match(squash(lines[i])):
            out.add(i)
            out.update(j for j in kept[max(k - 1, 0) : k + 2:2]
                       if len(squash(lines[j])) <= 12 and not any(ch.isdigit() for ch in lines[j]))
    return out


def title_block(lines: list[str], limit: int = 6) -> list[str]:
    """The first non-empty short lines before the first section heading (at most ``limit``, not counting pieces of
    four characters or fewer: a year or a title's last character on a line of its own, a span a line)."""
    out = []
    counted = 0
    menu = _menu_lines(lines)
    crumbs_go_on = False  # the last line was a breadcrumb that ends with a separator ("首页 > 政务公开 >")
    for i, ln in enumerate(lines):
        squashed = squash(ln)
        if _MD_RULE.match(squashed) or i in menu:
            continue
        # "# **…年度报告**", "| …年度报告 |", a title spread over a table's cells "| 宁州市…局 | | 2023 | 年政府… |"
        s = undecorated(squashed.replace("|", "").replace("｜", ""))
        if not s:
            continue
        if _BREADCRUMB.search(s):  # site navigation saved with a web page (however long its menu)
            crumbs_go_on = s.endswith((">", "›", "»", "＞"))
            continue
        if crumbs_go_on and len(s) <= 12 and not any(ch.isdigit() for ch in s):
            crumbs_go_on = False  # its last crumb, wrapped onto a line of its own ("政府信息公开年报")
            continue
        crumbs_go_on = False
        if len(s) > 60:
            break
        out.append(s)
        counted += len(s) > 4
        if counted >= limit:
            break
    return out


def detect_meta(head_lines: list[str], intro: str, section1: str, body: str) -> Meta:
    """``head_lines``: lines before the first heading; ``intro``: the same as text (may include the
    preamble paragraph); ``section1``: the text of 一、总体情况; ``body``: the whole text."""
    meta = Meta()
    headers, head_lines = crawler_headers(head_lines)
    block = title_block(head_lines)
    title = _without_site(headers["title"]) if headers.get("title") and _TITLE_WORDS.search(headers["title"]) else None
    listed = None if title else _listed_titles(block)
    running = _running_headers(block, body) if listed else set()
    if running:  # (titles of two years, one a running header on every page: last year's, in a file copied from it)
        gone = {k for i in running if _TITLE_WORDS.search(k := squash(block[i])) or _YEAR_ONLY.fullmatch(k)}
        block = [ln for i, ln in enumerate(block) if i not in running]
        body = "\n".join(ln for ln in body.splitlines() if squash(ln) not in gone)
        section1 = "\n".join(ln for ln in section1.splitlines() if squash(ln) not in gone)
        listed = _listed_titles(block)
    if listed:  # a site's list of its reports before the article: the one the body's own year names
        body_year = _body_year(body, section1)[0]
        title = next((t for t in reversed(listed) if _title_year(t) == body_year), None)
        if title is None:
            meta.year_reason = "report titles of several years before the body (" + ", ".join(
                str(_title_year(t)) for t in listed) + ("), none the year the body gives" if body_year is not None
                                                        else "), and the body gives no year")
    else:
        title = title or _title(block) or _quoted_title(intro) or _spaced_title(intro)
    if title:
        title = _DATE_BEFORE.sub("", title).lstrip()  # (a list page's publication date before the title)
        meta.title = title
        year = _title_year(title)
        if year is not None:
            meta.year, meta.year_source = year, "title"
            period = _period_year(body)
            if period is not None and period != year:  # (one of them copied from last year's file)
                named = _frequent_year(section1) or _frequent_year(squash(body).replace(squash(title), "", 1))
                _settle_year(meta, year, period, named)
        meta.agency = _agency_from_title(title)
        above = _line_above(block, title)
        if meta.agency and above and _contradicted(meta.agency, section1):
            # (a banner's "宁州市人民政府" above a title the body contradicts: neither its agency nor its title)
            meta.agency, meta.title = None, title[len(above):]
        if meta.agency:
            meta.agency_source = "title"
            meta.agency = normalize_agency(_expand_agency(meta.agency, squash(intro)))
    # (the publisher a page's information box names, unless the body says another body reports)
    if meta.agency is None and headers.get("agency") and not _contradicted(headers["agency"], section1):
        meta.agency, meta.agency_source = normalize_agency(headers["agency"]), "header"
    if meta.agency is None:
        subject = _opening_subject(section1) or _opening_subject(intro)
        if subject and not _calls_itself_otherwise(subject, section1):
            # (its fuller name where the text gives one: "2023年，洪泽区人民政府…" after "本报告由淮安市洪泽区
            # 人民政府办公室…")
            meta.agency = normalize_agency(_expand_agency(subject, squash(intro) + squash(section1)))
            meta.agency_source = "first_sentence"
    if meta.agency is None or meta.agency_source == "first_sentence":
        # (the signature at the end; or its fuller name for the body section 一 opens with: 县卫生健康局 signed
        # 清溪县卫生健康局)
        signed = normalize_agency(_signature(body))
        if signed and ((meta.agency is None and not _contradicted(signed, section1))
                       or (meta.agency and len(signed) > len(meta.agency) and signed.endswith(meta.agency))):
            meta.agency, meta.agency_source = signed, "signature"
    set_agency_identity(meta)

    if meta.year is None and not listed and meta.year_reason is None:  # (not a conflict left unsettled)
        meta.year, meta.year_source, meta.year_reason = _body_year(body, section1)
    return meta


def _period_year(body: str) -> int | None:
    """The year of the statistics period the text states ("统计期限自2023年1月1日起至2023年12月31日止")."""
    text = squash(body)
    m = _STAT_PERIOD.search(text) or _PERIOD.search(text)
    return int(m.group("year") or m.group("year2")) if m else None


def _body_year(body: str, section1: str) -> tuple[int | None, str | None, str | None]:
    """(year, source, reason) from the report's own text: its statistics period, else a plan sentence
    for the next year, else the year section 一 names most."""
    text = squash(body)
    period = _period_year(text)
    if period is not None:
        return period, "statistics_period", None
    m = next((m for m in _PLAN.finditer(text) if not _PUT_INTO.match(text, m.end())), None)
    if m:
        return int(m.group("year") or m.group("year2")) - 1, "plan_sentence", None
    years = _section_years(section1)
    if not years:
        return None, None, "no year in the title, no statistics period, no plan sentence, no year in section 一"
    y1 = _most_named(years)
    if y1 is not None:
        return y1, "body_frequency", None
    return None, None, "years in section 一 tie: " + ", ".join(str(y) for y, _ in years.most_common(3))


def _section_years(section1: str) -> Counter[int]:
    """The years section 一 names (a quoted title's, a law's revision and the statistics period's left out)."""
    text = _NOT_THE_YEAR.sub("", squash(section1))
    text = _STAT_PERIOD.sub("", _PERIOD.sub("", text))
    return Counter(int(y.group("year")) for y in _ANY_YEAR.finditer(text))


def _frequent_year(section1: str) -> int | None:
    """The year section 一 names most, when one does."""
    return _most_named(_section_years(section1))


def _most_named(years: Counter[int]) -> int | None:
    """The year counted most, when one is (none, or a tie: None)."""
    if not years:
        return None
    (y1, c1), *rest = years.most_common(2)
    return y1 if not rest or rest[0][1] < c1 else None


def _settle_year(meta: Meta, title: int, period: int, named: int | None) -> None:
    """The title and the statistics period name different years (a title or a preamble copied from last year's
    file, or a title that names the year of publication): the one the report's own text names most (section
    一's, else the whole text's but for the title) agrees with; neither, no year (the reason says why)."""
    said = f"the title says {title}, the statistics period {period}"
    if named == period:
        meta.year, meta.year_source = period, "statistics_period"
        meta.year_reason = f"{said}: the period taken, as the text names {named}"
    elif named == title:
        meta.year_reason = f"{said}: the title's taken, as the text names {named}"
    else:
        meta.year, meta.year_source = None, None
        meta.year_reason = f"{said}, and the text settles nothing"


_SITE_SUFFIX = re.compile(r"\s*[_|｜—–·-]+\s*[^\s_|｜—–·-]{2,30}$")


def _without_site(title: str) -> str:
    """A page's <title> without the site's name after it ("…年度报告_宁州市交通运输局", "…年度报告-XX门户网站")."""
    m = _TITLE_WORDS.search(title)
    if m is not None and _SITE_SUFFIX.fullmatch(title, m.end()):
        return title[: m.end()]
    return title


def _running_headers(block: list[str], body: str) -> set[int]:
    """The lines (indices) of the title block that stand as whole lines three times or more in the text: a PDF's
    running header printed on every page, which may name another year than the report's own title (a file copied
    from last year's) and, repeated inside section 一, outweigh the year its text names. A title line, with the
    lines just above it that repeat as often (its agency and year, each a span on a line of its own)."""
    if len(block) < 2:
        return set()
    counts = Counter(squash(ln) for ln in body.splitlines())
    keys = [squash(ln) for ln in block]
    heads = {i for i, k in enumerate(keys) if counts[k] >= 3 and _TITLE_WORDS.search(k)}
    for i in sorted(heads):
        for j in (i - 1, i - 2):
            if j < 0 or j in heads or counts[keys[j]] < 3:
                break
            heads.add(j)
    return heads


def _listed_titles(block: list[str]) -> list[str] | None:
    """The report titles of the title block when they name two years or more (a site's list of its
    reports, or a 上一篇/下一篇 pair, saved above the article), else None."""
    titles = list(_titles(block))
    years = {y for t in titles if (y := _title_year(t)) is not None}
    return titles if len(years) >= 2 else None


_QUOTED_TITLE = re.compile(r"《([^《》]{4,60}?(?:政府信息公开|政务公开)(?:工作)?(?:年度)?(?:工作)?报告)》")
# the subject that opens section 一 or the preamble: "2023年，省工业和信息化厅坚持…", "XX局认真贯彻…"
_SUBJECT = re.compile(
    r"^(?:(?:19|20)\d{2}年度?[,，]?)?(?P<agency>[\u4e00-\u9fff（）()]{2,30}?"
    r"(?:厅|局|委员会|委|办公室|办公厅|人民政府|政府|镇|乡|街道办事处|街道|中心|院|署|馆|所|站|会))"
    r"(?=坚持|认真|深入|全面|紧紧|始终|进一步|切实|高度|严格|以|按照|围绕|在|持续|积极|聚焦|立足|紧扣|扎实|不断|继续|贯彻|编写|根据)"
)


# a title standing between spaces in a page joined onto one line (get_text(" ", strip=True): "…政府信息公开年报
# 宁波市镇海区综合行政执法局 2020年政府信息公开工作年度报告 根据…"): a name, the year, the template's words
_SPACED_TITLE = re.compile(r"(?:^|\s)(?P<title>[\u4e00-\u9fff（）()]{2,30}\s?(?:19|20)\d{2}\s?年度?"
                           r"政府信息公开\s?(?:工作)?\s?(?:年度)?\s?(?:工作)?\s?报告)(?=\s|$)")


def _spaced_title(intro: str) -> str | None:
    """A report title between spaces in the text before section 一 (a whole page joined onto one line); none
    where several stand there (a page's list of reports: which one is this is not told)."""
    titles = {squash(m.group("title")) for m in _SPACED_TITLE.finditer(intro[:600])}
    return titles.pop() if len(titles) == 1 else None


def _quoted_title(intro: str) -> str | None:
    """A report title quoted in the preamble: "…编写了《河北省工业和信息化厅2019年度政府信息公开工作报告》"."""
    m = _QUOTED_TITLE.search(squash(intro)[:600])
    return m.group(1) if m else None


def _signature(body: str) -> str | None:
    """The body that signs the report (``signature.signed_name``), when the name names a body (not a site's)."""
    name = signed_name(body)
    return name if name is not None and _names_a_body(name) else None


def _opening_subject(text: str) -> str | None:
    """The body that opens the text ("2023年，省工业和信息化厅坚持…"): the report's own name for itself,
    when its title does not name it. Never 我局/本局/我单位."""
    for sentence in re.split(r"[。；;]", squash(text)[:400])[:2]:
        sentence = re.sub(r"^(?:[(（][一二三四五六七八九十\d]{1,2}[)）]|[一二三四五六七八九十\d]{1,2}[、.])", "", sentence)
        sentence = re.sub(r"^(?:总体情况|概述|基本情况)", "", sentence)
        m = _SUBJECT.match(sentence)
        if m and not _NOT_AGENCY.match(m.group("agency")) and not _PARTY_AND_GOVERNMENT.search(m.group("agency")):
            return m.group("agency")
    return None


def set_agency_identity(meta: Meta) -> None:
    """``agency_key``, ``region`` and ``level`` from ``meta.agency`` (see ``xxgk.pipeline.agency``)."""
    info = describe_agency(meta.agency)
    meta.agency_key = info.key if info else None
    meta.region = info.region if info else None
    meta.level = info.level if info else None


def _year_of(m: re.Match[str]) -> int:
    if m.group("year"):
        return int(m.group("year"))
    return int("".join(_CN_DIGITS[c] for c in m.group("cn")))


def _title_year(title: str) -> int | None:
    m = _TITLE_YEAR.search(title)
    if m:
        return _year_of(m)
    m = _TRAILING_YEAR.search(title)
    return int(m.group()[1:5]) if m else None


# a sentence that names the report ("现将本局2022年度政府信息公开工作情况报告如下："): no title
_IN_A_SENTENCE = re.compile(r"现将|如下|[。，,;；]")


def _title(block: list[str]) -> str | None:
    """The title, which may wrap ("富阳区大源镇2019年政府信息公开工作" / "年度报告") or carry the agency on
    the line above ("洪泽区人民政府" / "2023年政府信息公开工作年度报告")."""
    return next(_titles(block), None)


_YEAR_ONLY = re.compile(r"(?:19|20)\d{2}")


def _titles(block: list[str]) -> Iterator[str]:
    """Every title of the block (``_title``), in order."""
    starts = []
    pos = 0
    for s in block:
        starts.append(pos)
        pos += len(s)
    joined = "".join(block)
    done = 0
    for m in _TITLE_WORDS.finditer(joined):
        li = max(i for i, st in enumerate(starts) if st <= m.start())
        first = li
        if starts[li] < done:  # (two titles on one line: the second starts after the first)
            start = done
        else:
            lead = joined[starts[li] : m.start()]
            if li > 0 and squash(lead) in ("年", "年度") and _YEAR_ONLY.fullmatch(squash(block[li - 1])):
                li = first = li - 1  # (the year on a line of its own, cut from its 年: a converter's span a line)
                lead = joined[starts[li] : m.start()]
            if li > 0 and not _TITLE_YEAR.sub("", squash(lead)) and len(block[li - 1]) <= 30 and "。" not in block[li - 1] \
                    and _names_a_body(block[li - 1]) and starts[li - 1] >= done:
                first = li - 1  # the agency stands on the line above the year
            start = starts[first]
        end = m.end()
        trailing = _TRAILING_YEAR.match(joined, end)
        if trailing:
            end = trailing.end()
        done = end
        if not _IN_A_SENTENCE.search(joined, start, min(len(joined), end + 4)):
            yield joined[start:end]


# a web site's name ("宁州市人民政府门户网站"), which a page's banner prints above its articles
_SITE_NAME = re.compile(r"网站|政府网|信息网|服务网|公开网|平台|网$|频道|专栏")


def _line_above(block: list[str], title: str) -> str | None:
    """The line above a title that it took its agency from (``_title``): what stands before its year, or
    before its title words when it has no year, when that is a whole line of the block."""
    m = _TITLE_YEAR.search(title) or _TITLE_WORDS.search(title)
    return title[: m.start()] if m is not None and m.start() > 0 and title[: m.start()] in block else None


# how a report names itself: 我局, 本委, 我镇 …
_SELF = re.compile(r"[我本](局|委|厅|办|院|镇|乡|区|县|市|中心)")


def _contradicted(agency: str, section1: str) -> bool:
    """Whether section 一 says another body reports than ``agency``: it opens with another body as its
    subject (neither name in the other), or it calls itself what the name is not (我局 for 宁海县人民政府)."""
    subject = _opening_subject(section1)
    if subject is not None:
        a, s = normalize_agency(agency) or agency, normalize_agency(subject) or subject
        if not a.endswith(s) and not s.endswith(a) and describe_agency(s) is not None:
            return True  # (a name is the same body with its region printed before it, never with a 办公室 after it)
    return _calls_itself_otherwise(agency, section1)


def _calls_itself_otherwise(agency: str, section1: str) -> bool:
    """Whether section 一 calls the reporting body what ``agency`` is not (我局 twice or more, mostly, for a
    人民政府 or an 办公室)."""
    kinds = Counter(m.group(1) for m in _SELF.finditer(squash(section1)))
    if not kinds:
        return False
    (kind, n), *rest = kinds.most_common(2)
    return n >= 2 and (not rest or rest[0][1] * 2 < n) and kind not in agency


def _names_a_body(line: str) -> bool:
    """Whether a line above the title names who reports (a place, a government, a department): not a
    sidebar's or a menu's last line ("信息公开目录") that a web page or a framed Word file puts there, nor
    the site's name on its banner."""
    if _SITE_NAME.search(line):
        return False
    info = describe_agency(_TITLE_YEAR.sub("", line))
    return info is not None and (info.level is not None or info.region is not None)


# a notice's frame around the report's title: "XX局关于2022年度…的年度报告", "XX局关于公布2021年…的公告", "XX办公室
# 关于印发YY2023年…年度报告的通知"
_DATE_BEFORE = re.compile(r"^(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|^(?:19|20)\d{2}-\d{1,2}-\d{1,2}")
_FRAME = re.compile(r"关于(?:印发|公布|发布|公开|报送|上报|呈报|转发)?")


def _agency_from_title(title: str) -> str | None:
    m = _TITLE_WORDS.search(title)
    before = title[: m.start()] if m else title
    y = _TITLE_YEAR.search(before)
    if y:
        # "2020年宁河镇政府信息公开…" (agency after the year) or "富阳区大源镇2019年政府信息公开…"
        after_year = before[y.end() :]
        candidate = after_year if after_year else before[: y.start()]
    else:
        candidate = before
    candidate = _ATTACHMENT.sub("", candidate)  # ("附件：XX局2022年…", "【XX局】2022年…")
    candidate = _AGENCY_TRIM.sub("", candidate)
    frame = _FRAME.search(candidate)
    if frame:  # the title inside a notice's: the body it names, else the one that issues it
        named, issuer = candidate[frame.end() :], candidate[: frame.start()]
        candidate = named if len(named) >= 2 else issuer
    if len(candidate) < 2 or _NOT_AGENCY.match(candidate) or not re.search(r"[\u4e00-\u9fff]", candidate):
        return None  # (no Chinese: "Columns" of a data frame printed as text, a file name)
    return candidate


# what stands before a place name in a sentence: function words, and the verbs that introduce the report ("现将宁州市
# 北塘区人民政府2023年…报告如下", "结合宁州市…", "按照…")
_BEFORE_PLACE = re.compile(r"现将|特将|结合|按照|依照|参照|对照|编制|制定|印发|公布|发布|报送"
                           r"|[由是为对在据经的及和与向请将把]")


def _expand_agency(agency: str, intro: str) -> str:
    """"洪泽区人民政府" in the title, "淮安市洪泽区人民政府办公室" in the first lines: keep the fuller
    name of the same body (a prefix of region names only, never the office that compiled it)."""
    best = agency
    for m in re.finditer(re.escape(agency), intro):
        j = m.start()
        prefix = ""
        while j > 0 and len(prefix) < 12:
            ch = intro[j - 1]
            if not ("\u4e00" <= ch <= "\u9fff") or (ch in "年月日" and j >= 2 and intro[j - 2].isdigit()):
                break  # (a date's 日 is no place's: "2024年3月20日宁州市…")
            prefix = ch + prefix
            j -= 1
        # keep only a trailing run of place names (…省 …市 …州 …盟) after the last function word or verb
        prefix = _BEFORE_PLACE.split(prefix)[-1]
        pm = re.fullmatch(r"(?:[\u4e00-\u9fff]{1,4}?[省市州盟])+", prefix)
        if pm and len(pm.group()) + len(agency) > len(best):
            best = pm.group() + agency
    return best
