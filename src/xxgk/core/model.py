"""The data model: a ``Report`` with metadata, three typed tables keyed by canonical keys, the narrative
sections, the identity checks and the status.

Pure pydantic, no parsing logic. ``schemas/report.schema.json`` is generated from ``Report`` (see
``xxgk.outputs.schemas``) and a test keeps it in sync.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from enum import StrEnum
from functools import cache
from typing import Annotated, Any, Literal, TypeVar

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    FieldSerializationInfo,
    PlainSerializer,
    SerializerFunctionWrapHandler,
    TypeAdapter,
    field_serializer,
    model_serializer,
    model_validator,
)

from xxgk.core.cell_json import (
    PROVENANCE_FIELDS,
    compact_cell,
    num_out,
    provenance_list,
    table_cells_json,
    usual_raw,
    usual_state,
)
from xxgk.core.llm_record import LLMInfo
from xxgk.core.spec import Template, csv_value_columns

Number = Annotated[
    int | Decimal | None,
    PlainSerializer(num_out, return_type=int | float | None, when_used="json"),
]


class CellState(StrEnum):
    number = "number"  # the document prints a number here
    blank = "blank"  # the cell is empty
    not_applicable = "not_applicable"  # "/", "—", "无" and the like
    ambiguous = "ambiguous"  # run-together or collapsed cells with several readings; value is null
    missing = "missing"  # the row or cell was not found in the document


class Placement(StrEnum):
    label = "label"  # matched by its row label with the full expected cell count: certain
    inferred = "inferred"  # placed by inference (collapsed cells, identities): uncertain
    none = "none"  # not placed (missing / ambiguous)


class Status(StrEnum):
    accepted = "accepted"
    flagged = "flagged"
    rejected = "rejected"
    failed = "failed"


_M = TypeVar("_M", bound=BaseModel)


def _typed(cls: type[_M], fields: dict[str, Any], names: frozenset[str]) -> _M:
    """An instance of ``cls`` from ``fields`` (every field, in order; ``names`` their names) that its caller built
    from values already of the field types: no validation. What ``model_construct`` does without its per-call
    default lookups; the parser's hot path builds some 200 cells and provenances a report, where validating
    each costs half the table stage. Only for the ``typed`` constructors below, whose parameters are typed."""
    obj = _new(cls)
    _set(obj, "__dict__", fields)
    _set(obj, "__pydantic_fields_set__", set(names))
    _set(obj, "__pydantic_extra__", None)
    _set(obj, "__pydantic_private__", None)
    return obj


_new = object.__new__  # (BaseModel defines no __new__)


_set = object.__setattr__  # (pydantic's own __setattr__ validates assignments)



class Provenance(BaseModel):
    """Where a value stood: character offsets into the decoded original text (end exclusive) and the
    1-based line; for grid sources (HTML/DOCX/PDF) the page, and the table, row and cell index; for a
    cell read by OCR the box it was read from, ``[x0, y0, x1, y1]`` on the page (PDF points for a PDF page,
    pixels for an image file; the origin at the top left).

    In JSON a provenance is the list of its fields in ``PROVENANCE_FIELDS`` order without trailing nulls
    (``[1011, 1012, 101]`` for a text cell, ``[5, 9, 3, 2, 0, 4, 1]`` for a PDF table cell): a report holds
    some 200 of them, and the list is a third of the object's size. An object with the field names is
    read too."""

    model_config = ConfigDict(extra="forbid")

    start: int | None = None
    end: int | None = None
    line: int | None = None
    page: int | None = None
    table: int | None = None
    row: int | None = None
    cell: int | None = None
    box: tuple[float, float, float, float] | None = None

    @classmethod
    def typed(cls, start: int, end: int, line: int, page: int | None = None, table: int | None = None,
              row: int | None = None, cell: int | None = None) -> Provenance:
        """A provenance of offsets the parser computed (built without validation: see ``_typed``)."""
        return _typed(cls, {"start": start, "end": end, "line": line, "page": page, "table": table, "row": row,
                            "cell": cell, "box": None}, _PROVENANCE_NAMES)

    @model_validator(mode="before")
    @classmethod
    def _from_list(cls, data: object) -> object:
        if isinstance(data, list | tuple):
            if len(data) > len(PROVENANCE_FIELDS):
                raise ValueError(f"a provenance list has at most {len(PROVENANCE_FIELDS)} items")
            return dict(zip(PROVENANCE_FIELDS, data, strict=False))
        return data

    @model_serializer(mode="plain")
    def _as_list(self) -> Annotated[list[int | list[float] | None], Field(
            max_length=len(PROVENANCE_FIELDS),
            description="where a value stood: [start, end, line, page, table, row, cell, box] (offsets into the "
                        "decoded original text, end exclusive; the 1-based line; for grid sources the page, table, "
                        "row and cell index; for OCR the box [x0, y0, x1, y1] on the page), trailing nulls left "
                        "out")]:
        return provenance_list(self.start, self.end, self.line, self.page, self.table, self.row, self.cell,
                               list(self.box) if self.box is not None else None)


_PROVENANCE_NAMES = frozenset(PROVENANCE_FIELDS)


def _no_default(schema: dict[str, Any]) -> None:
    schema.pop("default", None)  # (a cell's state defaults by its value: see ``usual_state``)


class Cell(BaseModel):
    """One table cell. In JSON, what the other fields already say is left out, and reading the JSON back
    restores it: ``state`` when it is the usual one for the value (number with a value, blank without:
    ``usual_state``), ``raw`` when it is the whole-number value as printed (``usual_raw``; a cell with such
    a value and no raw says ``"raw": null``), ``placement`` label, ``producer`` rules, and the null fields.
    A blank cell the rules read is then ``{"provenance": […]}``. Code builds cells with every
    field it means (a bare ``Cell()`` is a blank cell)."""

    model_config = ConfigDict(extra="forbid")

    value: Number = None
    raw: str | None = Field(None, description="the cell text as printed (original characters); null for a blank "
                            "cell (nothing but spaces printed). Left out of the JSON when it is the value, a whole "
                            "number, as printed")
    state: CellState = Field(CellState.number, description="left out of the JSON when it is number for a cell with "
                             "a value or blank for a cell without", json_schema_extra=_no_default)
    placement: Placement = Field(Placement.label, exclude_if=lambda v: v == Placement.label)
    producer: Literal["rules", "llm", "ocr", "human"] = Field("rules", exclude_if=lambda v: v == "rules")
    unit: str | None = Field(None, description="money cells: 元 or 万元 as printed, else null")
    candidates: list[Number] | None = Field(None, description="ambiguous cells: the possible readings")
    confidence: float | None = Field(None, description="cells read by OCR: the recognition confidence (0-1) of the "
                                     "text the value comes from")
    provenance: Provenance | None = None

    @classmethod
    def typed(cls, value: int | Decimal | None, raw: str | None, state: CellState, placement: Placement,
              unit: str | None = None, provenance: Provenance | None = None) -> Cell:
        """A cell the rules read, from a value already parsed (built without validation: see ``_typed``)."""
        return _typed(cls, {"value": value, "raw": raw, "state": state, "placement": placement, "producer": "rules",
                            "unit": unit, "candidates": None, "confidence": None, "provenance": provenance},
                      _CELL_NAMES)

    @classmethod
    def not_found(cls) -> Cell:
        """A cell of the template that the document's table does not show (state missing, not placed)."""
        return cls(state=CellState.missing, placement=Placement.none)

    @model_validator(mode="before")
    @classmethod
    def _usual_fields(cls, data: object) -> object:
        if isinstance(data, dict) and ("state" not in data or "raw" not in data):
            data = dict(data)
            value = data.get("value")
            if "state" not in data:
                data["state"] = usual_state(value)
            if "raw" not in data:
                data["raw"] = usual_raw(value)
        return data

    @model_serializer(mode="wrap")
    def _without_usual(self, handler: SerializerFunctionWrapHandler):  # type: ignore[no-untyped-def]
        # (no return annotation: the schema stays the fields')
        out = handler(self)
        compact_cell(out)
        return out

    @property
    def certain(self) -> bool:
        return self.placement == Placement.label


