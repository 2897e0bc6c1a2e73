"""RTF (Word's, WPS's, pandoc's): rendered in the tab layout like a Word file."""

from __future__ import annotations

from pathlib import Path

import pytest

import xxgk
from xxgk.core.errors import CorruptInputError
from xxgk.readers import read_bytes, sniff
from xxgk.readers.rtf import render

ROOT = Path(__file__).resolve().parents[2]
DAMAGED = ROOT / "tests" / "fixtures" / "damaged"


@pytest.mark.parametrize("name", ["v08_qxrsj2020_docx.rtf.doc", "v02_jfljd2022_docx.rtf.rtf"])
def test_a_word_file_saved_as_rtf_reads_as_the_word_file(name: str) -> None:
    word = xxgk.extract_file(ROOT / "eval" / "reports" / (name.split(".")[0] + ".docx"))
    rtf = xxgk.extract_file(DAMAGED / name)
    assert rtf.format == "rtf" and rtf.values() == word.values() and rtf.meta.agency == word.meta.agency


def _gbk(s: str) -> str:
    return "".join(f"\\'{b:02x}" for b in s.encode("gbk"))


def test_code_page_bytes_unicode_escapes_tables_and_skipped_destinations() -> None:
    rtf = ("{\\rtf1\\ansi\\ansicpg936\\deff0{\\fonttbl{\\f0\\fnil \\'cb\\'ce\\'cc\\'e5;}}"
           "{\\info{\\title " + _gbk("别的标题") + "}}{\\*\\generator Word;}"
           "\\pard " + _gbk("二、主动公开政府信息情况") + "\\par"
           "\\trowd\\cellx1000\\cellx2000\\pard\\intbl " + _gbk("规章") + "\\cell 5\\cell\\row"
           "\\trowd\\pard\\intbl \\u35268?\\u33539?\\cell \\cell\\row"
           "\\pard {\\field{\\*\\fldinst HYPERLINK x}{\\fldrslt " + _gbk("链接") + "}}\\par}")
    data = rtf.encode("ascii")
    assert sniff(data) == "rtf"
    text, codepage = render(data)
    assert codepage == "gb18030"
    assert text == "二、主动公开政府信息情况\n\t规章\n\t5\n\n\t规范\n\t\n\n链接\n"
    assert read_bytes(data, "x.doc").format == "rtf"


def test_an_rtf_without_text_is_refused() -> None:
    with pytest.raises(CorruptInputError, match="RTF"):
        render(b"{\\rtf1\\ansi{\\fonttbl{\\f0 Arial;}}}")
