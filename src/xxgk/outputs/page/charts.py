"""HTML and inline-SVG helpers of the batch page: escaping, tables, bar/column/stacked charts."""

from __future__ import annotations

import html
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from xxgk.outputs.page.data import BAR_COLOR, STATUS_COLORS

# --- HTML and SVG helpers --------------------------------------------------------------------------------

_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def esc(text: Any) -> str:
    """Text safe inside an element or a quoted attribute (of HTML and of XML): markup characters escaped,
    characters that are not allowed in a document removed."""
    return html.escape(_INVALID_XML.sub("", "" if text is None else str(text)), quote=True)


def fmt_int(v: float) -> str:
    return f"{int(v):,}" if float(v).is_integer() else f"{v:,.2f}"


def fmt_pct(v: float | None) -> str:
    return "—" if v is None else f"{v:.1f}%"


def table(headers: Sequence[str], rows: Iterable[Sequence[Any]], numeric: Sequence[int] = (),
          cls: str = "", nowrap: Sequence[int] = (), muted: Sequence[int] = ()) -> str:
    """An HTML table; cells are escaped text, columns whose index is in ``numeric`` right-aligned, in
    ``nowrap`` kept on one line, in ``muted`` small and grey (paths)."""
    head = "".join(f"<th>{esc(h)}</th>" for h in headers)
    body = []
    klasses = {i: ' class="num"' for i in numeric} | {i: ' class="nw"' for i in nowrap} | {
        i: ' class="src"' for i in muted}
    for row in rows:
        cells = "".join(f"<td{klasses.get(i, '')}>{esc(v)}</td>" for i, v in enumerate(row))
        body.append(f"<tr>{cells}</tr>")
    klass = f' class="{esc(cls)}"' if cls else ""
    return f"<table{klass}><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


CHART_W = 940  # viewBox width of every chart (the section's inner width)


def _svg_open(name: str, title: str, desc: str, width: int, height: int) -> str:
    """The opening tag with accessible name and description, and the title drawn visibly at the top left."""
    n = esc(name)
    return (f'<svg class="chart" data-chart="{n}" role="img" aria-labelledby="{n}-t {n}-d" '
            f'xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}">'
            f'<title id="{n}-t">{esc(title)}</title><desc id="{n}-d">{esc(desc)}</desc>'
            f'<text x="0" y="15" class="ttl" aria-hidden="true">{esc(title)}</text>')


def _no_data(name: str, title: str, width: int = CHART_W) -> str:
    return (_svg_open(name, title, "no data", width, 64)
            + f'<text x="{width // 2}" y="48" text-anchor="middle" class="sub">无数据 · no data</text></svg>')


def nice_scale(vmax: float, max_ticks: int = 4) -> tuple[float, float]:
    """(axis top, tick step) for data up to ``vmax``: a 1/2/5 × 10^k step, at least 1 (counts are integers)."""
    if vmax <= 0:
        return 1.0, 1.0
    raw = vmax / max_ticks
    magnitude = 10.0 ** math.floor(math.log10(raw)) if raw > 0 else 1.0
    step = next((m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw), 10 * magnitude)
    step = max(1.0, step)
    return step * math.ceil(vmax / step), step


@dataclass(frozen=True, slots=True)
class Bar:
    label: str  # Chinese label
    sub: str  # English sub-label
    value: float
    note: str = ""  # shown after the value (e.g. a share)
    color: str = BAR_COLOR


def hbar_chart(name: str, title: str, bars: Sequence[Bar], width: int = CHART_W) -> str:
    """Horizontal bars, one per row, labelled left (Chinese over English sub-label) and valued right."""
    if not bars or not any(b.value > 0 for b in bars):
        return _no_data(name, title, width)
    label_w, value_w, row_h, top = 300, 190, 34, 28
    plot_w = width - label_w - value_w
    vmax = max(b.value for b in bars) or 1
    height = top + 6 + row_h * len(bars)
    desc = "; ".join(f"{b.label} {b.sub}: {fmt_int(b.value)}{' (' + b.note + ')' if b.note else ''}" for b in bars)
    out = [_svg_open(name, title, desc, width, height)]
    for i, b in enumerate(bars):
        y = top + i * row_h
        w = max(0.0, plot_w * b.value / vmax)
        out.append(f'<text x="{label_w - 10}" y="{y + 14}" text-anchor="end" class="lab">{esc(b.label)}</text>'
                   f'<text x="{label_w - 10}" y="{y + 27}" text-anchor="end" class="sub">{esc(b.sub)}</text>'
                   f'<rect class="track" x="{label_w}" y="{y + 6}" width="{plot_w}" height="20" rx="2"/>')
        if w > 0:
            out.append(f'<rect class="bar" x="{label_w}" y="{y + 6}" width="{max(w, 1.5):.1f}" height="20" rx="2" '
                       f'fill="{esc(b.color)}"><title>{esc(b.label)} {esc(b.sub)}: {esc(fmt_int(b.value))}'
                       f"{esc(' · ' + b.note if b.note else '')}</title></rect>")
        out.append(f'<text x="{label_w + plot_w + 8}" y="{y + 21}" class="val"><tspan class="strong">'
                   f'{esc(fmt_int(b.value))}</tspan>{esc("  " + b.note if b.note else "")}</text>')
    out.append("</svg>")
    return "".join(out)


