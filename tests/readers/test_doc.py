"""Legacy binary Word (.doc) read from its own structure, stage by stage (``xxgk.readers.doc``). The whole
files are LibreOffice's Word 97 output (``tests/fixtures/make_formats.py --doc``), scored against the gold in
``test_formats``; here each stage on bytes built to the [MS-DOC] layout."""

from __future__ import annotations

import struct

import pytest

import xxgk
from tests.conftest import FIXTURES
from xxgk.core.errors import InputError, UnsupportedFormatError
from xxgk.readers import doc as D

DOC = FIXTURES / "formats" / "000_5c96ff8a9c100224.lo97.doc"


def _fib(flags: int = 0x0200) -> bytes:
    """A Word 97 FIB: FibBase, 14 words, 22 longs (ccpText third), 93 fc/lcb pairs."""
    base = struct.pack("<HHHHHH", 0xA5EC, 0xC1, 0, 0x0804, 0, flags) + bytes(20)
    rgw = struct.pack("<H", 14) + bytes(28)
    lw = [0] * 22
    lw[3] = 11  # ccpText
    rglw = struct.pack("<H", 22) + struct.pack("<22i", *lw)
    pairs = [(0, 0)] * 93
    pairs[13] = (600, 12)  # PlcBtePapx
    pairs[33] = (700, 21)  # Clx
    return base + rgw + rglw + struct.pack("<H", 93) + b"".join(struct.pack("<II", *p) for p in pairs)


def test_fib_gives_the_table_stream_the_story_length_and_where_the_structures_are():
    fib = D.read_fib(_fib())
    assert fib == D.Fib("1Table", 11, 700, 21, 600, 12)
    assert D.read_fib(_fib(flags=0)).table_stream == "0Table"


def test_an_encrypted_doc_is_refused_with_what_to_do():
    with pytest.raises(UnsupportedFormatError, match="password"):
        D.read_fib(_fib(flags=0x0200 | 0x0100))


def test_a_word_6_file_is_not_read_here():
    with pytest.raises(D.DocFormatError):
        D.read_fib(struct.pack("<H", 0xA5DC) + bytes(400))


def _clx(pieces: list[tuple[int, int, int]], cp_end: int) -> bytes:
    """A Clx with one property modifier (skipped) and a piece table; pieces (cp, fc field, …)."""
    cps = [cp for cp, _, _ in pieces] + [cp_end]
    pcds = b"".join(struct.pack("<HIH", 0, fc, 0) for _, fc, _ in pieces)
    plc = struct.pack(f"<{len(cps)}i", *cps) + pcds
    prc = b"\x01" + struct.pack("<h", 3) + b"\x00\x00\x00"
    return prc + b"\x02" + struct.pack("<I", len(plc)) + plc


def test_pieces_in_utf16_and_compressed_one_byte_form_read_in_order():
    # "总计" in UTF-16 at byte 100, then "12\r" compressed (one byte a character) at byte 40 (fc field 80|0x40000000)
    word = bytearray(200)
    word[100:104] = "总计".encode("utf-16-le")
    word[40:43] = b"12\r"
    clx = _clx([(0, 100, 0), (2, 0x40000000 | 80, 0)], 5)
    fib = D.Fib("1Table", 5, 0, len(clx), 0, 0)
    pieces = D.read_pieces(clx, fib)
    assert pieces == [D.Piece(0, 2, 100, False), D.Piece(2, 5, 40, True)]
    assert D.story_text(bytes(word), pieces, 5) == "总计12\r"
    assert pieces[1].fc_of(4) == 42 and pieces[0].fc_of(1) == 102


def test_sprm_operands_are_sized_by_their_kind_and_the_table_definition_by_two_bytes():
    grpprl = (struct.pack("<HB", 0x2416, 1)  # in table (1 byte)
              + struct.pack("<Hi", 0x6649, 1)  # table depth (4 bytes)
              + struct.pack("<HH", 0xD608, 5) + b"abcd"  # table definition: cb 5 counts itself less one
              + struct.pack("<HB", 0xC615, 2) + b"xy"  # a variable operand with a one-byte size
              + struct.pack("<HB", 0x2417, 1))  # row end
    sprms = D._sprms(grpprl)
    assert [s for s, _ in sprms] == [0x2416, 0x6649, 0xD608, 0xC615, 0x2417]
    assert sprms[3][1] == b"xy" and sprms[4][1] == b"\x01"


def _fkp(runs: list[tuple[int, int, bytes | None]]) -> bytes:
    """A paragraph FKP page: the runs' byte ranges and, for each, its properties (grpprl) or none."""
    page = bytearray(512)
    crun = len(runs)
    page[-1] = crun
    fcs = [start for start, _, _ in runs] + [runs[-1][1]]
    struct.pack_into(f"<{crun + 1}I", page, 0, *fcs)
    at = 400
    for r, (_, _, grpprl) in enumerate(runs):
        if grpprl is None:
            continue
        body = b"\x00\x00" + grpprl  # (style index first)
        if len(body) % 2 == 0:
            body += b"\x00"
        page[at] = (len(body) + 1) // 2  # cb: 2*cb-1 bytes follow
        page[at + 1 : at + 1 + len(body)] = body
        page[4 * (crun + 1) + 13 * r] = at // 2
        at += 2 + len(body) + (len(body) % 2)
    return bytes(page)


