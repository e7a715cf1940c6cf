from django.urls import path

from .views import checklists, escalations, kpis, meetings, proposals, terms, you_said

app_name = "priorities"

urlpatterns = [
    path("", proposals.index, name="index"),
    path("years/<int:year_id>/", proposals.year_priorities, name="year"),
    path("years/<int:year_id>/propose/", proposals.propose, name="propose"),
    path("years/<int:year_id>/carry-over/", proposals.carry_over, name="carry_over"),
    path("years/<int:year_id>/publish/", proposals.publish, name="publish"),
    path("years/<int:year_id>/review/", proposals.review_edit, name="review"),
    path("years/<int:year_id>/terms/", terms.terms, name="terms"),
    path("years/<int:year_id>/terms/start/", terms.terms_start, name="terms_start"),
    path("terms/<int:terms_id>/edit/", terms.terms_edit, name="terms_edit"),
    path("terms/<int:terms_id>/decision/", terms.terms_decision, name="terms_decision"),
    path("<int:priority_id>/", proposals.priority_detail, name="priority"),
    path("<int:priority_id>/edit/", proposals.priority_edit, name="priority_edit"),
    path("<int:priority_id>/escalate/", escalations.escalate, name="escalate"),
    path("<int:priority_id>/kpis/new/", kpis.kpi_new, name="kpi_new"),
    path("kpis/<int:kpi_id>/figures/new/", kpis.kpi_value_new, name="kpi_value_new"),
    path("meetings/", meetings.meeting_list, name="meetings"),
    path("meetings/new/", meetings.meeting_new, name="meeting_new"),
    path("meetings/<int:meeting_id>/", meetings.meeting_detail, name="meeting"),
    path("meetings/<int:meeting_id>/edit/", meetings.meeting_edit, name="meeting_edit"),
    path("meetings/<int:meeting_id>/items/new/", meetings.item_new, name="item_new"),
    path("items/<int:item_id>/outcome/", meetings.item_outcome, name="item_outcome"),
    path("items/<int:item_id>/decisions/new/", meetings.decision_new, name="decision_new"),
    path("items/<int:item_id>/actions/new/", meetings.action_new, name="action_new"),
    path("actions/<int:action_id>/", meetings.action_detail, name="action"),
    path("escalations/", escalations.escalations, name="escalations"),
    path("escalations/<int:priority_id>/adopt/", escalations.adopt, name="adopt"),
    path("checklists/", checklists.checklists, name="checklists"),
    path("checklists/<int:run_id>/", checklists.checklist_run, name="checklist"),
    path("checklists/<int:run_id>/workbook/", checklists.checklist_export, name="checklist_export"),
    path("checklist-items/<int:item_id>/", checklists.checklist_item, name="checklist_item"),
    path("you-said-we-did/", you_said.you_said_list, name="you_said_list"),
    path(
        "you-said-we-did/surveys/<int:survey_id>/draft/",
        you_said.you_said_draft,
        name="you_said_draft",
    ),
    path("you-said-we-did/<int:page_id>/", you_said.you_said_edit, name="you_said_edit"),
    path(
        "you-said-we-did/<int:page_id>/publish/",
        you_said.you_said_status,
        {"action": "publish"},
        name="you_said_publish",
    ),
    path(
        "you-said-we-did/<int:page_id>/withdraw/",
        you_said.you_said_status,
        {"action": "withdraw"},
        name="you_said_withdraw",
    ),
    path(
        "checklist-items/<int:item_id>/evidence/",
        checklists.checklist_evidence,
        name="checklist_evidence",
    ),
]
