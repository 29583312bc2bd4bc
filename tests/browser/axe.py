"""axe-core from npm (package.json; `npm ci` in .ci/run and `make test`), run in the page by the browser tests.

The script goes in through the DevTools protocol (page.evaluate), so the page's Content Security Policy, which
rightly refuses an injected script, does not stop it. Only the WCAG 2.1 A and AA rules run, as the accessibility
statement (shop/accessibility.py) says."""

import json
from functools import cache
from pathlib import Path

import pytest

from shop.accessibility import AXE_TAGS, AXE_VERSION

AXE_PATH = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"

# Elements wider than the window, outside a box made to scroll sideways.
OVERFLOW = (
    "[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > window.innerWidth + 1"
    " && getComputedStyle(e).visibility !== 'hidden'"
    " && !(e.parentElement && e.parentElement.closest('.table-responsive, .table-responsive-always, .sr-only')))"
    ".map(e => e.tagName + '.' + e.className + '#' + e.id).slice(0, 8)"
)


@cache
def axe_source() -> str:
    if not AXE_PATH.exists():
        pytest.fail(f"axe-core is missing at {AXE_PATH}: run `npm ci` (make test does it).")
    source = AXE_PATH.read_text(encoding="utf-8")
    if f"axe v{AXE_VERSION}" not in source[:400]:
        pytest.fail(f"axe-core {AXE_VERSION} expected (shop/accessibility.py): run `npm ci`.")
    return source


def axe_serious(page) -> list[str]:
    """The page's serious and critical WCAG 2.1 AA violations, one line each with up to six of its nodes."""
    page.evaluate(axe_source())
    options = json.dumps(
        {"runOnly": {"type": "tag", "values": list(AXE_TAGS)}, "resultTypes": ["violations"]}
    )
    return page.evaluate(
        f"async () => (await axe.run(document, {options})).violations"
        ".filter(v => v.impact === 'serious' || v.impact === 'critical')"
        ".map(v => v.id + ': ' + v.nodes.slice(0, 6).map(n => n.target.join(' ') + ' ' + (n.any[0] || {}).message)"
        ".join(' | '))"
    )


def overflowing(page) -> list[str]:
    """Elements that stick out of the window sideways (empty when the page does not scroll sideways)."""
    wider = page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
    return page.evaluate(OVERFLOW) if wider else []
