"""Consultation: rationale documents, public and partner surveys, responses, the emerging-issues log."""
