"""Scoring: risk matrices, blind scoring rounds, moderation and the ranking of the long list."""
