"""The demo's compliance checklist: seed 003's full self-assessment (the newest version
of the statutory duties and hallmarks checklist) for the district's first year, about
half done, as a partnership part-way through its year would have it: the early stages
answered with developments, seed 003's status key and links to its evidence, the later
stages still to do. Safe to run twice: a run already there is left as it is."""

from django.db import transaction

from cycles.models import Cycle
from partnerships.models import Membership, Role
from priorities.checklist_files import load_shipped_checklists
from priorities.checklist_layout import offered_templates
from priorities.models import ChecklistItem, ChecklistRun
from priorities.services.checklists import start_checklist, update_checklist_item

EVIDENCE = "https://csp.example.org/documents/"
Status = ChecklistItem.StatusKey
Rag = ChecklistItem.Rag

# Seed line -> (developments, status key, RAG, evidence document or "")
ANSWERS = {
    "003 stage 1, line 1": (
        "Strategy group named in the terms of reference agreed by the board in June.",
        Status.TERMS_OF_REFERENCE,
        Rag.GREEN,
        "terms-of-reference.pdf",
    ),
    "003 stage 1, line 2": (
        "Council, police, fire, probation and the health partner have each appointed members.",
        Status.TERMS_OF_REFERENCE,
        Rag.GREEN,
        "strategy-group-membership.pdf",
    ),
    "003 stage 1, line 4": (
        "The portfolio holder for community safety joined in May.",
        Status.TERMS_OF_REFERENCE,
        Rag.GREEN,
        "strategy-group-membership.pdf",
    ),
    "003 stage 1, line 6": (
        "Chair arrangements drafted; the board agrees them in the autumn.",
        Status.FOR_CSP,
        Rag.AMBER,
        "",
    ),
    "003 stage 1, line 8": (
        "Our chair attends the county group; the county has not yet set its dates.",
        Status.AWAITING_EXTERNAL,
        Rag.AMBER,
        "",
    ),
    "003 stage 2, line 1": (
        "The old protocol needs refreshing; waiting for the county information-sharing agreement.",
        Status.AWAITING_EXTERNAL,
        Rag.RED,
        "",
    ),
    "003 stage 2, question 9": (
        "The health partner has not yet confirmed its data lead.",
        Status.PRIMARY_CARE_TRUST,
        Rag.AMBER,
        "",
    ),
    "003 stage 3, line 1": (
        "Public meeting held at the civic centre in March; notes published.",
        Status.DELIVERY_PLAN,
        Rag.GREEN,
        "public-meeting-notes.pdf",
    ),
    "003 stage 4, line 1": (
        "Police, fire and council data arrive monthly; health data is still missing.",
        Status.PRIMARY_CARE_TRUST,
        Rag.AMBER,
        "",
    ),
}
GENERIC = [
    (
        "In place and reviewed this year.",
        Status.TERMS_OF_REFERENCE,
        Rag.GREEN,
        "terms-of-reference.pdf",
    ),
    (
        "Covered in the delivery plan, with a named lead.",
        Status.DELIVERY_PLAN,
        Rag.GREEN,
        "delivery-plan.pdf",
    ),
    ("Agreed in principle; the board to confirm.", Status.FOR_CSP, Rag.AMBER, ""),
    (
        "Done through the neighbourhood teams' engagement.",
        Status.IN_PLACE,
        Rag.GREEN,
        "engagement-plan.pdf",
    ),
]


@transaction.atomic
def build_checklists_demo(cycle: Cycle) -> ChecklistRun:
    load_shipped_checklists()
    year = cycle.years.get(number=1)
    template = offered_templates().get(key="statutory-duties")
    run = ChecklistRun.objects.filter(year=year, template=template).first()
    if run:
        return run
    run = start_checklist(year=year, template=template)
    members = Membership.objects.filter(partnership=cycle.partnership).select_related("user")
    owner = members.filter(role=Role.ANALYST).first() or members.first()
    items = list(run.items.select_related("requirement").order_by("requirement__position"))
    asked = [item for item in items if not item.requirement.not_asked]
    for n, item in enumerate(asked[: len(asked) // 2]):
        development, status, rag, document = ANSWERS.get(
            item.requirement.seed_ref, GENERIC[n % len(GENERIC)]
        )
        update_checklist_item(
            item=item,
            action=item.action or "Confirm at the next strategy group meeting.",
            development=development,
            rag=rag,
            status_key=status,
            owner=owner,
            due_on=year.ends_on,
            evidence_link=EVIDENCE + document if document else "",
        )
    return run
