from django.contrib import admin

from feedback.models import FeedbackAddressee, FeedbackEvent, FeedbackItem, FeedbackSettings


class AddresseeInline(admin.TabularInline):
    model = FeedbackAddressee
    extra = 0
    raw_id_fields = ["team", "acknowledged_by"]


class EventInline(admin.TabularInline):
    model = FeedbackEvent
    extra = 0
    raw_id_fields = ["actor"]


@admin.register(FeedbackItem)
class FeedbackItemAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "direction", "level", "state", "programme", "raised_at"]
    list_filter = ["kind", "direction", "level", "state"]
    search_fields = ["title"]
    raw_id_fields = ["programme", "holder_programme", "origin_team", "raised_by", "owner"]
    inlines = [AddresseeInline, EventInline]


admin.site.register(FeedbackSettings)
