"""Work trackers: connections, team mappings, import, webhooks and reconciliation."""
