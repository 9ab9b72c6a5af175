"""Helpers for the action-item pages: an action recorded in a meeting of the cast."""

from datetime import date

from django.urls import reverse

from ceremonies.meetings.record import action_record


def record(meeting, owner, text="Book the SIT slots", due=None):
    return action_record(meeting=meeting, by=owner, text=text, owner=owner, due=due)


def change_url(action, change):
    return reverse(f"ceremonies:action_{change}",
                   kwargs={"slug": action.meeting.programme.slug, "action_id": action.pk})


DUE = date(2026, 11, 26)
