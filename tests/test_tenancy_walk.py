"""The whole URLconf, walked as another partnership (issue 11, item 2).

Every URL pattern is built from the canary partnership's own objects (the demo's
Central Bedfordshire) and requested, GET and POST, by each role of another
partnership (Luton) and by someone signed out:

- with the canary's slug, every answer is 404 (or, signed out, the sign-in page);
- with the attacker's own slug and the canary's object ids, the answer is exactly the
  one the attacker gets for an id that does not exist: 404, or 403 where their role
  may not use the page at all. Either way it says nothing about the canary's objects.

A pattern whose arguments have no canary mapping fails the test, so a view added
tomorrow is covered the day it is added. Pages that are public by design, or hold no
partnership's data, are listed with the reason.

Then each of the attacker's own list pages, and the public pages, are read for the
canary's marks: nothing of the canary may appear in another partnership's pages.
"""

from datetime import date

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from demo.builder import build_demo
from partnerships.models import CountyRequest, Membership, Partnership, Role
from scoring.services import copy_matrix
from tests.conftest import make_user

pytestmark = pytest.mark.django_db(transaction=False)

MISSING = 987654321  # an id no row has

# Patterns that are not a partnership's data, or are public on purpose.
NOT_TENANT_DATA = {
    "home": "the person's own list of partnerships",
    "accounts:login": "signing in",
    "accounts:logout": "signing out",
    "accounts:password_change": "the person's own password",
    "accounts:account": "the person's own account page",
    "accounts:password_changed": "a confirmation page",
    "accounts:password_reset": "asks for an email address; says nothing either way",
    "accounts:password_reset_sent": "a confirmation page",
    "accounts:set_password": "a signed, single-use link",
    "accounts:password_set": "a confirmation page",
    "accounts:sso_callback": "an identity provider's return from signing in, by provider",
    "notifications:settings": "the person's own notification settings",
    "notifications:unsubscribe": "a signed link naming one person and their email kinds",
    "status:page": "site status, scoped in tests/status",
    "status:check": "site status, scoped in tests/status",
    "sign_in_domains": "site staff only (tests/partnerships/test_sign_in_domains.py)",
    "sign_in_domain_confirm": "site staff only (tests/partnerships/test_sign_in_domains.py)",
    "sign_in_domain_refuse": "site staff only (tests/partnerships/test_sign_in_domains.py)",
    "sign_in_domain_withdraw": "site staff only (test_sign_in_domains_withdraw.py)",
    "public_summary": "public by design: published priorities only (checked below)",
    "public_you_said": "public by design, by unguessable key (checked below)",
    "public_plan": "public by design: the published partnership plan only (checked below)",
    "public_plan_pdf": "public by design: the published plan's PDF only",
    "public_assessment": "public by design: the published public summary only (checked below)",
    "public_assessment_pdf": "public by design: the published public summary's PDF only",
    "consultation_public:survey": "public by design, by unguessable key",
    "consultation_public:thanks": "public by design, by unguessable key",
    "accessibility": "the service's accessibility statement, the same for everyone",
    "cookies": "the cookies the service sets, the same for everyone",
    "calendar": "the person's own calendar link",
    "calendar_reset": "resets the person's own calendar link",
    "calendar_feed": "the person's own feed, by unguessable token (tests/cycles)",
    "privacy": "public by design: the privacy notice and each partnership's retention",
}


def _patterns(resolvers, prefix="", namespace="", outer=()):
    for entry in resolvers:
        if isinstance(entry, URLResolver):
            inner = entry.namespace or ""
            full = f"{namespace}:{inner}" if namespace and inner else inner or namespace
            groups = (*outer, *entry.pattern.regex.groupindex)
            yield from _patterns(entry.url_patterns, prefix + str(entry.pattern), full, groups)
        elif isinstance(entry, URLPattern) and entry.name:
            name = f"{namespace}:{entry.name}" if namespace else entry.name
            kwargs = [*outer, *entry.pattern.regex.groupindex]
            yield name, kwargs, prefix + str(entry.pattern)


def all_patterns():
    seen = {}
    for name, kwargs, route in _patterns(get_resolver().url_patterns):
        if route.startswith("django-admin") or name.startswith("admin:"):
            continue
        # Some names have two routes (add and edit); walk each.
        seen.setdefault((name, tuple(kwargs)), route)
    return seen


def _first(model: str, **lookup):
    row = apps.get_model(model).objects.filter(**lookup).order_by("pk").first()
    assert row is not None, f"The canary has no {model} ({lookup}): add one to the fixture."
    return row.pk


