"""A page of one app loads no template tags of another: the view passes what it shows.

A tag that queries another app hides a dependency the import contracts cannot see; the shared
page frame (templates/base.html and includes/) is the one exception, and loads only the inbox
badge.
"""

import re
from pathlib import Path

from django.conf import settings
from django.template.backends.django import get_installed_libraries

LOAD = re.compile(r"{%\s*load\s+([\w\s]+?)\s*%}")
APPS = ("programmes", "feedback", "ceremonies")


def _libraries_by_app() -> dict[str, str]:
    """`{"steering": "ceremonies", …}` for the project's own tag libraries."""
    return {name: module.split(".")[0]
            for name, module in get_installed_libraries().items()
            if module.split(".")[0] in APPS}


def _loads(template: Path) -> set[str]:
    return {name for group in LOAD.findall(template.read_text()) for name in group.split()}


def test_each_app_s_templates_load_only_its_own_tags_or_django_s():
    owners = _libraries_by_app()
    assert {"steering", "durations", "feedback"} <= owners.keys()  # the scan sees them
    root = Path(settings.BASE_DIR) / "templates"
    crossings = []
    for app in APPS:
        for template in (root / app).rglob("*.*"):
            crossings += [(str(template.relative_to(root)), name) for name in _loads(template)
                          if owners.get(name, app) != app]
    assert crossings == []


INCLUDE = re.compile(r"""{%\s*include\s+["']([^"']+)["']""")


def test_a_partial_one_app_borrows_from_another_loads_none_of_the_lender_s_tags():
    """The room shows programmes' resource conflicts: the room's view computes them."""
    owners = _libraries_by_app()
    root = Path(settings.BASE_DIR) / "templates"
    borrowed = {(app, name) for app in APPS for template in (root / app).rglob("*.*")
                for name in INCLUDE.findall(template.read_text())
                if name.split("/")[0] in APPS and name.split("/")[0] != app}
    assert ("ceremonies", "programmes/resources/_room_conflicts.html") in borrowed
    tagged = [(app, name) for app, name in sorted(borrowed)
              if any(library in owners for library in _loads(root / name))]
    assert tagged == []
