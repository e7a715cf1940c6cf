"""Issue 14, point 5: groups review drafts. A member of a group comments on a section
for the group, and the section's comments say which group spoke; someone outside the
group cannot comment in its name."""

import pytest
from django.urls import reverse

from priorities.models import Group
from priorities.services.groups import create_group
from reports import services
from reports.models import Comment

SLUG = "central-bedfordshire"


@pytest.fixture
def pmg(partnership, cast, membership_of):
    return create_group(
        partnership=partnership,
        kind=Group.Kind.PERFORMANCE_MANAGEMENT,
        name="Performance management group",
        members=[membership_of(cast["board_member"], partnership)],
    )


def _url(report, key="executive-summary"):
    return reverse("reports:comment", kwargs={"slug": SLUG, "report_id": report.pk, "key": key})


def test_a_member_comments_for_the_group_and_the_section_says_so(client_as, cast, report, pmg):
    client = client_as(cast["board_member"])
    section_url = reverse(
        "reports:section", kwargs={"slug": SLUG, "report_id": report.pk, "key": "executive-summary"}
    )
    assert "Comment for a group" in client.get(section_url).content.decode()
    response = client.post(
        _url(report), {"text": "The group asks for quarterly trends.", "for_group": pmg.pk}
    )
    assert response.status_code == 302
    assert Comment.objects.get().for_group == pmg
    page = client.get(section_url).content.decode()
    assert "for the Performance management group" in page


def test_someone_outside_the_group_cannot_comment_for_it(client_as, cast, report, pmg):
    client = client_as(cast["analyst"])
    section_url = reverse(
        "reports:section", kwargs={"slug": SLUG, "report_id": report.pk, "key": "executive-summary"}
    )
    assert "Comment for a group" not in client.get(section_url).content.decode()
    # A forged choice is not on the form: the comment stands as the analyst's own.
    client.post(_url(report), {"text": "On behalf of PMG.", "for_group": pmg.pk})
    assert Comment.objects.get().for_group is None


def test_the_service_refuses_a_comment_for_a_group_the_author_is_not_in(
    cast, report, pmg, membership_of, partnership
):
    with pytest.raises(Exception, match="not a member of Performance management group"):
        services.add_comment(
            section=report.sections.get(key="executive-summary"),
            author=membership_of(cast["analyst"], partnership),
            text="For the group.",
            for_group=pmg,
        )
    assert not Comment.objects.exists()
