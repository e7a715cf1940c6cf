from django.contrib import admin

from .models import Agency, District, Invitation, Membership, Partnership, SingleSignOn


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
    list_display = ("partnership", "provider")
