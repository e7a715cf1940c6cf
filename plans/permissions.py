"""Who may do what with the partnership plan: analysts and admins draft it, record
the board's decision on it (as they record the minutes), publish it, ask for its PDF
and record sending it to the police and crime commissioner. Every member reads every
version; the public reads the published one.

Views pass these to `access.require_member`; templates read `may.plans.<verb>`."""

from partnerships.permissions import runs_the_cycle

# Start a version, change a draft, refresh its priorities, record the board's decision.
can_draft_plan = runs_the_cycle
# Publish an approved version and ask for its PDF.
can_publish_plan = runs_the_cycle
# Record that a version was sent to the police and crime commissioner.
can_record_sending = runs_the_cycle
