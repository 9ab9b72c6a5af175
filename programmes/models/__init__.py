"""The programmes app's models, one module per concept."""

from .audit import AuditEntry
from .notifications import ChatWebhook, Notification, NotificationPreference
from .people import Person, PersonManager
from .resources import Booking, Resource
from .structure import Programme, ProgrammeRole, Sprint, Team, TeamMembership
from .timezones import timezone_choices, validate_timezone
from .tokens import ApiToken
from .webhooks import WebhookEvent, WebhookSubscription

__all__ = [
    "ApiToken", "AuditEntry", "Booking", "ChatWebhook", "Notification", "NotificationPreference",
    "Person", "PersonManager", "Programme", "ProgrammeRole", "Resource", "Sprint", "Team",
    "TeamMembership", "WebhookEvent", "WebhookSubscription", "timezone_choices",
    "validate_timezone",
]
