"""The analysis rules as a table of role x answer (no database)."""

import pytest

from analysis import permissions
from partnerships.models import Membership

RUNS = {"admin", "analyst"}


@pytest.mark.parametrize("role", ["admin", "analyst", "theme_specialist", "board_member"])
def test_everyone_reads_and_only_admins_and_analysts_upload_and_link(role):
    membership = Membership(role=role)
    assert permissions.can_view(membership)
    assert permissions.can_upload(membership) is (role in RUNS)
    assert permissions.can_link_crime_types(membership) is (role in RUNS)
    # Whoever may import may take data back out.
    assert permissions.can_remove_data(membership) is (role in RUNS)
