"""Each of the seven events that email someone, made through the services that cause
them, and the real SMTP server the emails go to (tests/mail.py)."""

from datetime import date, timedelta

import pytest

from consultation.services import rationales
from cycles.services import save_issue
from priorities.review_models import Review
from priorities.services.meetings import add_item, create_meeting, raise_action
from priorities.services.proposals import send_due_review_reminders
from reports import services as report_services
from reports.models import Report
from scoring import services as scoring
from scoring.matrix_files import load_shipped_matrices
from scoring.models import Matrix
from scoring.notices import sheets_due
from tests import mail

smtp_server = mail.smtp_server
TODAY = date.today()


@pytest.fixture
def issues(year):
    return [save_issue(year=year, title=t) for t in ("Anti-social behaviour", "Domestic abuse")]


@pytest.fixture
def draft_round(year, issues, cast, member):
    """Jo is asked to score both issues; the round is due in three days."""
    load_shipped_matrices()
    round_ = scoring.create_round(
        year=year,
        name="Autumn scoring",
        matrix=Matrix.objects.get(partnership=None, key="csp-16", version=1),
        deadline=TODAY + timedelta(days=3),
        issues=issues,
    )
    for issue in issues:
        scoring.assign_scorers(
            round_=round_, issue=issue, scorers=[member(cast["theme_specialist"])]
        )
    return round_


@pytest.fixture
def events(draft_round, year, issues, cast, member, partnership, police, council):
    """Callables, one per kind, each causing its event through the app's own service."""

    def round_opened():
        scoring.open_round(round_=draft_round)

    def sheet_due():
        if draft_round.status == "draft":
            round_opened()
        sheets_due(today=TODAY)

    def comment():
        report = report_services.create_report(year=year, kind=Report.Kind.FULL)
        section = report.sections.first()
        report_services.save_section(
            section=section, narrative="Crime fell this year.", by=member(cast["theme_specialist"])
        )
        report_services.add_comment(
            section=section, author=member(cast["board_member"]), text="Say by how much."
        )

    def rationale():
        document = rationales.request_rationale(
            year=year,
            specialist=member(cast["theme_specialist"]),
            requested_by=member(cast["analyst"]),
            due_on=TODAY + timedelta(days=14),
            issue=issues[1],
        )
        sections = {name: "Written." for name, _, _ in document.SECTIONS}
        rationales.save_rationale(
            document=document, by=member(cast["theme_specialist"]), sections=sections, submit=True
        )
        rationales.review_rationale(
            document=document, by=member(cast["analyst"]), accept=False, comment="Add sources."
        )

    def action():
        meeting = create_meeting(partnership=partnership, held_on=TODAY)
        item = add_item(meeting=meeting, title="Priorities")
        raise_action(
            partnership=partnership,
            title="Map hotspots with the fire service",
            due_on=TODAY + timedelta(days=2),
            raised_on=TODAY,
            owner=member(cast["board_member"]),
            item=item,
        )
        from priorities.notices import actions_due

        actions_due(today=TODAY)

    def review():
        Review.objects.create(year=year, review_on=TODAY)
        send_due_review_reminders(today=TODAY)

    def agreement_review():
        from analysis import source_services
        from analysis.notices import agreements_due
        from analysis.source_models import SharingAgreement

        source_services.add_agreement(
            partnership=partnership,
            title="Community safety data sharing",
            parties=[police, council],
            purpose="Quarterly sharing of prescribed information.",
            lawful_basis=SharingAgreement.LawfulBasis.PUBLIC_TASK,
            signed_on=TODAY - timedelta(days=700),
            review_on=TODAY + timedelta(days=30),
            status=SharingAgreement.Status.SIGNED,
        )
        agreements_due(today=TODAY)

    return {
        "scoring.round_opened": round_opened,
        "scoring.sheet_due": sheet_due,
        "reports.comment": comment,
        "consultation.rationale_reviewed": rationale,
        "priorities.action_due": action,
        "priorities.review_due": review,
        "analysis.agreement_review": agreement_review,
    }
