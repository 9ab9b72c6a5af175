"""Speaking to one person in their language, away from their request (emails, reminders).

A page is in the language of its request (programmes/middleware.py); whatever is written *to*
a person outside that request (an email, a reminder, a chat message) is written inside
`speaking_to(person)`: their chosen language, English if they chose none (the browser that
would have chosen for them is not there).
"""

from contextlib import contextmanager

from django.conf import settings
from django.utils import translation


def language_of(person) -> str:
    return getattr(person, "language", "") or settings.LANGUAGE_CODE


@contextmanager
def speaking_to(person):
    with translation.override(language_of(person)):
        yield
