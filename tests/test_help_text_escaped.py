"""Help text under a form field is escaped like any other value: it can hold what
someone typed (a group's name on an agenda item's outcome page), and crispy-bootstrap5
writes it out raw. An analyst who named a group with markup could otherwise send the
readers of that page elsewhere, or have an admin's browser post as the admin."""

from datetime import date

from django.urls import reverse

from priorities.models import Group
from priorities.services.groups import create_group, create_group_meeting
from priorities.services.meetings import add_item

SLUG = "central-bedfordshire"
NAME = '<meta http-equiv="refresh" content="0;url=https://evil.example/">'


def test_a_group_name_in_an_outcome_pages_help_text_is_shown_as_text(
    partnership, cast, member, client_as
):
    group = create_group(
        partnership=partnership,
        kind=Group.Kind.OTHER,
        name=NAME,
        members=[member(cast["analyst"])],
        chair=member(cast["analyst"]),
    )
    meeting = create_group_meeting(group=group, held_on=date(2026, 11, 10), title="Meeting")
    item = add_item(meeting=meeting, title="Patrols")
    page = (
        client_as(cast["admin"])
        .get(reverse("priorities:item_outcome", kwargs={"slug": SLUG, "item_id": item.pk}))
        .content.decode()
    )
    assert "<meta http-equiv" not in page
    assert "What the &lt;meta http-equiv=&quot;refresh&quot;" in page


def test_help_text_made_safe_on_purpose_keeps_its_markup(client_as, cast):
    """Django's list of password rules is marked safe; it still reads as a list."""
    page = client_as(cast["admin"]).get(reverse("accounts:password_change")).content.decode()
    assert 'class="form-text"><ul><li>' in page
