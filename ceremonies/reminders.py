"""The ceremonies' reminder rules, which live next to the code they remind of: the registry
(programmes/notifications/registry.py) discovers this module, and importing them here
registers them."""

from ceremonies.actions import reminders as action_reminders  # noqa: F401 (registers)
from ceremonies.brownbag import reminders as brownbag_reminders  # noqa: F401 (registers)
from ceremonies.chat import reminders as chat_reminders  # noqa: F401 (registers)
from ceremonies.dependency_links import reminders as dependency_link_reminders  # noqa: F401
from ceremonies.meetings import reminders as meeting_reminders  # noqa: F401 (registers)
from ceremonies.steering import reminders as steering_reminders  # noqa: F401 (registers)
from ceremonies.updates import reminders as update_reminders  # noqa: F401 (registers)
