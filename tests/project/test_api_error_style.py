"""Every API router has one error style: it raises (`ApiError`, `PermissionDenied`, `Http404`)
and the API root renders the JSON error; no router builds an error response of its own."""

import re
from pathlib import Path

from django.conf import settings

OWN_ERROR = re.compile(r"\bHttpError\b|\bStatus\(\s*[45]\d\d|\bfrom metascrum\.api\b|\b_error\(")


def test_routers_raise_their_errors_and_build_none():
    root = Path(settings.BASE_DIR)
    routers = sorted(path for app in ("programmes", "feedback", "ceremonies")
                     for path in (root / app).rglob("api.py"))
    assert len(routers) >= 5
    found = [f"{path.relative_to(root)}:{number}: {line.strip()}"
             for path in routers
             for number, line in enumerate(path.read_text().splitlines(), 1)
             if OWN_ERROR.search(line)]
    assert found == []
