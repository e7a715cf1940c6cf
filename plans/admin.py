from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Plan, PlanDecision, PlanRender, PlanSending


@admin.register(Plan)
class PlanAdmin(SimpleHistoryAdmin):
    list_display = ("partnership", "version", "status", "published_at")
    list_filter = ("status",)


admin.site.register(PlanDecision, SimpleHistoryAdmin)
admin.site.register(PlanSending, SimpleHistoryAdmin)


@admin.register(PlanRender)
class PlanRenderAdmin(admin.ModelAdmin):
    list_display = ("plan", "status", "requested_at", "finished_at")
