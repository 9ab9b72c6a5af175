"""The programmes app's models, one module per concept."""

from .audit import AuditEntry
from .notifications import ChatWebhook, Notification, NotificationPreference
from .people import Person, PersonManager
from .resources import Booking, Resource
from .structure import Programme, ProgrammeRole, Sprint, Team, TeamMembership
from .timezones import timezone_choices, validate_timezone
from .tokens import ApiToken

__all__ = [
    "ApiToken", "AuditEntry", "Booking", "ChatWebhook", "Notification", "NotificationPreference",
    "Person", "PersonManager", "Programme", "ProgrammeRole", "Resource", "Sprint", "Team",
    "TeamMembership", "timezone_choices", "validate_timezone",
]
