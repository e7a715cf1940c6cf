"""Start the test identity provider: migrate its own database, register the client and
the users described in OIDC_PROVIDER_SEED (JSON), then serve on 127.0.0.1:<port>.

    OIDC_PROVIDER_DB=... OIDC_PROVIDER_ISSUER=... OIDC_PROVIDER_SEED=... \\
    DJANGO_SETTINGS_MODULE=tests.oidc_provider.settings python -m tests.oidc_provider.serve PORT
"""

import json
import os
import sys

import django


def seed(spec: dict) -> None:
    from django.contrib.auth.models import Group, User
    from oauth2_provider.models import Application

    Application.objects.create(
        name="Strategic assessment workbench",
        client_id=spec["client_id"],
        client_secret=spec["client_secret"],
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
        redirect_uris=" ".join(spec["redirect_uris"]),
        post_logout_redirect_uris=" ".join(spec["post_logout_redirect_uris"]),
        algorithm=Application.RS256_ALGORITHM,
        skip_authorization=True,
    )
    unverified = Group.objects.create(name="unverified")
    entra = Group.objects.create(name="entra")
    for person in spec["users"]:
        user = User.objects.create_user(
            username=person["username"],
            email=person["email"],
            password=person["password"],
            first_name=person.get("first_name", ""),
            last_name=person.get("last_name", ""),
        )
        if not person.get("email_verified", True):
            user.groups.add(unverified)
        if person.get("entra"):
            user.groups.add(entra)


def main() -> None:
    port = int(sys.argv[1])
    django.setup()
    from django.core.management import call_command
    from django.core.servers.basehttp import run
    from django.core.wsgi import get_wsgi_application

    call_command("migrate", verbosity=0)
    seed(json.loads(os.environ["OIDC_PROVIDER_SEED"]))
    run("127.0.0.1", port, get_wsgi_application(), threading=True)


if __name__ == "__main__":
    main()
