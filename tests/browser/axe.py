"""axe-core (the npm package ``make test`` installs) run in the page: its serious and critical WCAG violations.

The script is given to the page through the DevTools protocol (``context.add_init_script`` before every
document's own scripts, or ``page.evaluate``), which the Content-Security-Policy does not govern;
``add_script_tag`` would insert an inline script, which the policy blocks, as it should.
"""

import functools
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
AXE = Path(os.environ.get("LMS_AXE", ROOT / ".venv" / "axe" / "node_modules" / "axe-core" / "axe.min.js"))
#: The sizes every page is checked at: a phone and a laptop.
SIZES = ({"width": 1366, "height": 900}, {"width": 390, "height": 740})
#: Resolves after the next frame is drawn: resize events are handled before it.
NEXT_FRAME = "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"
#: The default rules (WCAG 2.0-2.2 A/AA and best practices); a serious or critical violation fails.
RUN = """async () => {
  const results = await axe.run(document, {resultTypes: ["violations"]});
  return results.violations
    .filter(v => v.impact === "serious" || v.impact === "critical")
    .map(v => ({id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map(n => n.target.join(" "))}));
}"""


@functools.cache
def _read(path: Path) -> str | None:
    return path.read_text(encoding="utf-8") if path.is_file() else None


def axe_source() -> str | None:
    """axe.min.js, or None when ``make test`` could not install it (no npm)."""
    return _read(AXE)


def required_axe_source() -> str:
    """axe.min.js, or a skip that says how to get it."""
    source = axe_source()
    if source is None:
        pytest.skip(f"axe-core not found at {AXE}: `make test` installs it with npm (apt-get install npm)")
    return source


def violations(page, source: str) -> list[str]:
    """Each serious or critical violation on the page as it is now: rule, impact, page, size, language, elements."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(source)  # a context made without ``add_init_script(source)``
    size = page.viewport_size
    where = f"{page.url} at {size['width']} px, lang={page.locator('html').get_attribute('lang')}"
    return [
        f"{v['impact']} {v['id']} ({v['help']}) on {where}: {', '.join(v['targets'][:5])}" for v in page.evaluate(RUN)
    ]


def at_each_size(page, source: str) -> list[str]:
    """The violations at 1366 px and at 390 px (the page is resized, not reloaded)."""
    found = []
    for size in SIZES if page.viewport_size["width"] >= 1000 else reversed(SIZES):
        page.set_viewport_size(size)
        page.evaluate(NEXT_FRAME)  # the page's resize handlers have run (js/scroll.js)
        found += violations(page, source)
    return found
