from django.contrib import admin
from django.db import transaction

from pickup.models import ContactPoint
from pickup.services import index_bump


@admin.register(ContactPoint)
class ContactPointAdmin(admin.ModelAdmin):
    list_display = ["site_id", "name", "type", "postcode", "city", "is_active"]
    list_filter = ["category", "is_active"]
    search_fields = ["site_id", "name", "city", "postcode"]
    readonly_fields = ["category"]

    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            index_bump()

    def has_delete_permission(self, request, obj=None):
        # Past orders keep their point: a point is deactivated, never deleted.
        return False
