"""Sections other capabilities add to the Integrations page (the work trackers' first)."""

from metascrum.lib.panels import Panels

panels = Panels()