_CELL_NAMES = frozenset(Cell.model_fields)


class Note(BaseModel):
    """Something the parser noticed or did (e.g. trimmed a merged-cell placeholder, mixed template)."""

    model_config = ConfigDict(extra="forbid")

    code: str
    message: str
    table: str | None = None
    key: str | None = None
    line: int | None = None


class Correction(BaseModel):
    """A person's decision on one cell: one line of ``OUT/corrections.jsonl`` (written by ``xxgk review``, or by
    hand). ``value`` a number sets the cell to it (the same number confirms it); null with ``state`` blank or
    not_applicable marks it so (``state`` defaults to number for a value, blank for null). ``sha256`` is the
    document's content hash: when the document changes, its corrections no longer apply."""

    model_config = ConfigDict(extra="forbid")

    source: str = Field(description="the document as the output folder names it (a report's source)")
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$", description="SHA-256 of the document the person looked at")
    key: str = Field(description="a canonical cell key, e.g. t3.granted.natural_person")
    value: Number = Field(description="the cell's value, or null for a blank / not applicable cell")
    state: Literal["number", "blank", "not_applicable"] | None = None
    note: str = ""
    at: str | None = Field(None, description="when (ISO 8601)")
    by: str | None = Field(None, description="who, when the reviewer gave a name")

    @model_validator(mode="after")
    def _consistent(self) -> Correction:
        try:
            _check_key(self.key)
        except KeyError as exc:
            raise ValueError(exc.args[0]) from None
        if self.key.endswith(".amount_unit"):
            raise ValueError("the unit of the procurement amount is not corrected by a cell correction")
        if self.state is None:
            self.state = "number" if self.value is not None else "blank"
        if self.state == "number" and self.value is None:
            raise ValueError(f"{self.key}: state number needs a value")
        if self.state != "number" and self.value is not None:
            raise ValueError(f"{self.key}: a {self.state} cell has no value (give null)")
        if self.value is not None and self.value < 0:
            raise ValueError(f"{self.key}: a count or amount is never negative")
        return self


