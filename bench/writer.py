"""A Scrum Master posting their team's daily update through the API at a steady pace, in the
background of a page's wrk run: every write gives the programme tree a new data version, so
the pages cached under it are rebuilt as they would be on a busy morning."""

from __future__ import annotations

import json
import threading
import urllib.error
import urllib.request


class UpdateWriter(threading.Thread):
    def __init__(self, base_url: str, client: dict, per_second: float):
        super().__init__(daemon=True)
        self.url = base_url + client["path"]
        self.headers = {"Authorization": client["authorization"],
                        "Content-Type": "application/json"}
        self.interval = 1 / per_second
        self.stopping = threading.Event()
        self.writes = self.errors = 0
        self.version: int | None = None

    def run(self) -> None:
        while not self.stopping.wait(self.interval):
            try:
                self.version = self._write()
                self.writes += 1
            except (OSError, ValueError, KeyError):
                self.errors += 1
                self.version = None  # read the slot again

    def stop(self) -> dict:
        self.stopping.set()
        self.join(timeout=10)
        return {"writes": self.writes, "write_errors": self.errors}

    def _write(self) -> int:
        if self.version is None:
            slot = self._call("GET")
            self.version = slot["update"]["version"] if slot["update"] else 0
        body = {"health": "amber", "health_reason": "Review is slow this week.",
                "done": f"Story {self.writes}", "next": "Review"}
        if self.version == 0:
            return self._call("POST", body)["version"]
        return self._call("PUT", {**body, "version": self.version})["version"]

    def _call(self, method: str, body: dict | None = None) -> dict:
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(self.url, data=data, method=method,
                                         headers=self.headers)
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.loads(response.read())
