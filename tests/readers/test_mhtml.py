"""A web page saved as one file (MHTML / .mht): its first text/html part read as the page."""

from __future__ import annotations

import quopri
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from pathlib import Path

import pytest

import xxgk
from xxgk.core.errors import NotAReportError
from xxgk.readers import read_bytes, sniff

ROOT = Path(__file__).resolve().parents[2]
DAMAGED = ROOT / "tests" / "fixtures" / "damaged"


def _mhtml(html: bytes, charset: str, encoding: str = "quoted-printable") -> bytes:
    msg = MIMEMultipart("related", type="text/html")
    msg["From"] = "<Saved by Blink>"
    part = MIMEText("", "html", charset)
    del part["Content-Transfer-Encoding"]
    if encoding == "quoted-printable":
        part.set_payload(quopri.encodestring(html).decode("ascii"))
    else:
        import base64

        part.set_payload(base64.encodebytes(html).decode("ascii"))
    part["Content-Transfer-Encoding"] = encoding
    msg.attach(part)
    msg.attach(MIMEText("body{}", "css"))
    return msg.as_bytes()


@pytest.mark.parametrize("name", ["001_7b4b25fcf59f7d61.mhtml.mhtml", "v09_qxxzf2024_gbk.mhtml.mht"])
def test_a_saved_page_reads_as_the_page(name: str) -> None:
    page = {"001": ROOT / "tests" / "fixtures" / "formats" / "001_7b4b25fcf59f7d61.utf8.html",
            "v09": ROOT / "eval" / "reports" / "v09_qxxzf2024_gbk.html"}[name[:3]]
    saved = xxgk.extract_file(DAMAGED / name)
    assert saved.format == "mhtml" and saved.values() == xxgk.extract_file(page).values()
    assert saved.meta.agency == xxgk.extract_file(page).meta.agency


def test_the_parts_charset_and_base64_are_read() -> None:
    html = (ROOT / "eval" / "reports" / "v09_qxxzf2024_gbk.html").read_bytes()  # (GBK, declared gb2312)
    data = _mhtml(html, "gb2312", "base64")
    assert sniff(data) == "mhtml"
    doc = read_bytes(data, "x.mht")
    assert "清溪县人民政府" in doc.text


def test_a_message_without_a_page_is_not_a_report() -> None:
    msg = MIMEMultipart("related")
    msg.attach(MIMEText("hello", "plain"))
    with pytest.raises(NotAReportError, match="MHTML"):
        read_bytes(msg.as_bytes(), "x.mhtml")


def test_parts_nested_deeper_than_python_recurses_are_no_page() -> None:
    body = b"".join(b'--b%d\nContent-Type: multipart/related; boundary="b%d"\n\n' % (i, i + 1) for i in range(3000))
    data = b'MIME-Version: 1.0\nContent-Type: multipart/related; boundary="b0"\n\n' + body
    with pytest.raises(NotAReportError, match="MHTML"):
        read_bytes(data, "deep.mhtml")