class Reviewed(BaseModel):
    """A correction as applied to a report: the decision, and the cell as the machine had it before (so that
    the corrections can be applied again from scratch, and an auditor sees what changed)."""

    model_config = ConfigDict(extra="forbid")

    key: str
    value: Number = None
    state: Literal["number", "blank", "not_applicable"]
    note: str = ""
    at: str | None = None
    by: str | None = None
    before: Cell


class Table(BaseModel):
    """One of the three numeric tables. ``cells[row][column]`` uses the canonical keys."""

    model_config = ConfigDict(extra="forbid")

    name: Literal["t2", "t3", "t4"]
    found: bool = False
    template: Template | None = None
    layout: str | None = Field(None, description="tab / pipe / tsv / csv / markdown / ruled / columns / lines / "
                                                    "paragraphs / stream / grid")
    cells: dict[str, dict[str, Cell]] = Field(default_factory=dict)
    error: str | None = Field(None, description="why the table could not be parsed, if it could not")
    statement: str | None = Field(
        None, description="the sentence the section prints instead of the table (e.g. that there were no review "
        "or litigation cases); the cells are then blank"
    )
    span: Provenance | None = Field(
        None, description="where the table's section stood in the decoded original text (start/end offsets, line)"
    )

    @field_serializer("cells", mode="plain", when_used="json")
    def _cells_json(self, cells: dict[str, dict[str, Cell]], info: FieldSerializationInfo):  # type: ignore[no-untyped-def]
        # (every cell as its own serializer writes it, in one pass: see ``cell_json``; no return annotation,
        # so that the schema stays the field's)
        if info.exclude_unset or info.exclude_defaults or info.include or info.exclude:  # (cell by cell)
            include: Any = info.include  # (pydantic's IncExCall is its IncEx)
            exclude: Any = info.exclude
            return _cells_adapter().dump_python(cells, mode="json", include=include, exclude=exclude,
                                                exclude_none=info.exclude_none, exclude_unset=info.exclude_unset,
                                                exclude_defaults=info.exclude_defaults)
        return table_cells_json(cells, info.exclude_none)

    def cell(self, row: str, col: str) -> Cell | None:
        return self.cells.get(row, {}).get(col)

    def iter_cells(self) -> Iterator[tuple[str, Cell]]:
        for row, cols in self.cells.items():
            for col, cell in cols.items():
                yield f"{self.name}.{row}.{col}", cell


@cache
def _cells_adapter() -> TypeAdapter[dict[str, dict[str, Cell]]]:
    return TypeAdapter(dict[str, dict[str, Cell]])


class Section(BaseModel):
    """A narrative section (一, 五, 六) or the span of a table section."""

    model_config = ConfigDict(extra="forbid")

    number: int
    heading: str | None = Field(None, description="the heading as printed; null when the document has none")
    text: str = ""
    start: int | None = None
    end: int | None = None
    line: int | None = None


class CheckOutcome(StrEnum):
    passed = "pass"
    failed = "fail"
    warning = "warning"
    not_assessable = "not_assessable"


