"""The one access mixin: a view names the role it requires, as a check of the user from core.roles."""

from collections.abc import Callable

from django.contrib.auth.mixins import UserPassesTestMixin

from core import roles


class RoleRequiredMixin(UserPassesTestMixin):
    """Anonymous visitors go to the login page, signed-in users without the role get a 403."""

    role_check: Callable = staticmethod(lambda user: False)

    def test_func(self) -> bool:
        return bool(self.role_check(self.request.user))


class MunicipalityRequiredMixin(RoleRequiredMixin):
    """The municipality's pages: its staff, or a superuser."""

    role_check = staticmethod(roles.can_manage_territory)


class MerchantRequiredMixin(RoleRequiredMixin):
    """The merchant space: an approved merchant's users."""

    role_check = staticmethod(roles.is_merchant)
