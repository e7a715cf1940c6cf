from django.urls import path

from . import views

app_name = "priorities"

urlpatterns = [
    path("", views.index, name="index"),
    path("years/<int:year_id>/", views.year_priorities, name="year"),
    path("years/<int:year_id>/propose/", views.propose, name="propose"),
    path("years/<int:year_id>/carry-over/", views.carry_over, name="carry_over"),
    path("years/<int:year_id>/publish/", views.publish, name="publish"),
    path("years/<int:year_id>/review/", views.review_edit, name="review"),
    path("<int:priority_id>/", views.priority_detail, name="priority"),
    path("<int:priority_id>/edit/", views.priority_edit, name="priority_edit"),
    path("<int:priority_id>/escalate/", views.escalate, name="escalate"),
    path("<int:priority_id>/kpis/new/", views.kpi_new, name="kpi_new"),
    path("kpis/<int:kpi_id>/figures/new/", views.kpi_value_new, name="kpi_value_new"),
    path("meetings/", views.meeting_list, name="meetings"),
    path("meetings/new/", views.meeting_new, name="meeting_new"),
    path("meetings/<int:meeting_id>/", views.meeting_detail, name="meeting"),
    path("meetings/<int:meeting_id>/items/new/", views.item_new, name="item_new"),
    path("items/<int:item_id>/outcome/", views.item_outcome, name="item_outcome"),
    path("items/<int:item_id>/decisions/new/", views.decision_new, name="decision_new"),
    path("items/<int:item_id>/actions/new/", views.action_new, name="action_new"),
    path("actions/<int:action_id>/", views.action_detail, name="action"),
    path("escalations/", views.escalations, name="escalations"),
    path("escalations/<int:priority_id>/adopt/", views.adopt, name="adopt"),
    path("checklists/", views.checklists, name="checklists"),
    path("checklists/<int:run_id>/", views.checklist_run, name="checklist"),
    path("checklists/<int:run_id>/workbook/", views.checklist_export, name="checklist_export"),
    path("checklist-items/<int:item_id>/", views.checklist_item, name="checklist_item"),
    path("you-said-we-did/", views.you_said_list, name="you_said_list"),
    path(
        "you-said-we-did/surveys/<int:survey_id>/draft/",
        views.you_said_draft,
        name="you_said_draft",
    ),
    path("you-said-we-did/<int:page_id>/", views.you_said_edit, name="you_said_edit"),
    path(
        "you-said-we-did/<int:page_id>/publish/",
        views.you_said_status,
        {"action": "publish"},
        name="you_said_publish",
    ),
    path(
        "you-said-we-did/<int:page_id>/withdraw/",
        views.you_said_status,
        {"action": "withdraw"},
        name="you_said_withdraw",
    ),
    path(
        "checklist-items/<int:item_id>/evidence/",
        views.checklist_evidence,
        name="checklist_evidence",
    ),
]
