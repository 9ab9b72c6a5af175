"""The programmes app's models, one module per concept."""

from programmes.models.audit import AuditEntry
from programmes.models.chat import ChatApp, ChatIdentity, ChatLinkToken, ChatPost, ChatReceipt
from programmes.models.identity import GroupRoleMapping
from programmes.models.notifications import ChatWebhook, Notification, NotificationPreference
from programmes.models.people import ColourScheme, Person, PersonManager
from programmes.models.resources import Booking, Resource
from programmes.models.structure import Programme, ProgrammeRole, Sprint, Team, TeamMembership
from programmes.models.timezones import timezone_choices, validate_timezone
from programmes.models.tokens import ApiToken, IdempotentRequest
from programmes.models.trackers import (
    ItemState,
    TrackerConnection,
    TrackerDelivery,
    TrackerItem,
    TrackerKind,
    TrackerMapping,
    TrackerSprint,
    TrackerSprintItem,
)
from programmes.models.webhooks import WebhookEvent, WebhookSubscription

__all__ = [
    "ApiToken", "AuditEntry", "Booking", "ChatApp", "ChatIdentity", "ChatLinkToken",
    "ChatPost", "ChatReceipt", "ChatWebhook", "ColourScheme", "GroupRoleMapping",
    "IdempotentRequest", "Notification", "NotificationPreference", "Person", "PersonManager",
    "Programme", "ProgrammeRole", "Resource", "Sprint", "Team", "TeamMembership",
    "WebhookEvent", "WebhookSubscription",
    "ItemState", "TrackerConnection", "TrackerDelivery", "TrackerItem", "TrackerKind",
    "TrackerMapping", "TrackerSprint", "TrackerSprintItem",
    "timezone_choices", "validate_timezone",
]
