"""The fault tests use the outbox tests' real worker and webhook receiver (tests/worker.py)."""

from tests.worker import celery_worker, hook_server, webhook_server  # noqa: F401 (fixtures)
