import pytest

from programmes.trackers import http
from tests.programmes.trackers import fake


@pytest.fixture(scope="module")
def tracker_server():
    server = fake.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def tracker(tracker_server, monkeypatch):
    """The fake trackers, emptied; rate-limit pauses are recorded, not slept."""
    tracker_server.reset()
    tracker_server.pauses = []
    monkeypatch.setattr(http, "pause", tracker_server.pauses.append)
    return tracker_server
