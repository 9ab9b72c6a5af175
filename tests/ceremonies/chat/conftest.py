import pytest

from ceremonies.chat import tasks
from tests.ceremonies.chat import start_platform


@pytest.fixture(scope="session")
def _platform_server():
    server = start_platform()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def platform(_platform_server):
    """The local stand-in for Slack and Mattermost, emptied for this test."""
    _platform_server.clear()
    return _platform_server


@pytest.fixture(autouse=True)
def _chat_tasks_run_here(request, monkeypatch):
    """Without a worker, what the views queue runs at once in this process."""
    if "celery_worker" in request.keywords:
        return
    for task in (tasks.chat_send_link, tasks.chat_respond, tasks.chat_broadcast):
        monkeypatch.setattr(task, "delay", lambda *args, task=task: task.apply(args))
