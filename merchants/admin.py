from django.contrib import admin

from merchants.models import Fulfilment, Merchant, OpeningHours


class OpeningHoursInline(admin.TabularInline):
    model = OpeningHours
    extra = 0


@admin.register(Merchant)
class MerchantAdmin(admin.ModelAdmin):
    list_display = ["trade_name", "sector", "city", "status"]
    list_filter = ["status", "sector"]
    search_fields = ["trade_name", "legal_name", "siret"]
    inlines = [OpeningHoursInline]
    # An application moves only through the municipality's review (merchants.applications), never by hand here.
    readonly_fields = ["status", "reviewed_at", "reviewed_by", "rejection_reason"]


@admin.register(Fulfilment)
class FulfilmentAdmin(admin.ModelAdmin):
    list_display = ["order", "merchant", "status", "created_at"]
    list_filter = ["status"]
    raw_id_fields = ["order", "lines"]
    # The preparation moves only through Fulfilment.TRANSITIONS, by the services that record who and when.
    readonly_fields = ["status"]
