"""Consultation journeys in Chromium, axe-core on every page: a rationale document is
requested, written with an attachment, returned and resubmitted; a member of the public
answers a survey on a phone-width screen; the analyst reads the results and redacts."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from consultation import selectors
from consultation.models import Answer, RationaleDocument, Response, Survey
from consultation.services import emerging_issues, survey_responses, surveys
from cycles.services import create_cycle_from_template, save_issue
from partnerships.models import Membership
from tests.consultation.conftest import PDF, build_survey
from tests.e2e.conftest import assert_accessible, follow, sign_in

SLUG = "central-bedfordshire"
TITLES = ["Anti-social behaviour", "Domestic abuse", "Shoplifting"]


@pytest.fixture
def setting(partnership, cast, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    # Year 1 is the year running today: the rationale list offers only years not ended.
    today = timezone.localdate()
    year = create_cycle_from_template(
        partnership=partnership,
        template_key="four-year",
        start_year=today.year - (1 if today.month < 4 else 0),
    ).years.get(number=1)
    issues = [save_issue(year=year, title=t) for t in TITLES]
    return {"year": year, "issues": issues}


SECTIONS = [
    ("Key information", "Reported incidents rose by a tenth in a year."),
    ("Current work", "Outreach by the refuge and two advocates."),
    ("Progress", "Repeat referrals are falling slowly."),
    ("Gaps in intervention or intelligence", "Little data from health partners."),
    ("Recommendations", "Fund a hospital-based advocate."),
]


def test_a_rationale_is_requested_written_returned_and_resubmitted(
    page, new_page, cast, setting, tmp_path
):
    # The analyst asks Jo for a rationale on domestic abuse.
    sign_in(page, cast["analyst"])
    page.get_by_role("link", name="Consultation").click()
    expect(page.get_by_role("heading", name="Consultation", exact=True)).to_be_visible()
    assert_accessible(page)
    follow(page.get_by_role("link", name="Rationale documents").first)
    assert_accessible(page)
    # The running year is offered first, by its label.
    follow(page.get_by_role("link", name=f"Request one for {setting['year'].label}"))
    assert_accessible(page)
    page.get_by_label("Issue").select_option(label="Domestic abuse")
    page.get_by_label("Theme specialist").select_option(label="Jo Evans")
    page.get_by_label("Due on").fill("2026-12-18")
    page.get_by_label("Message").fill("Please cover repeat victims.")
    page.get_by_role("button", name="Send request").click()
    expect(page.get_by_text("Rationale document requested from Jo Evans.")).to_be_visible()
    assert_accessible(page)
    document = RationaleDocument.objects.get()

    # Jo writes it, attaches a PDF and submits.
    jo = new_page()
    sign_in(jo, cast["theme_specialist"])
    jo.goto(f"/p/{SLUG}/consultation/")
    jo.get_by_role("link", name="Domestic abuse").click()
    expect(jo.get_by_text("Please cover repeat victims.")).to_be_visible()
    assert_accessible(jo)
    for label, text in SECTIONS:
        jo.get_by_label(label).fill(text)
    jo.get_by_role("button", name="Save draft").click()
    expect(jo.get_by_text("Draft saved.")).to_be_visible()
    jo.get_by_role("link", name="Write the document").click()
    pdf = tmp_path / "Domestic abuse figures.pdf"
    pdf.write_bytes(PDF)
    jo.get_by_label("Add a file").set_input_files(str(pdf))
    jo.get_by_role("button", name="Upload file").click()
    expect(jo.get_by_text("Domestic abuse figures.pdf added.")).to_be_visible()
    assert_accessible(jo)
    jo.get_by_role("button", name="Submit for review").click()
    expect(jo.get_by_test_id("state")).to_have_text("Submitted")
    assert_accessible(jo)

    # The analyst returns it with a comment.
    page.goto(document.get_absolute_url())
    expect(page.get_by_role("link", name="Domestic abuse figures.pdf")).to_be_visible()
    page.get_by_label("Return it with comments").check()
    page.get_by_label("Comment", exact=True).fill("Add the 2025 figures from the police.")
    page.get_by_role("button", name="Record decision").click()
    expect(page.get_by_text("Returned to the specialist with your comments.")).to_be_visible()
    assert_accessible(page)

    # Jo sees the comment and resubmits.
    jo.goto(f"/p/{SLUG}/consultation/rationale/{document.pk}/write/")
    expect(jo.get_by_text("Add the 2025 figures from the police.")).to_be_visible()
    assert_accessible(jo)
    jo.get_by_label("Key information").fill("Reported incidents rose by 11% in 2025.")
    jo.get_by_role("button", name="Resubmit for review").click()
    expect(jo.get_by_test_id("state")).to_have_text("Resubmitted")
    document.refresh_from_db()
    assert document.state == "resubmitted"
    history = selectors.state_changes(document, "state", document.year.cycle.partnership)
    assert [change.state for change in history] == [
        "requested",
        "draft",
        "submitted",
        "returned",
        "resubmitted",
    ]


def test_a_member_of_the_public_answers_on_a_phone(new_page, setting):
    survey = build_survey(setting["year"])
    phone = new_page(375)
    phone.goto(f"/survey/{survey.public_key}/")
    expect(phone.get_by_role("heading", name=survey.title)).to_be_visible()
    assert_accessible(phone)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    phone.get_by_text("How we use your answers (privacy notice)").click()
    expect(phone.get_by_text("We do not store your internet address.", exact=False)).to_be_visible()

    # Sending without the required ranking explains what is missing.
    phone.get_by_role("button", name="Send my answers").click()
    expect(phone.get_by_text("There is a problem")).to_be_visible()
    assert_accessible(phone)

    phone.get_by_label("Domestic abuse").select_option("1")
    phone.get_by_label("Anti-social behaviour").select_option("2")
    phone.get_by_role("group", name="Do you feel safe after dark? (optional)").get_by_label(
        "No", exact=True
    ).check()
    phone.get_by_label("Website").check()
    phone.get_by_role("group", name="How safe is your street? (optional)").get_by_label("4").check()
    phone.get_by_label("Anything else? (optional)").fill("The underpass needs lighting.")
    phone.get_by_role("button", name="Send my answers").click()
    expect(phone.get_by_role("heading", name="Thank you")).to_be_visible()
    assert_accessible(phone)
    response = Response.objects.get()
    ranking = response.answers.get(question__kind="ranking")
    assert ranking.value == [setting["issues"][1].pk, setting["issues"][0].pk]


def test_the_analyst_reads_results_and_redacts_an_answer(page, cast, setting):
    survey = build_survey(setting["year"])
    issues = setting["issues"]
    q = {question.kind: question for question in survey.questions.all()}
    for n, text in enumerate(
        ["More patrols on the high street.", "Dave Jones on Mill Lane sells drugs."]
    ):
        survey_responses.submit_response(
            survey=survey,
            answers={q["ranking"].pk: [issues[n].pk], q["single"].pk: "Yes", q["text"].pk: text},
            submission_id=f"s{n}",
            today=timezone.localdate(),
        )
    sign_in(page, cast["analyst"])
    page.goto(f"/p/{SLUG}/consultation/surveys/")
    assert_accessible(page)
    page.get_by_role("link", name=f"Results of {survey.title}").click()
    expect(page.get_by_role("heading", name=f"Results: {survey.title}")).to_be_visible()
    expect(page.get_by_text("2 responses", exact=False)).to_be_visible()
    assert_accessible(page)
    follow(page.get_by_role("link", name="Moderate answer 2"))
    assert_accessible(page)
    page.get_by_label("Text to publish").fill("[name] on [street] sells drugs.")
    page.get_by_label("Reason").fill("Names a person and a street")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Answer moderated.")).to_be_visible()
    expect(page.get_by_text("[name] on [street] sells drugs.")).to_be_visible()
    expect(page.get_by_text("Dave Jones")).to_have_count(0)
    assert_accessible(page)
    answer = Answer.objects.get(moderation="redacted")
    assert answer.text.startswith("Dave Jones") and answer.moderations.get().reason.startswith(
        "Names"
    )
    assert Membership.objects.get(pk=answer.moderations.get().by_id).user == cast["analyst"]


def test_every_other_consultation_page_is_accessible_at_phone_width(
    new_page, cast, setting, partnership
):
    year = setting["year"]
    survey = build_survey(year)
    partner = build_survey(year, audience="partner")
    draft = build_survey(year, publish=False)
    analyst = Membership.objects.get(user=cast["analyst"], partnership=partnership)
    emerging = emerging_issues.log_emerging_issue(
        partnership=partnership, by=analyst, title="Car meets", location="Leighton Buzzard"
    )
    closed = build_survey(year)
    surveys.close_survey(survey=closed, by=analyst)
    base = f"/p/{SLUG}/consultation"
    pages = [
        f"{base}/",
        f"{base}/surveys/",
        f"{base}/surveys/years/{year.pk}/new/",
        f"{base}/surveys/{draft.pk}/",
        f"{base}/surveys/{draft.pk}/questions/new/",
        f"{base}/surveys/{survey.pk}/",
        f"{base}/surveys/{survey.pk}/import/",
        f"{base}/surveys/{closed.pk}/results/",
        f"{base}/rationale/",
        f"{base}/emerging/",
        f"{base}/emerging/{emerging.pk}/triage/",
        f"{base}/surveys/{partner.pk}/answer/",
        f"/survey/{closed.public_key}/",
    ]
    phone = new_page(375)
    sign_in(phone, cast["analyst"])
    for url in pages:
        phone.goto(url)
        assert_accessible(phone)
        assert phone.evaluate("document.documentElement.scrollWidth") <= 375, url


def test_the_analyst_splits_the_results_by_an_answer(page, cast, setting):
    survey = build_survey(setting["year"])
    q = {question.kind: question for question in survey.questions.all()}
    for n, (safe, heard) in enumerate(
        [("Yes", ["Website"]), ("Yes", ["Meetings"]), ("No", ["Website", "Newspaper"])]
    ):
        survey_responses.submit_response(
            survey=survey,
            answers={
                q["ranking"].pk: [setting["issues"][0].pk],
                q["single"].pk: safe,
                q["multiple"].pk: heard,
            },
            submission_id=f"split{n}",
            today=timezone.localdate(),
        )
    sign_in(page, cast["analyst"])
    page.goto(f"/p/{SLUG}/consultation/surveys/{survey.pk}/results/")
    page.get_by_label("Split the answers by").select_option(label="Do you feel safe after dark?")
    page.get_by_role("button", name="Show").click()
    table = page.get_by_test_id(f"split-{q['multiple'].pk}")
    expect(table.get_by_role("columnheader", name="Yes (2 people)")).to_be_visible()
    expect(table.get_by_role("row", name="Website 1 (50%) 1 (100%)")).to_be_visible()
    assert_accessible(page)
    # A question that cannot split the results is refused in words, and nothing is split.
    page.goto(f"/p/{SLUG}/consultation/surveys/{survey.pk}/results/?by={q['text'].pk}")
    expect(page.get_by_text("Choose one of the questions listed")).to_be_visible()
    expect(page.get_by_test_id(f"split-{q['multiple'].pk}")).to_have_count(0)
    assert_accessible(page)


def test_the_analyst_deletes_a_draft_survey(page, cast, setting):
    draft = build_survey(setting["year"], publish=False)
    sign_in(page, cast["analyst"])
    page.goto(draft.get_absolute_url())
    page.get_by_role("link", name="Delete this draft").click()
    expect(page.get_by_role("heading", name=f"Delete {draft.title}?")).to_be_visible()
    assert_accessible(page)
    # Changing their mind goes back to the draft, which is still there.
    page.get_by_role("link", name="No, keep it").click()
    expect(page.get_by_role("heading", name=draft.title)).to_be_visible()
    page.get_by_role("link", name="Delete this draft").click()
    page.get_by_role("button", name="Yes, delete the draft").click()
    expect(page.get_by_role("heading", name="Surveys", exact=True)).to_be_visible()
    expect(page.get_by_text(f"{draft.title} deleted.")).to_be_visible()
    assert_accessible(page)
    assert not Survey.objects.filter(pk=draft.pk).exists()
