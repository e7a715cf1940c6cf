"""The claims the test provider vouches for: e-mail, whether it is verified, and name.
A user in the "unverified" group has an address the provider has not confirmed."""

from oauth2_provider.oauth2_validators import OAuth2Validator


class Validator(OAuth2Validator):
    def get_additional_claims(self, request):
        user = request.user
        return {
            "email": user.email,
            "email_verified": not user.groups.filter(name="unverified").exists(),
            "given_name": user.first_name,
            "family_name": user.last_name,
            "name": user.get_full_name(),
        }
