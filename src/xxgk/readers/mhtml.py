"""A web page saved as one file: MHTML / ``.mht`` (Chrome's "Save as single file", Word's and Internet
Explorer's "单个文件网页"). A MIME message whose first ``text/html`` part is the page, its bytes
quoted-printable or base64 (``=E6=94=BF``: read as text, no heading). The page goes to the HTML reader; the
images saved in the other parts are not read."""

from __future__ import annotations

import codecs
import email
import email.policy
import re

_MIME_HEAD = re.compile(rb"^mime-version\s*:", re.I | re.M)
_MULTIPART = re.compile(rb"content-type\s*:\s*multipart/related", re.I)


def looks_like_mhtml(head: bytes) -> bool:
    """Whether a file opens as a MIME message of related parts (its headers in the first 2 KB)."""
    head = head[:2048]
    return bool(_MIME_HEAD.search(head) and _MULTIPART.search(head))


def page_of(data: bytes) -> bytes | None:
    """The page of an MHTML file as UTF-8 bytes with a BOM (the part's charset read, so that the HTML
    reader takes it as such), or None when the message holds no ``text/html`` part."""
    try:
        msg = email.message_from_bytes(data, policy=email.policy.compat32)
        parts = list(msg.walk())
    except RecursionError:  # (parts nested deeper than any saved page: no page to read)
        return None
    for part in parts:
        if part.get_content_type() != "text/html":
            continue
        payload = part.get_payload(decode=True)
        if not isinstance(payload, bytes):
            continue
        charset = part.get_content_charset()
        if charset:
            try:
                return codecs.BOM_UTF8 + payload.decode(charset).encode("utf-8")
            except (LookupError, UnicodeDecodeError):
                pass
        return payload  # (no usable charset: the page's own declaration, or detection)
    return None
