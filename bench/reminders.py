"""Benchmark (not a test): record 10,000 due reminders, enqueue them, deliver them.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/metascrum_outbox_bench \
    REDIS_URL=redis://127.0.0.1:6379/13 python bench/reminders.py [--reminders 10000]

It migrates the database named by DATABASE_URL (a throwaway one: it is emptied first), makes a
programme with 1,000 people (a tenth with quiet hours later in their day, a tenth with chat
off), registers a rule that makes every reminder due now, and times each stage of the outbox:

1. the due-scan's recording (10,000 rows, bulk `ON CONFLICT DO NOTHING`);
2. the same scan again (everything already recorded: nothing new);
3. enqueueing the due rows on the broker (Redis when REDIS_URL is set; the db is flushed after);
4. delivering every row in this process through the claim → send → mark-sent path, with
   Django's locmem email backend, so the figure is the outbox's own cost, not a mail server's.
"""

import argparse
import os
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "metascrum.settings")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/metascrum_outbox_bench")
os.environ["EMAIL_URL"] = "memorymail://"
os.environ["CONN_MAX_AGE"] = "0"

import django  # noqa: E402

django.setup()

from django.core import mail  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from programmes.models import Notification, NotificationPreference, Person, Programme  # noqa: E402
from programmes.notifications import outbox, registry  # noqa: E402


def timed(label, func):
    start = time.perf_counter()
    result = func()
    elapsed = time.perf_counter() - start
    print(f"{label:<58} {elapsed:8.2f} s   -> {result}")
    return elapsed, result


def setup(people_count: int, now: datetime) -> tuple[Programme, list[Person]]:
    call_command("migrate", verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    programme = Programme.objects.create(name="Bench", slug="bench", path="")
    Programme.objects.filter(pk=programme.pk).update(path=f"/{programme.pk}/")
    people = Person.objects.bulk_create(
        Person(email=f"p{i}@bench.example", name=f"Person {i}", password="!",
               timezone=["Europe/London", "America/New_York", "Asia/Tokyo"][i % 3])
        for i in range(people_count))
    prefs = []
    for i, person in enumerate(people):
        if i % 10 == 1:  # quiet hours that do not hold back today's bench reminders
            local = now.astimezone(outbox.person_tzinfo(person))
            prefs.append(NotificationPreference(
                person=person, quiet_start=(local + timedelta(hours=3)).time(),
                quiet_end=(local + timedelta(hours=5)).time()))
        elif i % 10 == 2:
            prefs.append(NotificationPreference(person=person, chat_enabled=False))
    NotificationPreference.objects.bulk_create(prefs)
    return programme, people


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reminders", type=int, default=10_000)
    parser.add_argument("--people", type=int, default=1_000)
    args = parser.parse_args()
    per_person = args.reminders // args.people
    print(f"database: {connection.settings_dict['NAME']} ({connection.vendor}); "
          f"broker: {os.environ.get('REDIS_URL') or 'none (enqueue stage skipped)'}")
    # The real clock, so that the worker in stage 6 finds every row due.
    now = timezone.now()
    programme, people = setup(args.people, now)

    @registry.reminder_rule("bench", label="Benchmark")
    def bench(now):
        for person in people:
            for n in range(per_person):
                yield registry.Reminder(
                    recipient=person, programme=programme, object_ref=f"bench:{n}",
                    occurrence="2026-11-24", due_at=now - timedelta(minutes=1),
                    subject=f"Bench reminder {n}", text="Post your update before 09:30.",
                    link="/p/bench/")

    for rule in registry.rules():
        if rule.kind != "bench":
            registry.unregister(rule.kind)

    total = args.people * per_person
    record, _ = timed(f"1. due-scan records {total:,} reminders",
                      lambda: registry.reminders_record_due(now=now))
    rows = Notification.objects.count()
    timed("2. due-scan again (all recorded already)",
          lambda: registry.reminders_record_due(now=now))
    assert Notification.objects.count() == rows, "the second scan added rows"

    if os.environ.get("REDIS_URL"):
        import redis

        client = redis.Redis.from_url(os.environ["REDIS_URL"])
        client.flushdb()
        timed(f"3. enqueue {rows:,} due deliveries on Redis",
              lambda: outbox.notifications_enqueue_due(now=now))
        client.flushdb()  # our own db number only
        Notification.objects.update(enqueued_at=None)

    ids = list(Notification.objects.filter(state="pending", due_at__lte=now)
               .order_by("due_at").values_list("pk", flat=True))
    mail.outbox = []

    def deliver_all():
        outcomes = {}
        for pk in ids:
            try:
                outcome = outbox.notification_deliver(notification_id=pk, now=now)
            except Exception as error:  # chat rows: no webhook in the bench
                outcome = type(error).__name__
            outcomes[outcome] = outcomes.get(outcome, 0) + 1
        return outcomes

    deliver, outcomes = timed(f"4. deliver {len(ids):,} rows (claim, send, mark sent)",
                              deliver_all)
    sent = Notification.objects.filter(state="sent").count()
    assert sent == len(mail.outbox) == len(ids), (sent, len(mail.outbox), len(ids))
    again, _ = timed("5. deliver them all again (every claim refused)", deliver_all)
    assert len(mail.outbox) == sent, "something was sent twice"
    summary = (f"\nrows: {rows:,}; sent: {sent:,} emails, none twice; "
               f"record {rows / record:,.0f} rows/s, deliver {sent / deliver:,.0f} rows/s")
    if os.environ.get("REDIS_URL"):
        worker_elapsed = through_a_worker(ids, now)
        summary += f"; through the worker {len(ids) / worker_elapsed:,.0f} rows/s"
    print(summary)


def through_a_worker(ids, now) -> float:
    """6. The same rows, pending again, enqueued on Redis and delivered by a real worker."""
    import subprocess

    import redis

    Notification.objects.update(state="pending", sent_at=None, attempts=0, claimed_at=None,
                                enqueued_at=None)
    redis.Redis.from_url(os.environ["REDIS_URL"]).flushdb()
    root = Path(__file__).resolve().parents[1]
    env = {**os.environ, "EMAIL_URL": "memorymail://", "LOG_LEVEL": "WARNING"}
    worker = subprocess.Popen(
        [str(Path(sys.executable).parent / "celery"), "-A", "metascrum", "worker",
         "--concurrency=2", "--loglevel=WARNING", "--without-gossip", "--without-mingle",
         "--without-heartbeat", "-n", "outbox-bench@127.0.0.1"],
        cwd=root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        time.sleep(5)  # let the worker start before the clock does
        start = time.perf_counter()
        outbox.notifications_enqueue(ids, now=now)
        while Notification.objects.filter(state="sent").count() < len(ids):
            if time.perf_counter() - start > 600:
                raise SystemExit("the worker did not deliver everything in 10 minutes")
            time.sleep(0.5)
        elapsed = time.perf_counter() - start
        print(f"{'6. enqueue + deliver by a Celery worker (2 processes)':<58} {elapsed:8.2f} s"
              f"   -> {Notification.objects.filter(state='sent').count():,} sent")
        return elapsed
    finally:
        worker.terminate()
        worker.wait(timeout=30)
        redis.Redis.from_url(os.environ["REDIS_URL"]).flushdb()


if __name__ == "__main__":
    main()