def canary_ids(p: Partnership) -> dict:
    """The canary's object id for each URL argument."""
    return {
        "year_id": _first("cycles.CycleYear", cycle__partnership=p),
        "cycle_id": _first("cycles.Cycle", partnership=p),
        "stage_id": _first("cycles.Stage", year__cycle__partnership=p),
        "activity_id": _first("cycles.Activity", stage__year__cycle__partnership=p),
        "issue_id": _first("cycles.Issue", year__cycle__partnership=p),
        "theme_id": _first("cycles.Theme", partnership=p),
        "rationale_id": _first("consultation.RationaleDocument", year__cycle__partnership=p),
        "attachment_id": _first(
            "consultation.RationaleAttachment", document__year__cycle__partnership=p
        ),
        "survey_id": _first("consultation.Survey", year__cycle__partnership=p),
        "question_id": _first("consultation.Question", survey__year__cycle__partnership=p),
        "answer_id": _first("consultation.Answer", response__survey__year__cycle__partnership=p),
        "emerging_id": _first("consultation.EmergingIssue", partnership=p),
        "upload_id": _first("analysis.Upload", dataset__partnership=p),
        "dataset_id": _first("analysis.Dataset", partnership=p),
        "source_id": _first("analysis.DataSource", partnership=p),
        "agreement_id": _first("analysis.SharingAgreement", partnership=p),
        "participation_id": _first("analysis.SvParticipation", year__cycle__partnership=p),
        "round_id": _first("scoring.Round", year__cycle__partnership=p),
        "sheet_id": _first("scoring.ScoreSheet", round__year__cycle__partnership=p),
        "matrix_id": _first("scoring.Matrix", partnership=p),
        "criterion_id": _first("scoring.Criterion", matrix__partnership=p),
        "priority_id": _first("priorities.Priority", year__cycle__partnership=p),
        "kpi_id": _first("priorities.KPI", priority__year__cycle__partnership=p),
        "value_id": _first("priorities.KPIValue", kpi__priority__year__cycle__partnership=p),
        "meeting_id": _first("priorities.Meeting", partnership=p),
        "item_id": _first("priorities.Item", meeting__partnership=p),
        "action_id": _first("priorities.Action", partnership=p),
        "group_id": _first("priorities.Group", partnership=p),
        "objective_id": _first("priorities.Objective", partnership=p),
        "request_id": _first("priorities.DecisionRequest", group__partnership=p),
        "page_id": _first("priorities.YouSaidWeDid", survey__year__cycle__partnership=p),
        "terms_id": _first("priorities.TermsOfReference", year__cycle__partnership=p),
        "report_id": _first("reports.Report", year__cycle__partnership=p),
        "comment_id": _first("reports.Comment", section__report__year__cycle__partnership=p),
        "plan_id": _first("plans.Plan", partnership=p),
        "render_id": _first("plans.PlanRender", plan__partnership=p),
        "table": "levels",
        "fmt": "csv",
        "key": "executive-summary",
    }


def canary_overrides(p: Partnership) -> dict:
    """Arguments whose meaning depends on the page."""
    checklist_item = _first("priorities.ChecklistItem", run__year__cycle__partnership=p)
    request = CountyRequest.objects.get(partnership=p)
    return {
        "priorities:checklist": {
            "run_id": _first("priorities.ChecklistRun", year__cycle__partnership=p)
        },
        "priorities:checklist_export": {
            "run_id": _first("priorities.ChecklistRun", year__cycle__partnership=p)
        },
        "priorities:checklist_item": {"item_id": checklist_item},
        "priorities:checklist_evidence": {"item_id": checklist_item},
        "reports:run_status": {
            "run_id": _first("reports.RenderRun", report__year__cycle__partnership=p)
        },
        "reports:download": {
            "run_id": _first("reports.RenderRun", report__year__cycle__partnership=p)
        },
        "reports:publish": {
            "run_id": _first("reports.RenderRun", report__year__cycle__partnership=p)
        },
        # A month the demo's police dataset holds.
        "analysis:month_remove": {"month": "2017-11"},
        "partnerships:district_edit": {"pk": _first("partnerships.District", partnership=p)},
        "partnerships:agency_edit": {"pk": _first("partnerships.Agency", partnership=p)},
        "partnerships:person_edit": {"pk": _first("partnerships.Membership", partnership=p)},
        "partnerships:person_resend": {"pk": _first("partnerships.Membership", partnership=p)},
        "partnerships:person_remove": {"pk": _first("partnerships.Membership", partnership=p)},
        "partnerships:person_left": {"pk": _first("partnerships.Membership", partnership=p)},
        "partnerships:person_back": {"pk": _first("partnerships.Membership", partnership=p)},
        "partnerships:county_accept": {"pk": request.pk},
        "partnerships:county_decline": {"pk": request.pk},
        "partnerships:county_withdraw": {"pk": request.pk},
        "invitation_accept": {"pk": _pending(p)},
        "invitation_decline": {"pk": _pending(p)},
    }


def _pending(p: Partnership) -> int:
    return Membership.objects.get(partnership=p, accepted_at__isnull=True).pk


