"""Pickers that scale: people and teams chosen by searching, never from a list of everyone.

`fields` (the form fields), `kinds` (search, ranking, exact names), `sources` (who may pick
what, registered by each app's `pickers.py`), `views` (the search endpoint).
"""
