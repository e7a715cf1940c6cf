from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import ChecklistTemplate, Decision, Meeting, Priority, Requirement


@admin.register(Priority)
class PriorityAdmin(SimpleHistoryAdmin):
    list_display = ("title", "year", "status", "published", "escalate_to_county")


@admin.register(Decision)
class DecisionAdmin(SimpleHistoryAdmin):
    list_display = ("priority", "outcome", "decided_at")


admin.site.register(Meeting)


class RequirementInline(admin.TabularInline):
    model = Requirement
    extra = 0


@admin.register(ChecklistTemplate)
class ChecklistTemplateAdmin(admin.ModelAdmin):
    inlines = [RequirementInline]
