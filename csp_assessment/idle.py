"""Signing out after a spell without requests, without a database write per request.

The session cookie and the stored session last SESSION_IDLE_MINUTES from their last
save. This middleware saves an active session again at most once every few minutes,
so a person who keeps working stays signed in, and one who walks away is signed out
between SESSION_IDLE_MINUTES - REFRESH and SESSION_IDLE_MINUTES after their last
request.
"""

import time

REFRESH_SECONDS = 5 * 60
KEY = "_seen"


class IdleTimeout:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        if session is not None and session.session_key:
            now = int(time.time())
            if now - int(session.get(KEY, 0)) >= REFRESH_SECONDS:
                session[KEY] = now  # marks the session modified: saved, expiry moved on
        return self.get_response(request)
