"""The review app over HTTP (Starlette's test client): the queue, a report beside its document, corrections
appended in the documented format and only from the page, gold from review, the host and token guards."""

from __future__ import annotations

import json

import pytest
from starlette.testclient import TestClient

from tests.review.conftest import GLUED
from xxgk.batch.manifest import load
from xxgk.evaluation.gold import load_gold
from xxgk.review.app import TOKEN_HEADER, create_app
from xxgk.review.folder import ReviewFolder

TOKEN = "t0ken-for-tests"


def _file(out, name: str) -> str:
    return next(e.file for e in load(out).values() if e.source.endswith(name))


@pytest.fixture
def client(extracted, tmp_path):
    _, out = extracted
    app = create_app(ReviewFolder(out, gold_dir=tmp_path / "gold"), token=TOKEN)
    return TestClient(app)


def test_the_queue_lists_the_rejected_and_flagged_reports_not_the_accepted_one(client, extracted):
    _, out = extracted
    page = client.get("/").text
    assert f'href="/report/{_file(out, GLUED)}"' in page and "42 doubtful" in page
    assert f'href="/report/{_file(out, "hzq2023_working.pdf")}"' in page and "flagged" in page
    assert _file(out, "004_9f0ed78e15ea2a92.txt") not in page
    only = client.get("/?status=flagged").text
    assert _file(out, GLUED) not in only and _file(out, "hzq2023_working.pdf") in only
    assert _file(out, "004_9f0ed78e15ea2a92.txt") in client.get("/?all=1").text
    assert client.get("/?reason=identity").text.count('class="open"') == 1  # hzq2023: 表四 totals


def test_a_report_shows_its_cells_candidates_and_the_source_of_each(client, extracted):
    _, out = extracted
    page = client.get(f"/report/{_file(out, GLUED)}").text
    assert 'id="cell-t2.licensing.decisions"' in page and 'data-candidates="8106|106|6|None"' in page
    assert 'data-state="ambiguous"' in page and 'data-producer="rules"' in page
    # the document beside it, each cell's span marked: 34 is 行政许可's 上一年项目数量
    assert '<mark class="src" data-keys="t2.licensing.prev_items">34</mark>' in page


def test_a_pdf_report_shows_its_pages_with_the_box_of_each_cell(client, extracted):
    _, out = extracted
    file = _file(out, "hzq2023_working.pdf")
    page = client.get(f"/report/{file}").text
    assert page.count('class="page"') == 5 and f'src="/page/{file}/2.png"' in page
    assert 'class="box" data-keys="t3.new_received.natural_person"' in page
    png = client.get(f"/page/{file}/2.png")
    assert png.status_code == 200 and png.content[:8] == b"\x89PNG\r\n\x1a\n" and len(png.content) > 20_000
    assert client.get(f"/page/{file}/9.png").status_code == 404
    assert "failing" in page and "t4" in page  # its failing identity, listed with its cells


def test_a_correction_is_appended_in_the_documented_format(client, extracted):
    _, out = extracted
    file = _file(out, GLUED)
    res = client.post(f"/api/correct/{file}", headers={TOKEN_HEADER: TOKEN},
                      json={"key": "t2.licensing.decisions", "value": 106, "note": "第二十条第（五）项"})
    assert res.status_code == 200 and res.json()["reviewed"] == 1 and res.json()["status"] == "rejected"
    line = json.loads((out / "corrections.jsonl").read_text(encoding="utf-8"))
    entry = load(out)[next(s for s in load(out) if s.endswith(GLUED))]
    assert {k: line[k] for k in ("source", "sha256", "key", "value", "state", "note")} == {
        "source": entry.source, "sha256": entry.sha256, "key": "t2.licensing.decisions", "value": 106,
        "state": "number", "note": "第二十条第（五）项"}
    assert line["at"].endswith("Z")
    page = client.get(f"/report/{file}").text  # the page shows the report as the next extract will make it
    assert 'data-producer="human"' in page and "1 correction(s) recorded" in page


@pytest.mark.parametrize(("body", "error"), [
    ({"key": "t2.licensing.decison", "value": 1}, "is not a canonical key"),
    ({"key": "t3.other_overdue_fee.total", "value": 1}, "not a cell of this report's template"),
    ({"key": "t2.licensing.decisions", "value": -3}, "never negative"),
    ({"key": "t2.licensing.decisions", "value": "abc"}, "valid"),
])
def test_an_invalid_correction_is_refused_and_nothing_is_written(client, extracted, body, error):
    _, out = extracted
    res = client.post(f"/api/correct/{_file(out, GLUED)}", headers={TOKEN_HEADER: TOKEN}, json=body)
    assert res.status_code == 422 and error in res.json()["error"]
    assert not (out / "corrections.jsonl").exists()


def test_a_write_needs_the_page_token_and_its_origin(client, extracted):
    _, out = extracted
    url = f"/api/correct/{_file(out, GLUED)}"
    body = {"key": "t2.licensing.decisions", "value": 106}
    assert client.post(url, json=body).status_code == 403
    assert client.post(url, json=body, headers={TOKEN_HEADER: "guess"}).status_code == 403
    assert client.post("/api/correct/..%2F..%2Fetc%2Fpasswd", json=body,
                       headers={TOKEN_HEADER: TOKEN}).status_code == 404
    assert not (out / "corrections.jsonl").exists()
    guarded = TestClient(create_app(ReviewFolder(out), token=TOKEN, hosts={"localhost:8765"}),
                         base_url="http://localhost:8765")
    assert guarded.post(url, json=body, headers={TOKEN_HEADER: TOKEN, "Origin": "http://evil.example"}).status_code == 403
    assert TestClient(create_app(ReviewFolder(out), token=TOKEN, hosts={"localhost:8765"}),
                      base_url="http://rebound.example:8765").get("/").status_code == 421


def test_a_server_for_other_machines_needs_the_token_to_read(extracted):
    _, out = extracted
    remote = TestClient(create_app(ReviewFolder(out), token=TOKEN, read_token=True))
    assert remote.get("/").status_code == 401
    first = remote.get(f"/?token={TOKEN}", follow_redirects=False)
    assert first.status_code == 303 and "token" not in first.headers["location"]
    assert remote.get("/").status_code == 200  # the cookie now


def test_save_as_gold_writes_the_reviewed_report_verified(client, extracted, tmp_path):
    _, out = extracted
    file = _file(out, GLUED)
    client.post(f"/api/correct/{file}", headers={TOKEN_HEADER: TOKEN}, json={"key": "t2.licensing.decisions",
                                                                             "value": 106})
    res = client.post(f"/api/gold/{file}", headers={TOKEN_HEADER: TOKEN}, json={})
    assert res.status_code == 200
    gold = load_gold(res.json()["path"])
    assert gold["verified"] is True and gold["t2"]["licensing"]["decisions"] == 106
    assert gold["source"].endswith(GLUED) and "1 cell(s) set or confirmed by a person" in gold["notes"]
    again = client.post(f"/api/gold/{file}", headers={TOKEN_HEADER: TOKEN}, json={})
    assert again.status_code == 409 and again.json()["exists"] is True
    assert client.post(f"/api/gold/{file}", headers={TOKEN_HEADER: TOKEN}, json={"overwrite": True}).status_code == 200


def test_everything_from_the_document_is_escaped(tmp_path):
    from xxgk.review.document import marked_text

    html = marked_text('<script>alert("x")</script> 12 & 3', {"t3.granted.total": (28, 30)})
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert '<mark class="src" data-keys="t3.granted.total">12</mark> &amp; 3' in html
