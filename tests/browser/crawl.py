"""Walk every page a person can reach by following links, and measure each one's width."""

from collections import Counter, deque
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.urls import Resolver404, resolve

# Not pages: sign-out, downloads, the JSON API, Django's admin, the live room's fragments.
SKIPPED_PREFIXES = ("/admin/", "/api/", "/static/", "/accounts/logout/")
SKIPPED_SUFFIXES = (".ics", ".csv", ".json", ".txt", ".pdf")
SKIPPED_NAMES = {"ceremonies:live"}

LINKS = """anchors => anchors
  .filter(a => !a.hasAttribute("download") && a.origin === location.origin)
  .map(a => a.pathname + a.search)"""

# The page's own width, and the element that sticks out furthest, unless a box that scrolls or
# clips (overflow other than visible) holds it: that box is what a person scrolls, not the page.
MEASURE = """() => {
  const viewport = window.innerWidth;
  const width = document.documentElement.scrollWidth;
  if (width <= viewport) return {width, widest: null};
  const held = el => {
    for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
      if (getComputedStyle(up).overflowX !== "visible") return true;
    }
    return false;
  };
  const name = el => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") +
    [...el.classList].map(c => "." + c).join("");
  let widest = null, right = viewport;
  for (const el of document.body.querySelectorAll("*")) {
    const box = el.getBoundingClientRect();
    if (box.right > right + 0.5 && !held(el)) { widest = el; right = box.right; }
  }
  if (!widest) return {width, widest: "?"};
  const path = [];
  for (let el = widest; el && el !== document.body && path.length < 4; el = el.parentElement) {
    path.unshift(name(el));
  }
  return {width, widest: path.join(" > ") + " (right edge " + Math.round(right) + " px)"};
}"""


@dataclass(frozen=True)
class Visit:
    url: str
    name: str
    status: int


def url_name(path: str) -> str | None:
    if path.startswith(SKIPPED_PREFIXES) or path.split("?")[0].endswith(SKIPPED_SUFFIXES):
        return None
    try:
        name = resolve(urlsplit(path).path).view_name
    except Resolver404:
        return "(no route)"
    return None if name in SKIPPED_NAMES else name


def crawl(page, start: str, *, per_name: int = 2):
    """Visit `start` and every page linked from a visited page, breadth first, at most
    `per_name` URLs per URL name; yield each Visit once the page has loaded."""
    queue, queued, visits = deque([start]), {start}, Counter()
    while queue:
        url = queue.popleft()
        name = url_name(url)
        if name is None or visits[name] >= per_name:
            continue
        visits[name] += 1
        response = page.goto(url)
        yield Visit(url=url, name=name, status=response.status if response else 0)
        for link in page.eval_on_selector_all("a[href]", LINKS):
            if link not in queued:
                queued.add(link)
                queue.append(link)


def too_wide(page) -> str | None:
    """Why the page is wider than the viewport, or None when it fits."""
    measured = page.evaluate(MEASURE)
    if measured["widest"] is None:
        return None
    return f"{measured['width']} px wide; widest: {measured['widest']}"
