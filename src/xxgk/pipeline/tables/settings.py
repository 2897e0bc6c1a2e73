"""Settings of the table parser, in one place instead of long parameter lists."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class TableSettings:
    #: how many trailing text fragments may be joined to recognise a wrapped row label
    max_label_fragments: int = 6
    #: a label may be this much longer than the canonical one (extra words, page-break debris)
    label_slack_min: int = 8
    #: fuzzy label matching (only on a miss): minimum difflib ratio against a canonical label
    fuzzy_ratio: float = 0.8
    #: collapsed cells: at most this many order-preserving placements are enumerated
    max_placements: int = 20000
    #: ambiguous cells keep at most this many candidate readings
    max_candidates: int = 12
    #: glued digit runs: the longest number one cell may hold (digits before any decimal point)
    max_cell_digits: int = 9
    #: glued digit runs: nodes the reading search may visit per row before it stops (the bound that keeps
    #: a long run of digits from costing exponential time; see ``xxgk.pipeline.tables.readings``)
    max_search_steps: int = 200000
    #: layout detection: share of non-empty lines that must carry the marker
    layout_share: float = 0.3
    #: extra row labels, ``(table, label as printed, row key)``: a label the template's vocabulary does not
    #: know that a verified LLM answer located (``xxgk.llm.verify``); matched before the vocabulary
    label_aliases: tuple[tuple[str, str, str], ...] = ()


DEFAULT_SETTINGS = TableSettings()