def axis_lines(left: float, top: float, plot_w: float, plot_h: float, axis_top: float, step: float) -> str:
    """Baseline plus light gridlines at every ``step`` up to ``axis_top``, labelled with their value."""
    out = []
    k = 1
    while k * step <= axis_top + 1e-9:
        y = top + plot_h * (1 - k * step / axis_top)
        out.append(f'<line class="grid" x1="{left}" y1="{y:.1f}" x2="{left + plot_w}" y2="{y:.1f}"/>'
                   f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" class="tick">{k * step:,.0f}</text>')
        k += 1
    out.append(f'<text x="{left - 6}" y="{top + plot_h + 4:.1f}" text-anchor="end" class="tick">0</text>'
               f'<line class="axis" x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}"/>')
    return "".join(out)


def column_chart(name: str, title: str, labels: Sequence[str], values: Sequence[float], x_title: str,
                 width: int = 640, height: int = 260) -> str:
    """Vertical bars (a histogram when ``labels`` are bins), the value above each bar."""
    if not values or not any(v > 0 for v in values):
        return _no_data(name, title, width)
    left, right, top, bottom = 44, 8, 44, 46
    plot_w, plot_h = width - left - right, height - top - bottom
    axis_top, step = nice_scale(max(values))
    slot = plot_w / len(values)
    desc = "; ".join(f"{lab}: {fmt_int(v)}" for lab, v in zip(labels, values, strict=True))
    out = [_svg_open(name, title, desc, width, height), axis_lines(left, top, plot_w, plot_h, axis_top, step)]
    for i, (lab, v) in enumerate(zip(labels, values, strict=True)):
        h = plot_h * v / axis_top
        x = left + i * slot + slot * 0.14
        y = top + plot_h - h
        if v > 0:
            out.append(f'<rect class="bar" x="{x:.1f}" y="{y:.1f}" width="{slot * 0.72:.1f}" height="{h:.1f}" '
                       f'fill="{BAR_COLOR}"><title>{esc(lab)}: {esc(fmt_int(v))}</title></rect>'
                       f'<text x="{x + slot * 0.36:.1f}" y="{y - 5:.1f}" text-anchor="middle" class="val">'
                       f"{esc(fmt_int(v))}</text>")
        out.append(f'<text x="{left + (i + 0.5) * slot:.1f}" y="{top + plot_h + 16}" text-anchor="middle" '
                   f'class="tick">{esc(lab)}</text>')
    out.append(f'<text x="{left + plot_w / 2:.1f}" y="{height - 8}" text-anchor="middle" class="sub">'
               f"{esc(x_title)}</text></svg>")
    return "".join(out)


def text_width(text: str, size: float = 12) -> float:
    """Rough rendered width: CJK characters are square, others about 0.6 em."""
    return sum(size if ord(ch) > 0x2E7F else size * 0.6 for ch in text)


def stacked_chart(name: str, title: str, categories: Sequence[str], series: Sequence[tuple[str, str, Sequence[int]]],
                  x_title: str, width: int = CHART_W, height: int = 280) -> str:
    """Vertical stacked bars per category; ``series`` is (key, label, values per category), drawn bottom-up
    in the colour of the status ``key``, with a legend under the title."""
    totals = [sum(s[2][i] for s in series) for i in range(len(categories))]
    if not categories or not any(totals):
        return _no_data(name, title, width)
    left, right, top, bottom = 44, 8, 62, 46
    plot_w, plot_h = width - left - right, height - top - bottom
    axis_top, step = nice_scale(max(totals))
    slot = plot_w / len(categories)
    bar_w = min(64.0, slot * 0.7)
    desc = "; ".join(f"{cat}: " + ", ".join(f"{lab} {vals[i]}" for _, lab, vals in series if vals[i])
                     for i, cat in enumerate(categories))
    out = [_svg_open(name, title, desc, width, height), axis_lines(left, top, plot_w, plot_h, axis_top, step)]
    lx = float(left)
    for key, lab, _ in series:
        out.append(f'<rect x="{lx:.1f}" y="26" width="12" height="12" rx="2" fill="{STATUS_COLORS.get(key, BAR_COLOR)}"/>'
                   f'<text x="{lx + 17:.1f}" y="36" class="sub">{esc(lab)}</text>')
        lx += 34 + text_width(lab, 11)
    base_y = top + plot_h
    for i, cat in enumerate(categories):
        x = left + i * slot + (slot - bar_w) / 2
        y = float(base_y)
        for key, lab, vals in series:
            v = vals[i]
            if not v:
                continue
            h = plot_h * v / axis_top
            y -= h
            out.append(f'<rect class="bar" x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" height="{h:.1f}" '
                       f'fill="{STATUS_COLORS.get(key, BAR_COLOR)}"><title>{esc(cat)} · {esc(lab)}: {v:,}</title></rect>')
        out.append(f'<text x="{x + bar_w / 2:.1f}" y="{y - 5:.1f}" text-anchor="middle" class="val">{totals[i]:,}</text>'
                   f'<text x="{x + bar_w / 2:.1f}" y="{base_y + 16}" text-anchor="middle" class="tick">{esc(cat)}</text>')
    out.append(f'<text x="{left + plot_w / 2:.1f}" y="{height - 8}" text-anchor="middle" class="sub">'
               f"{esc(x_title)}</text></svg>")
    return "".join(out)


def figure(chart: str, caption: str = "") -> str:
    cap = f"<figcaption>{esc(caption)}</figcaption>" if caption else ""
    return f"<figure>{chart}{cap}</figure>"


def truncation_note(shown: int, total: int) -> str:
    if total <= shown:
        return ""
    return f'<p class="more">仅显示前 {shown:,} 行 · showing the first {shown:,}; {total - shown:,} more not listed.</p>'


