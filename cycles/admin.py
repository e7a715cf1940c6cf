from django.contrib import admin

from .models import Activity, Cycle, CycleYear, Stage


@admin.register(Cycle)
class CycleAdmin(admin.ModelAdmin):
    list_display = ("name", "partnership", "template_key", "start_year")


admin.site.register(CycleYear)
admin.site.register(Stage)
admin.site.register(Activity)
