"""Consultation: rationale documents, public and partner surveys, responses, and the
emerging-issues log."""
