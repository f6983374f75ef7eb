"""axe-core in the page: WCAG 2.1 AA checks without a network.

The engine is the `axe.min.js` bundled by the pinned PyPI package axe-playwright-python
(requirements-dev.txt), so `make test` installs it like every other test tool and the
browser never fetches it. The tests inject the file and call `axe.run` themselves.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import axe_playwright_python
from playwright.sync_api import Page

AXE_SCRIPT = Path(axe_playwright_python.__file__).with_name("axe.min.js")
RULES = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
"""WCAG 2.1 A and AA, and axe's best practices (heading order, one main landmark …)."""
RUN_AXE = """async (tags) => {
    const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
    return result.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        nodes: v.nodes.slice(0, 5).map((n) => ({
            target: n.target.join(' '),
            summary: n.failureSummary,
        })),
    }));
}"""


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """The violations of :data:`RULES` axe-core finds in the page as it is now."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_SCRIPT))
    return page.evaluate(RUN_AXE, RULES)


def describe(violations: list[dict[str, Any]]) -> str:
    """One line per violation and node, for an assertion message."""
    return "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} – {n['target']}: {n['summary']}"
        for v in violations
        for n in v["nodes"]
    )
