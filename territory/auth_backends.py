"""Sign-in on the account's own territory only, by e-mail (the shop) or by username (the admin)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from oscar.apps.customer.auth_backends import EmailBackend

from territory.selectors import account_belongs


class _OwnTerritoryOnly:
    def authenticate(self, request, *args, **kwargs):
        user = super().authenticate(request, *args, **kwargs)
        territory = getattr(request, "territory", None)
        if user is not None and territory is not None and not account_belongs(user=user, territory=territory):
            return None
        return user

    def get_user(self, user_id):
        # The signed-in user comes with their territory (the middleware checks it) and, for the menu, their
        # courier's record, in the same query. Named by the relation, so territory imports nothing above it.
        User = get_user_model()
        related = ["territory_membership"]
        if any(field.name == "courier" for field in User._meta.related_objects):
            related.append("courier")
        user = User._default_manager.select_related(*related).filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None


class TerritoryEmailBackend(_OwnTerritoryOnly, EmailBackend):
    """Oscar's e-mail sign-in, refused on another territory's pages than the account's."""


class TerritoryModelBackend(_OwnTerritoryOnly, ModelBackend):
    """Django's username sign-in (the admin), refused likewise."""