def test_paragraph_marks_know_table_cells_and_row_ends_also_when_kept_in_the_data_stream():
    huge = bytearray(64)
    props = struct.pack("<HB", 0x2416, 1) + struct.pack("<HB", 0x2417, 1)
    struct.pack_into("<H", huge, 10, len(props))
    huge[12 : 12 + len(props)] = props
    page = _fkp([(0, 10, None), (10, 20, struct.pack("<HB", 0x2416, 1)),
                 (20, 22, struct.pack("<Hi", 0x6646, 10))])  # the huge-properties pointer
    word = bytes(512) + page  # the FKP at page 1
    plc = struct.pack("<III", 0, 22, 1)
    fib = D.Fib("1Table", 0, 0, 0, 0, len(plc))
    marks = D.paragraph_marks(word, plc, fib, bytes(huge))
    assert marks.at(4) == D.Props() and marks.at(12) == D.Props(depth=1) and marks.at(20) == D.Props(1, ttp=True)
    assert marks.at(99) == D.Props()


def test_blocks_rebuild_rows_with_empty_cells_and_paragraphs_inside_a_cell():
    text = "标题\r" + "（一）予以公开\x071\x07\x07\x07第一段\r第二段\x07\x07" + "正文\r"
    first, row_end = 3, text.index("正文") - 1  # the table's first character, its row-end mark
    marks = D.Marks()
    for i, ch in enumerate(text):
        if ch in "\r\x07":
            marks.starts.append(2 * i)
            marks.ends.append(2 * i + 2)
            marks.props.append(D.Props(int(first <= i <= row_end), ttp=i == row_end))
    blocks = D.blocks(text, [D.Piece(0, len(text), 0, False)], marks)
    assert blocks[0] == D.Block(text="标题")
    assert blocks[1].rows == [["（一）予以公开", "1", "", "", "第一段\n第二段"]]
    assert blocks[2] == D.Block(text="正文")


def test_a_table_holding_a_table_is_a_frame_its_cells_paragraphs_and_the_nested_table_the_table():
    paras = [("标题", 0, "para"),
             ("一、总体情况", 1, "para"),  # the frame's cell: text, then a table nested in it
             ("（一）予以公开", 2, "cell"), ("1", 2, "cell"), ("", 2, "row"),
             ("五、存在的主要问题", 1, "cell"), ("", 1, "row"),
             ("规章", 1, "cell"), ("0", 1, "cell"), ("", 1, "row")]  # a table of its own after the frame
    flat = D._flatten_frames(paras[:7]) + paras[7:]
    assert flat[1:6] == [("一、总体情况", 0, "para"), ("（一）予以公开", 1, "cell"), ("1", 1, "cell"), ("", 1, "row"),
                         ("五、存在的主要问题", 0, "para")]
    assert D._flatten_frames(paras[7:]) == paras[7:]  # a table that nests none stays a table


def test_fields_show_their_result_and_a_field_without_one_shows_nothing():
    text = "见\x13 HYPERLINK \"x\" \x14附件\x15和\x13 PAGE \x15页\x13 A \x13 B \x14内\x15 \x14外\x15"
    assert "".join(ch for _, ch in D._shown(text)) == "见附件和页外"


def test_a_real_doc_reads_like_the_docx_it_was_saved_from():
    doc_report = xxgk.extract(DOC)
    docx_report = xxgk.extract(FIXTURES / "formats" / "000_5c96ff8a9c100224.docx")
    assert doc_report.format == "doc" and doc_report.values() == docx_report.values()
    assert doc_report.sections["5"].text == docx_report.sections["5"].text
    cell = doc_report.cell("t3.new_received.natural_person")
    assert cell.value == 1 and cell.provenance.table is not None and cell.provenance.row is not None


def test_an_ole_file_that_is_no_word_document_says_so(tmp_path, monkeypatch):
    import olefile

    data = DOC.read_bytes()
    assert olefile.isOleFile(data)
    monkeypatch.setattr("shutil.which", lambda _name: None)  # (no LibreOffice to fall back on)
    # the same compound file with its WordDocument stream renamed
    renamed = data.replace("WordDocument".encode("utf-16-le"), "WordDokument".encode("utf-16-le"))
    bad = tmp_path / "not_word.doc"
    bad.write_bytes(renamed)
    with pytest.raises(InputError) as info:
        xxgk.extract(bad)
    assert "without a WordDocument stream" in str(info.value) and "not_word.doc" in str(info.value)


@pytest.mark.parametrize("cut", [1000, 36608])
def test_a_truncated_doc_is_a_one_line_error_naming_the_file(tmp_path, monkeypatch, cut):
    monkeypatch.setattr("shutil.which", lambda _name: None)  # (no LibreOffice to fall back on)
    bad = tmp_path / "cut.doc"
    bad.write_bytes(DOC.read_bytes()[:cut])
    with pytest.raises(InputError) as info:
        xxgk.extract(bad)
    assert info.value.code == "corrupt" and "damaged .doc" in str(info.value) and "cut.doc" in str(info.value)
    assert "\n" not in str(info.value)
