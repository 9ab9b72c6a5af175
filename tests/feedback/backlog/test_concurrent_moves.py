"""Two MSMs move items of the same backlog at the same moment: both moves happen, one after
the other, and every item keeps exactly one position, 1 to n."""

import threading

import pytest
from django.db import connection

from feedback.backlog import services
from tests.feedback.backlog import order, raised


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs row locks")
@pytest.mark.django_db(transaction=True)
def test_two_moves_at_once_lose_no_position_and_duplicate_none(cast):
    items = raised(cast, "A", "B", "C", "D", "E")
    barrier = threading.Barrier(2)
    errors = []

    def move(item_id, direction, person):
        from django.db import connections
        try:
            barrier.wait()
            services.backlog_move(programme=cast.programme, item_id=item_id, by=person,
                                  direction=direction)
        except Exception as failed:  # noqa: BLE001 - reported below
            errors.append(failed)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=move, args=(items[4].pk, "up", cast.msm)),
               threading.Thread(target=move, args=(items[0].pk, "down", cast.parent_msm))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    positions = [p for _, p in order(cast.programme)]
    assert positions == [1, 2, 3, 4, 5]
    assert [t for t, _ in order(cast.programme)] == ["B", "A", "C", "E", "D"]
