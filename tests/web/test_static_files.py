"""Static files: content-hashed names in pages, cached for a year; gzip when accepted; ETags for plain names."""

import gzip
import re
from pathlib import Path

import pytest

from lms.headers import HEADERS
from lms.static_files import IMMUTABLE, StaticFiles, hashed_name

STATIC = Path(__file__).resolve().parents[2] / "lms" / "static"


def linked(client, pattern: str) -> str:
    """The address of a static file the sign-in page links to."""
    match = re.search(rf'"(/static/{pattern})"', client.get("/login").get_data(as_text=True))
    assert match, pattern
    return match.group(1)


def test_pages_link_hashed_names_cached_as_immutable(client):
    css = (STATIC / "css" / "app.css").read_bytes()
    address = linked(client, r"css/app\.[0-9a-f]{10}\.css")
    assert linked(client, r"js/menu\.[0-9a-f]{10}\.js") and linked(client, r"icons/icon\.[0-9a-f]{10}\.svg")
    response = client.get(address)
    assert response.status_code == 200 and response.data == css
    assert response.headers["Cache-Control"] == IMMUTABLE
    assert response.mimetype == "text/css" and "Content-Encoding" not in response.headers
    for name, value in HEADERS.items():  # lms.headers still applies
        assert response.headers[name] == value


def test_text_is_gzipped_when_the_browser_accepts_it(client):
    address = linked(client, r"css/app\.[0-9a-f]{10}\.css")
    response = client.get(address, headers={"Accept-Encoding": "gzip, deflate, br"})
    assert response.headers["Content-Encoding"] == "gzip" and "Accept-Encoding" in response.headers["Vary"]
    assert gzip.decompress(response.data) == (STATIC / "css" / "app.css").read_bytes()
    assert len(response.data) < len((STATIC / "css" / "app.css").read_bytes()) / 3


def test_a_plain_name_is_revalidated_by_its_etag(client):
    response = client.get("/static/js/exam.js")
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-cache"
    etag = response.headers["ETag"]
    again = client.get("/static/js/exam.js", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""
    changed = client.get("/static/js/exam.js", headers={"If-None-Match": '"0000000000"'})
    assert changed.status_code == 200 and changed.data == (STATIC / "js" / "exam.js").read_bytes()


@pytest.mark.parametrize("path", ["/static/css/app.0000000000.css", "/static/nothing.css", "/static/../__init__.py"])
def test_unknown_names_are_not_found(client, path):
    assert client.get(path).status_code == 404


def test_the_favicon_and_the_app_icons_are_there(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200 and response.data.startswith(b"\0\0\1\0")  # an ICO file
    assert response.headers["Cache-Control"] == "no-cache"
    for size in (192, 512):
        icon = client.get(f"/static/icons/icon-{size}.png")
        assert icon.status_code == 200 and icon.mimetype == "image/png"
        assert (
            "Content-Encoding"
            not in client.get(f"/static/icons/icon-{size}.png", headers={"Accept-Encoding": "gzip"}).headers
        )


@pytest.mark.parametrize(
    ("name", "hashed"),
    [("css/app.css", "css/app.abc.css"), ("icons/favicon.ico", "icons/favicon.abc.ico"), ("a.b/c", "a.b/c.abc")],
)
def test_hashed_names(name, hashed):
    assert hashed_name(name, "abc") == hashed


def test_every_file_is_served_by_both_names():
    files = StaticFiles(STATIC)
    assert files.hashed["css/app.css"] in files.files and "css/app.css" in files.files
    assert set(files.hashed) == {path.relative_to(STATIC).as_posix() for path in STATIC.rglob("*") if path.is_file()}
