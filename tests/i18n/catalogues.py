"""The compiled catalogues the tests read: `make install` builds them; a run of pytest alone
(the .mo files are not committed) compiles the stale ones first, one process at a time."""

from __future__ import annotations

import fcntl
import subprocess
from pathlib import Path

from django.conf import settings
from django.utils.translation import trans_real

LOCALE = Path(settings.LOCALE_PATHS[0])


def compile_stale() -> None:
    with open(LOCALE / ".compiling.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        stale = [po for po in LOCALE.glob("*/LC_MESSAGES/django.po")
                 if not po.with_suffix(".mo").exists()
                 or po.with_suffix(".mo").stat().st_mtime < po.stat().st_mtime]
        for po in stale:
            subprocess.run(["msgfmt", "--check-format", "-o", str(po.with_suffix(".mo")),
                            str(po)], check=True)
    if stale:
        trans_real._translations.clear()  # a language read before now missed the new ones
        trans_real._default = None