@pytest.fixture
def world(db, media):
    result = build_demo(date(2026, 11, 24))
    canary = result["partnership"]
    # A few rows the demo does not make, so every pattern has a canary object.
    invited = make_user("canary.invitee@example.org", "Canary", "Invitee")
    Membership.objects.create(user=invited, partnership=canary, role=Role.ANALYST, accepted_at=None)
    CountyRequest.objects.create(
        partnership=canary, county=canary.parent, requested_by=invited, requested_at=timezone.now()
    )
    shared = apps.get_model("scoring.Matrix").objects.filter(partnership=None).first()
    copy_matrix(matrix=shared, partnership=canary, name="Canary matrix")
    document = (
        apps.get_model("consultation.RationaleDocument")
        .objects.filter(year__cycle__partnership=canary)
        .first()
    )
    apps.get_model("consultation.RationaleAttachment").objects.create(
        document=document,
        file=ContentFile(b"%PDF-1.4 canary", name="canary.pdf"),
        original_name="canary.pdf",
        kind="pdf",
        size=15,
    )
    # The canary's agreed public summary, published, so its public pages have something
    # to leak.
    public = (
        apps.get_model("reports.Report")
        .objects.filter(year__cycle__partnership=canary, kind="public")
        .first()
    )
    agreed = apps.get_model("reports.RenderRun").objects.create(
        report=public,
        requested_at=timezone.now(),
        version=99,
        state="agreed",
        status="done",
        pdf=ContentFile(b"%PDF-1.4 canary summary", name="canary-summary.pdf"),
        pages=1,
        size=23,
    )
    apps.get_model("reports.Publication").objects.create(
        partnership=canary, run=agreed, published_at=timezone.now()
    )
    other = Partnership.objects.get(slug="luton")
    attackers = {}
    for role in Role.values:
        user = make_user(f"walker.{role}@example.org", "Luton", role)
        Membership.objects.create(user=user, partnership=other, role=role)
        attackers[role] = user
    return canary, other, attackers


def _client(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def _answers(client: Client, url: str) -> tuple[int, int]:
    return client.get(url).status_code, client.post(url, {}).status_code


def test_every_pattern_is_a_404_to_another_partnership(world):
    canary, other, attackers = world
    ids = canary_ids(canary)
    overrides = canary_overrides(canary)
    problems = []
    for (name, kwargs), route in sorted(all_patterns().items()):
        if name in NOT_TENANT_DATA:
            continue
        values = {**ids, **overrides.get(name, {})}
        unmapped = [k for k in kwargs if k != "slug" and k not in values]
        if unmapped:
            problems.append(f"{name} ({route}): no canary mapping for {unmapped}")
            continue
        args = {k: values[k] for k in kwargs if k != "slug"}
        if "slug" in kwargs:
            canary_url = reverse(name, kwargs={"slug": canary.slug, **args})
            own_url = reverse(name, kwargs={"slug": other.slug, **args})
            missing = {k: (MISSING if isinstance(v, int) else v) for k, v in args.items()}
            own_missing = reverse(name, kwargs={"slug": other.slug, **missing})
        else:
            canary_url = own_url = reverse(name, kwargs=args)
            own_missing = reverse(
                name, kwargs={k: (MISSING if isinstance(v, int) else v) for k, v in args.items()}
            )

        # 405 is a GET to a form that only takes POST: it says nothing about the object.
        anonymous = _answers(_client(), canary_url)
        if any(code not in (302, 405) for code in anonymous):
            problems.append(f"{name} signed out: {anonymous} at {canary_url}")

        for role, user in attackers.items():
            client = _client(user)
            if "slug" in kwargs:
                got = _answers(client, canary_url)
                if any(code not in (404, 405) for code in got):
                    problems.append(f"{name} as Luton's {role}: {got} at {canary_url}")
            if not args:
                continue  # nothing of the canary's in the address
            got, baseline = _answers(client, own_url), _answers(client, own_missing)
            if got != baseline or any(code not in (403, 404, 405) for code in got):
                problems.append(
                    f"{name} as Luton's {role} with Luton's slug: {got} at {own_url}, "
                    f"{baseline} for an id that does not exist"
                )
    assert not problems, "\n".join(problems)


def test_nothing_of_the_canary_shows_on_another_partnerships_pages(world, client):
    canary, other, attackers = world
    marks = [canary.name, "Central Bedfordshire"]
    own_pages = [
        (name, route)
        for (name, kwargs), route in all_patterns().items()
        if kwargs == ["slug"] and name not in NOT_TENANT_DATA
    ]
    leaks = []
    for role, user in attackers.items():
        signed_in = _client(user)
        for name, _route in own_pages:
            response = signed_in.get(reverse(name, kwargs={"slug": other.slug}))
            if response.status_code != 200:
                continue
            page = response.content.decode(errors="replace")
            leaks += [f"{name} as {role}: {mark!r}" for mark in marks if mark in page]
    public = client.get(reverse("public_summary", kwargs={"slug": other.slug}))
    leaks += [f"public summary: {mark!r}" for mark in marks if mark in public.content.decode()]
    plan = client.get(reverse("public_plan", kwargs={"slug": other.slug}))
    leaks += [f"public plan: {mark!r}" for mark in marks if mark in plan.content.decode()]
    summary = client.get(reverse("public_assessment", kwargs={"slug": other.slug}))
    leaks += [f"public assessment: {mark!r}" for mark in marks if mark in summary.content.decode()]
    # The check can fail: the canary's own public summary page names it.
    own = client.get(reverse("public_assessment", kwargs={"slug": canary.slug}))
    assert canary.name in own.content.decode()
    assert not leaks, "\n".join(leaks)
