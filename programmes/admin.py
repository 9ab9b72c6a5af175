from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.db import models

from programmes import services
from programmes.models import (
    AuditEntry,
    ChatWebhook,
    Notification,
    NotificationPreference,
    Person,
    Programme,
    ProgrammeRole,
    Sprint,
    Team,
    TeamMembership,
    WebhookSubscription,
)


@admin.register(Person)
class PersonAdmin(UserAdmin):
    ordering = ["email"]
    list_display = ["email", "name", "is_active", "is_staff", "date_joined"]
    search_fields = ["email", "name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Profile", {"fields": ["name", "timezone"]}),
        ("Permissions", {"fields": ["is_active", "is_staff", "is_superuser", "groups",
                                    "user_permissions"]}),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})]


class ProgrammeRoleInline(admin.TabularInline):
    model = ProgrammeRole
    autocomplete_fields = ["person"]
    extra = 0


class TeamInline(admin.TabularInline):
    model = Team
    extra = 0
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "parent", "timezone", "sprint_length_days"]
    search_fields = ["name", "slug"]
    readonly_fields = ["path"]
    inlines = [ProgrammeRoleInline, TeamInline]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        services.programme_repath(programme=obj)


class TeamMembershipInline(admin.TabularInline):
    model = TeamMembership
    autocomplete_fields = ["person"]
    extra = 0


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["name", "programme"]
    list_filter = ["programme"]
    search_fields = ["name"]
    inlines = [TeamMembershipInline]


@admin.register(Sprint)
class SprintAdmin(admin.ModelAdmin):
    list_display = ["programme", "number", "start", "end", "goal"]
    list_filter = ["programme"]


admin.site.register(ProgrammeRole)
admin.site.register(TeamMembership)


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["created_at", "actor", "programme", "summary"]
    list_filter = ["programme", "action"]
    search_fields = ["summary"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
@admin.register(ChatWebhook)
class ChatWebhookAdmin(admin.ModelAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["name", "programme", "team", "flavour", "failing_since"]
    list_filter = ["flavour", "programme"]
    search_fields = ["name", "url"]


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):
    list_display = ["person", "email_enabled", "chat_enabled", "quiet_start", "quiet_end",
                    "email_failing_since"]
    autocomplete_fields = ["person"]


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["kind", "recipient", "channel", "state", "due_at", "attempts", "sent_at"]
    list_filter = ["state", "channel", "kind"]
    search_fields = ["recipient__email", "object_ref", "subject"]
    raw_id_fields = ["recipient", "programme", "webhook", "subscription"]
    date_hierarchy = "due_at"
    show_full_result_count = False


@admin.register(WebhookSubscription)
class WebhookSubscriptionAdmin(admin.ModelAdmin):
    """Read-mostly: the MSM manages subscriptions on the Integrations page; secrets stay hidden."""

    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["name", "programme", "active", "failing_since", "created_at"]
    list_filter = ["active"]
    search_fields = ["name", "programme__name"]
    raw_id_fields = ["programme", "created_by"]
    exclude = ["secret", "previous_secret"]

    def has_add_permission(self, request):
        return False  # a subscription needs a generated secret: use the Integrations page
