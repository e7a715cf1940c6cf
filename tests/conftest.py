"""The shared cast, used by every test.

Central Bedfordshire (a district under the Safer Bedfordshire county) has one person
per role: priya the admin, sam the analyst, jo the theme specialist and chris the
board member. lee is the admin of Luton, another partnership: everything in Central
Bedfordshire must be a 404 to lee.
"""

import pytest
from django.contrib.auth.models import User

from cycles.services import create_cycle_from_template
from partnerships.models import Agency, District, Membership, Partnership, Role

PASSWORD = "a-long-test-password"


def make_user(email: str, first: str, last: str) -> User:
    user = User.objects.create_user(
        username=email, email=email, password=PASSWORD, first_name=first, last_name=last
    )
    return user


@pytest.fixture
def media(settings, tmp_path):
    """Files saved by the test go to its own folder, not the working copy's media."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def county(db):
    return Partnership.objects.create(
        name="Safer Bedfordshire", slug="safer-bedfordshire", kind=Partnership.Kind.COUNTY
    )


@pytest.fixture
def partnership(county):
    p = Partnership.objects.create(
        name="Central Bedfordshire CSP",
        slug="central-bedfordshire",
        kind=Partnership.Kind.DISTRICT,
        parent=county,
    )
    District.objects.create(
        partnership=p, name="Central Bedfordshire", code="E06000056", population=294200
    )
    return p


@pytest.fixture
def other_partnership(county):
    p = Partnership.objects.create(
        name="Luton CSP", slug="luton", kind=Partnership.Kind.DISTRICT, parent=county
    )
    District.objects.create(partnership=p, name="Luton", code="E06000032", population=225300)
    return p


@pytest.fixture
def council(partnership):
    return Agency.objects.create(
        partnership=partnership,
        name="Central Bedfordshire Council",
        type=Agency.Type.DISTRICT_COUNCIL,
        is_responsible_authority=True,
    )


@pytest.fixture
def police(partnership):
    return Agency.objects.create(
        partnership=partnership,
        name="Bedfordshire Police",
        type=Agency.Type.POLICE,
        is_responsible_authority=True,
    )


def _member(user, partnership, role, agency=None):
    return Membership.objects.create(user=user, partnership=partnership, role=role, agency=agency)


@pytest.fixture
def priya(partnership, council):
    user = make_user("priya@example.org", "Priya", "Shah")
    _member(user, partnership, Role.ADMIN, council)
    return user


@pytest.fixture
def sam(partnership, council):
    user = make_user("sam@example.org", "Sam", "Taylor")
    _member(user, partnership, Role.ANALYST, council)
    return user


@pytest.fixture
def jo(partnership):
    user = make_user("jo@example.org", "Jo", "Evans")
    _member(user, partnership, Role.THEME_SPECIALIST)
    return user


@pytest.fixture
def chris(partnership, police):
    user = make_user("chris@example.org", "Chris", "Morgan")
    _member(user, partnership, Role.BOARD_MEMBER, police)
    return user


@pytest.fixture
def lee(other_partnership):
    user = make_user("lee@example.org", "Lee", "Hughes")
    _member(user, other_partnership, Role.ADMIN)
    return user


@pytest.fixture
def cast(priya, sam, jo, chris, lee):
    return {
        "admin": priya,
        "analyst": sam,
        "theme_specialist": jo,
        "board_member": chris,
        "outsider": lee,
    }


@pytest.fixture
def membership_of():
    def lookup(user, partnership):
        return Membership.objects.get(user=user, partnership=partnership)

    return lookup


@pytest.fixture
def member(partnership, membership_of):
    """The membership of a user in the test partnership."""

    def lookup(user):
        return membership_of(user, partnership)

    return lookup


@pytest.fixture
def year(partnership, cast):
    """2026-27, the first year of the partnership's four-year cycle. A folder or module
    that needs another year defines its own."""
    return create_cycle_from_template(
        partnership=partnership, template_key="four-year", start_year=2026
    ).years.get(number=1)


@pytest.fixture
def client_as(client):
    """A test client signed in as the given user."""

    def sign_in(user):
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return client

    return sign_in


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Real hashing costs a quarter of a second per user here; tests do not need its strength."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session", autouse=True)
def collected_static():
    """Tests run with DEBUG off, so pages use the hashed static manifest: build it once."""
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)
