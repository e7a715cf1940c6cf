from django.contrib import admin

from .models import HealthCheck


@admin.register(HealthCheck)
class HealthCheckAdmin(admin.ModelAdmin):
    list_display = ("requested_at", "status", "answered_at", "worker", "requested_by")
