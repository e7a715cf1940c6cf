"""One email of each kind and one daily digest, made by the real services and received
by a real SMTP server. With EMAIL_EXAMPLES=<file> set, what the server received is
written there (scripts/email-examples.sh), for people to read."""

import os
from pathlib import Path

from notifications import services
from notifications.models import Notification
from reports import services as report_services
from reports.models import Section
from tests.mail import html_of, text_of

from .conftest import TODAY
from .test_emails import KINDS

HEADERS = [
    "From",
    "To",
    "Subject",
    "Message-ID",
    "List-Unsubscribe",
    "List-Unsubscribe-Post",
    "X-Workbench-Notification",
]


def _written(message) -> str:
    headers = "\n".join(f"{name}: {str(message[name]).strip()}" for name in HEADERS)
    return (
        f"{'=' * 78}\n{headers}\n\n--- text/plain ---\n{text_of(message)}\n"
        f"--- text/html ---\n{html_of(message)}\n"
    )


def test_one_of_each_kind_and_a_digest(events, cast, member, smtp_server):
    for user in cast.values():
        services.set_choices(user=user, choices={kind: "now" for kind in KINDS})
    for kind in KINDS:
        events[kind]()
    services.send_waiting()
    at_once = {m["X-Workbench-Notification"] for m in smtp_server.inbox.messages}
    assert at_once == set(KINDS)

    jo = cast["theme_specialist"]
    services.set_choices(user=jo, choices={"reports.comment": "digest"})
    section = Section.objects.exclude(updated_by=None).get()
    report_services.add_comment(
        section=section, author=member(cast["analyst"]), text="Add the 2025 figure too."
    )
    report_services.add_comment(
        section=section, author=member(cast["admin"]), text="Agree with Chris."
    )
    assert services.send_waiting() == 0
    assert services.send_digests(today=TODAY) == 1
    digest = smtp_server.inbox.messages[-1]
    assert digest["X-Workbench-Notification"] == "digest"
    assert digest["Subject"] == "Your daily digest: 2 things to look at"
    # Our words write "email", as GOV.UK style does, in every part of every message.
    for message in smtp_server.inbox.messages:
        assert "e-mail" not in (text_of(message) + html_of(message)).lower()

    out = os.environ.get("EMAIL_EXAMPLES")
    if out:
        seen, chosen = set(), []
        for message in smtp_server.inbox.messages:
            kind = message["X-Workbench-Notification"]
            if kind not in seen:
                seen.add(kind)
                chosen.append(message)
        Path(out).write_text("".join(_written(m) for m in chosen), encoding="utf-8")


def test_a_long_comment_is_cut_to_500_characters_in_its_notice(events, cast, member, year):
    events["reports.comment"]()
    section = Section.objects.filter(narrative="Crime fell this year.").get()
    report_services.add_comment(
        section=section, author=member(cast["board_member"]), text="a" * 700
    )
    notice = Notification.objects.filter(kind="reports.comment").order_by("pk").last()
    quoted = notice.context["lines"][1]
    assert quoted == "a" * 499 + "…"