class Check(BaseModel):
    """The outcome of one identity on one row, column or group."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(description="O1, S1, S2, S3 (hard) or S4, H3 (soft)")
    severity: Literal["hard", "soft"]
    outcome: CheckOutcome
    code: str | None = Field(None, description="warning code, e.g. total_not_reported")
    table: str
    row: str | None = None
    column: str | None = None
    equation: str
    lhs: dict[str, Number] = Field(default_factory=dict)
    rhs: dict[str, Number] = Field(default_factory=dict)
    lhs_sum: Number = None
    rhs_sum: Number = None
    blank_as_zero: list[str] = Field(default_factory=list, description="keys whose blank was read as 0")
    certain: bool = Field(True, description="every cell in the equation was placed by label")
    message: str = ""


class CheckSummary(BaseModel):
    model_config = ConfigDict(extra="forbid")

    evaluated: int = 0
    passed: int = 0
    failed: int = 0
    warnings: int = 0
    not_assessable: int = 0


class Meta(BaseModel):
    model_config = ConfigDict(extra="forbid")

    agency: str | None = None
    agency_source: str | None = None
    agency_key: str | None = Field(
        None,
        description="a stable key for matching the same agency across years (JSON only, not a CSV column): the "
        "name with the region cut to the shortest tail that names one place (provinces, 市, 州, 地区, 盟, 县 and 旗 "
        "are unique; 区 and townships keep their parent) and 政府/人民政府 unified, e.g. 江苏省淮安市洪泽区政府 -> "
        "淮安市洪泽区人民政府; null when the agency is null (see xxgk.pipeline.agency)",
    )
    region: str | None = Field(
        None,
        description="the administrative divisions printed in the agency name, e.g. 江苏省淮安市洪泽区 for "
        "江苏省淮安市洪泽区交通运输局; null when the name prints none",
    )
    level: Literal["省", "市", "县", "乡镇", "部门"] | None = Field(
        None,
        description="what the agency name says it is: the government of a 省 (also 自治区 and 直辖市), a 市 (also "
        "自治州, 地区, 盟; a 市 named under another 市 is 县), a 县 (also 区, 旗), a 乡镇 (also 街道), or a 部门 (a "
        "department: 局, 厅, 委员会, 办公室, 中心 …); null when the name does not say",
    )
    year: int | None = None
    year_source: str | None = Field(
        None, description="title / statistics_period / plan_sentence / body_frequency, null if unknown"
    )
    year_reason: str | None = None
    template: Template | None = None
    template_source: str | None = Field(None, description="which section decided the template")
    title: str | None = None


class Report(BaseModel):
    model_config = ConfigDict(extra="forbid")

    source: str
    sha256: str | None = None
    xxgk_version: str
    format: str = "txt"
    layout: str | None = Field(None, description="the main table layout (see Table.layout), or mixed")
    reading: Literal["text", "geometry", "layout"] = Field(
        "text", description="which reading of the document the tables come from: its text (for a PDF the text "
        "layer) or, for a PDF whose text layer left cells uncertain, the geometry of its ruled tables or its layout "
        "text (each character at its place on the page)")
    encoding: str | None = None
    status: Status
    reason: str = ""
    meta: Meta = Field(default_factory=Meta)
    sections: dict[str, Section] = Field(default_factory=dict, description="一, 五, 六 by number")
    t2: Table = Field(default_factory=lambda: Table(name="t2"))
    t3: Table = Field(default_factory=lambda: Table(name="t3"))
    t4: Table = Field(default_factory=lambda: Table(name="t4"))
    checks: list[Check] = Field(default_factory=list, description="failed checks and warnings")
    check_summary: CheckSummary = Field(default_factory=CheckSummary)
    notes: list[Note] = Field(default_factory=list)
    reviewed: list[Reviewed] = Field(default_factory=list, exclude_if=lambda v: not v,
                                     description="cells a person set or confirmed (OUT/corrections.jsonl), each "
                                                 "with the cell as the machine had it; left out when none")
    llm: LLMInfo = Field(default_factory=lambda: LLMInfo(), exclude_if=lambda v: v.untouched,
                         description="what the LLM step did for this report; left out when no LLM was enabled")

    def table(self, name: str) -> Table:
        return {"t2": self.t2, "t3": self.t3, "t4": self.t4}[name]

    def cell(self, key: str) -> Cell | None:
        """The cell of a canonical key such as ``t3.granted.natural_person``; None when the document's
        template has no such cell. A key that is no canonical key at all (a typo) raises ``KeyError``."""
        _check_key(key)
        name, row, col = key.split(".")
        return self.table(name).cell(row, col)

    def value(self, key: str) -> int | Decimal | str | None:
        """The value of a canonical key (``t2.procurement.amount_unit`` gives the unit). None is a blank
        cell or a cell the document's template does not have; a key that is no canonical key raises
        ``KeyError`` naming it — never None, which would read like a blank."""
        if key.endswith(".amount_unit"):
            _check_key(key)
            cell = self.cell(key.removesuffix("_unit"))
            return cell.unit if cell else None
        cell = self.cell(key)
        return cell.value if cell else None

    def values(self) -> dict[str, int | Decimal | str | None]:
        """Every extracted key -> value (the keys of the template the document prints)."""
        out: dict[str, int | Decimal | str | None] = {}
        for t in (self.t2, self.t3, self.t4):
            for key, cell in t.iter_cells():
                out[key] = cell.value
                if key == "t2.procurement.amount":
                    out["t2.procurement.amount_unit"] = cell.unit
        return out


def _check_key(key: str) -> None:

    if not _KNOWN:
        _KNOWN.update(csv_value_columns())
    known = _KNOWN
    if key not in known:
        import difflib

        close = difflib.get_close_matches(key, sorted(known), n=1)
        raise KeyError(f"{key!r} is not a canonical key" + (f" (did you mean {close[0]!r}?)" if close else "")
                       + "; see schemas/codebook.csv")


_KNOWN: set[str] = set()
