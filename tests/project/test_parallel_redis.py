"""Parallel test processes (pytest-xdist) each flush a Redis database of their own."""

import pytest

from tests.worker import own_redis_db


def test_a_single_process_uses_the_configured_database():
    assert own_redis_db("redis://127.0.0.1:6379/15", "") == "redis://127.0.0.1:6379/15"


def test_each_further_process_takes_the_database_below():
    urls = [own_redis_db("redis://127.0.0.1:6379/15", f"gw{n}") for n in range(3)]
    assert urls == ["redis://127.0.0.1:6379/15", "redis://127.0.0.1:6379/14",
                    "redis://127.0.0.1:6379/13"]


def test_running_out_of_databases_is_said_not_wrapped_around():
    with pytest.raises(RuntimeError, match="too few Redis databases"):
        own_redis_db("redis://127.0.0.1:6379/1", "gw2")
