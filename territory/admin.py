from django.contrib import admin

from territory.models import Commune, CommunePostcode, Territory


class CommunePostcodeInline(admin.TabularInline):
    model = CommunePostcode
    extra = 0


@admin.register(Territory)
class TerritoryAdmin(admin.ModelAdmin):
    list_display = ["name", "contact_email", "updated_at"]


@admin.register(Commune)
class CommuneAdmin(admin.ModelAdmin):
    list_display = ["name", "insee_code", "territory"]
    search_fields = ["name", "insee_code"]
    inlines = [CommunePostcodeInline]
