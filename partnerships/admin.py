from django.contrib import admin

from .models import (
    Agency,
    District,
    Invitation,
    Membership,
    Partnership,
    SignInDomain,
    SingleSignOn,
)


class DistrictInline(admin.TabularInline):
    model = District
    extra = 0


class AgencyInline(admin.TabularInline):
    model = Agency
    extra = 0


@admin.register(Partnership)
class PartnershipAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "parent")
    prepopulated_fields = {"slug": ("name",)}
    inlines = [DistrictInline, AgencyInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "partnership", "role", "agency", "left_at")
    list_filter = ("partnership", "role", ("left_at", admin.EmptyFieldListFilter))
    # Leaving is done on the person's page, where the last admin is kept.
    readonly_fields = ("left_at",)


admin.site.register(Invitation)


@admin.register(SingleSignOn)
class SingleSignOnAdmin(admin.ModelAdmin):
    """To look up and delete. A partnership's admin changes it on its sign-in page, where
    a new provider sends every domain back to site staff to confirm."""

    list_display = ("partnership", "provider")

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(SignInDomain)
class SignInDomainAdmin(admin.ModelAdmin):
    """To look up. Confirming, refusing and withdrawing are done on the service's own
    page (partnerships/domain_views.py), which refuses a domain confirmed elsewhere and
    keeps a withdrawn domain, refused, with its history."""

    list_display = ("domain", "single_sign_on", "status", "asked_at", "decided_by", "decided_at")
    list_filter = ("status",)
    search_fields = ("domain",)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
