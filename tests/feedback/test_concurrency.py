"""Two people acting on the same item at once: exactly one wins, the other gets a message."""

import threading

import pytest
from django.db import connection

from feedback import services
from feedback.models import FeedbackEvent

from .helpers import raise_impediment


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs row locks")
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_closes_record_one_close(cast):
    item = raise_impediment(cast)
    services.feedback_answer(item=item, by=cast.msm, text="done")
    barrier = threading.Barrier(2)
    outcomes = []

    def close(person):
        from django.db import connections
        try:
            barrier.wait()
            services.feedback_close(item=item, by=person)
            outcomes.append("closed")
        except services.FeedbackError as refused:
            outcomes.append(str(refused))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=close, args=(p,))
               for p in (cast.scrum_master, cast.scrum_master)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert sorted(outcomes) == ["This loop is already closed.", "closed"]
    assert FeedbackEvent.objects.filter(item=item, kind="closed").count() == 1
