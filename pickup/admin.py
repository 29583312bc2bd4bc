from django.contrib import admin

from pickup.models import ContactPoint


@admin.register(ContactPoint)
class ContactPointAdmin(admin.ModelAdmin):
    list_display = ["site_id", "name", "type", "postcode", "city", "is_active"]
    list_filter = ["type", "is_active"]
    search_fields = ["site_id", "name", "city", "postcode"]
