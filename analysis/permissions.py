"""Who may do what in analysis: role rules (`can_<verb>(membership)`) read by views
through `access.require_member` and by templates as `may.analysis.<verb>`."""

from partnerships.permissions import anyone, runs_the_cycle

# Everyone in the partnership reads the datasets and their analysis.
can_view = anyone
# Importing data (police and partner files) is the analyst's job.
can_upload = runs_the_cycle
# Linking long-list issues to crime types drives the suggested scores.
can_link_crime_types = runs_the_cycle
# Undoing an upload or removing a month: whoever may import may take it back out.
can_remove_data = can_upload

# The data sources register and the information-sharing agreements: everyone reads
# them; those who run the cycle keep them.
can_view_sources = anyone
can_manage_sources = runs_the_cycle
can_manage_agreements = runs_the_cycle


def can_record_receipt_for(membership, source) -> bool:
    """A source's owner records its deliveries, as do those who keep the register."""
    return can_manage_sources(membership) or source.owner_id == membership.pk


# The Serious Violence Duty: every member reads who took part; those who run the cycle
# record it.
can_view_serious_violence = anyone
can_record_participation = runs_the_cycle
