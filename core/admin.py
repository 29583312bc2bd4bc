from django.contrib import admin

from core.models import OutboxMessage


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    """Read-only: operators see what waits for the broker or keeps failing; the relay alone changes it."""

    list_display = ["pk", "task", "created_at", "relayed_at", "done_at", "relay_count", "last_error"]
    list_filter = [("done_at", admin.EmptyFieldListFilter), "task"]
    readonly_fields = [field.name for field in OutboxMessage._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
