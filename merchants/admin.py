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


@admin.register(Fulfilment)
class FulfilmentAdmin(admin.ModelAdmin):
    list_display = ["order", "merchant", "status", "created_at"]
    list_filter = ["status"]
    raw_id_fields = ["order", "lines"]
