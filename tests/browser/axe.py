"""axe-core run in the page: no violation of WCAG 2.2 level A and AA."""

from functools import cache
from pathlib import Path

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@cache
def _source() -> str:
    return AXE.read_text()


def violations(page, selector: str = "body") -> list[str]:
    """Each violation of WCAG 2.2 A/AA in `selector`: its rule, impact and elements.

    The script is evaluated through the debugging protocol rather than added as a <script>,
    so the page's Content Security Policy stays as strict as it is for people."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(_source())
    found = page.evaluate(
        """([selector, tags]) => axe.run(selector, {runOnly: {type: "tag", values: tags},
                                                   rules: {"target-size": {enabled: true}}})
             .then(results => results.violations.map(v => ({
               id: v.id, impact: v.impact, help: v.help,
               nodes: v.nodes.map(n => n.target.join(" ") + ": " + n.failureSummary)})))""",
        [selector, WCAG_22_AA])
    return [f"{v['id']} ({v['impact']}): {v['help']}\n  " + "\n  ".join(v["nodes"])
            for v in found]


def assert_accessible(page, selector: str = "body") -> None:
    """Fails with each violation of WCAG 2.2 A/AA in `selector`."""
    found = violations(page, selector)
    assert found == [], "\n".join(found)
