"""axe-core run in the page: no violation of WCAG 2.2 level A and AA."""

import re
from collections import Counter
from functools import cache
from pathlib import Path

from playwright.sync_api import Error as PlaywrightError

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
    # One run at a time in a page: the hook in conftest.py checks each page as it loads, perhaps
    # while the test asks for its own run.
    found = page.evaluate(
        """([selector, tags]) => (window.axeQueue = (window.axeQueue || Promise.resolve())
           .catch(() => null)
           .then(() => axe.run(selector, {runOnly: {type: "tag", values: tags},
                                          rules: {"target-size": {enabled: true}}})))
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


def note_violations(page, inaccessible, *, from_the_top=False, origin=""):
    """axe-core's findings on the page as it is now; none when it is already gone or going.

    `from_the_top`: scrolled back to the top first, as the page loads, the header in sight.
    `origin`: only our own pages are checked, not an identity provider's sign-in form."""
    if page.is_closed():
        return
    try:
        url = page.url
        if not url.startswith(origin):
            return
        if from_the_top:
            page.evaluate("window.scrollTo(0, 0)")
        found = violations(page)
        if page.url.startswith(origin):  # still ours: not moved on to the provider meanwhile
            inaccessible += [f"{url}: {finding}" for finding in found]
    except PlaywrightError:  # the test moved on to another page meanwhile: that one is checked
        pass


RULE = re.compile(r"([a-z0-9-]+) \((?:minor|moderate|serious|critical)\): ")


def summary(found: list[str]) -> str:
    """How many elements break which rule, over the violations `violations` listed."""
    nodes = Counter()
    for violation in found:
        nodes[RULE.search(violation).group(1)] += violation.count("\n  ")
    return f"{sum(nodes.values())} elements in {len(found)} violations" + "".join(
        f"; {rule} {n}" for rule, n in nodes.most_common())
