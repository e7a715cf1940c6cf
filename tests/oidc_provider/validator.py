"""The claims the test provider vouches for: email, whether it is verified, and name.
A user in the "unverified" group has an address the provider has not confirmed; one in
the "entra" group gets Microsoft Entra ID's claims: no email_verified, but xms_edov."""

from oauth2_provider.oauth2_validators import OAuth2Validator


class Validator(OAuth2Validator):
    # Claims reach tokens only through a scope; Entra ID sends xms_edov with email.
    oidc_claim_scope = {**OAuth2Validator.oidc_claim_scope, "xms_edov": "email"}

    def get_additional_claims(self, request):
        user = request.user
        groups = set(user.groups.values_list("name", flat=True))
        verified = "unverified" not in groups
        return {
            "email": user.email,
            ("xms_edov" if "entra" in groups else "email_verified"): verified,
            "given_name": user.first_name,
            "family_name": user.last_name,
            "name": user.get_full_name(),
        }
