"""Markdown to safe HTML: rendered on the server, then sanitised, so content can never inject script."""

import markdown
import nh3

EXTENSIONS = ["tables", "sane_lists", "fenced_code"]


def render(text: str) -> str:
    """Render Markdown and keep only harmless HTML (nh3's allow-list: no script, style, forms or events)."""
    html = markdown.markdown(text, extensions=EXTENSIONS, output_format="html")
    return nh3.clean(html, link_rel="noopener noreferrer", url_schemes={"http", "https", "mailto"})
