from django.contrib import admin

from .models import Digest, Notification, Preference


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["created_at", "user", "kind", "delivery", "sent_at", "attempts", "last_error"]
    list_filter = ["kind", "delivery"]
    search_fields = ["user__email", "key", "subject"]
    readonly_fields = [f.name for f in Notification._meta.fields]


@admin.register(Digest)
class DigestAdmin(admin.ModelAdmin):
    list_display = ["day", "user", "sent_at", "attempts", "last_error"]
    readonly_fields = [f.name for f in Digest._meta.fields]


@admin.register(Preference)
class PreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "delivery", "updated_at"]
