"""The stylesheet parses: every block is closed (a lost brace silently drops every rule after it)."""

from pathlib import Path

CSS = Path(__file__).resolve().parents[1] / "lms" / "static" / "css" / "app.css"


def test_every_css_block_is_closed():
    depth = 0
    for number, line in enumerate(CSS.read_text(encoding="utf-8").splitlines(), 1):
        depth += line.count("{") - line.count("}")
        assert depth >= 0, f"app.css:{number}: a closing brace too many"
    assert depth == 0, "app.css: a block is never closed"
