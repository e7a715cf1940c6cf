"""The two identity providers the sign-in domain tests configure."""

PROVIDERS = {
    "westshire": {
        "name": "Westshire Council",
        "discovery_url": "https://login.example.org/westshire/.well-known/openid-configuration",
        "client_id": "id",
    },
    "police": {
        "name": "Bedfordshire Police",
        "discovery_url": "https://login.example.org/police/.well-known/openid-configuration",
        "client_id": "id",
    },
}
