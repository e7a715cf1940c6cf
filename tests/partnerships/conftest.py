"""Fixtures the partnerships tests share."""

import pytest
from django.contrib.auth.models import User


@pytest.fixture
def staff(db):
    """A site staff user, who decides sign-in domains."""
    return User.objects.create_user(
        username="help@service.example",
        email="help@service.example",
        first_name="Hana",
        last_name="Support",
        is_staff=True,
    )
