"""The fault tests use the outbox tests' real worker and webhook receiver (tests/worker.py)."""

from tests.worker import (  # noqa: F401 (fixtures)
    celery_worker,
    hook_server,
    only_test_rules,
    play_beat,
    start_celery_worker,
    webhook_server,
)
