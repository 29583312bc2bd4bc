"""The five roles and who may reach what. Groups carry the roles; a merchant is a user of a Partner."""

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

RESIDENT = "resident"
MERCHANT = "merchant"
COURIER = "courier"
COUNTER_AGENT = "counter_agent"
MUNICIPALITY = "municipality"

GROUP_NAMES = {
    COURIER: "Livreurs",
    COUNTER_AGENT: "Agents de guichet",
    MUNICIPALITY: "Mairie",
}

MUNICIPALITY_PERMISSIONS = [
    ("territory", "change_territory"),
    ("shop", "add_commune"),
    ("shop", "delete_commune"),
    ("merchants", "view_merchant"),
    ("merchants", "change_merchant"),
]


def in_group(user: AbstractBaseUser | AnonymousUser, role: str) -> bool:
    if not user.is_authenticated:
        return False
    names = getattr(user, "_role_group_names", None)
    if names is None:
        names = set(user.groups.values_list("name", flat=True))
        user._role_group_names = names
    return GROUP_NAMES[role] in names


def is_municipality(user) -> bool:
    return user.is_authenticated and (user.is_superuser or in_group(user, MUNICIPALITY))


def is_merchant(user) -> bool:
    """An approved merchant's user: an applicant, rejected or suspended shop has no merchant space.

    Remembered on the user object for the request, as the menu asks once per merchant entry."""
    if not user.is_authenticated:
        return False
    known = getattr(user, "_is_approved_merchant", None)
    if known is None:
        known = user.partners.filter(merchant__status="approved").exists()
        user._is_approved_merchant = known
    return known


def can_manage_territory(user) -> bool:
    return user.is_authenticated and user.is_staff and user.has_perm("territory.change_territory")


_OWN_DASHBOARD_RULES = {
    "shop-dashboard": lambda user: can_manage_territory(user),
    "merchant-space": lambda user: is_merchant(user),
    "pickup-dashboard": lambda user: can_manage_territory(user),
    "delivery-dashboard": lambda user: can_manage_territory(user),
    "merchant-review": lambda user: can_manage_territory(user),
    "dispatch": lambda user: can_manage_territory(user),
    "observatory": lambda user: can_manage_territory(user),
    "merchant-observatory": lambda user: is_merchant(user),
}


def dashboard_access_fn(user, url_name, url_args=None, url_kwargs=None) -> bool:
    """Oscar's dashboard menu access, extended to the project's own dashboard pages."""
    from oscar.apps.dashboard.nav import default_access_fn

    if url_name == "shop-dashboard:territories":
        return user.is_authenticated and user.is_superuser  # the national operator's list of territories
    namespace = (url_name or "").partition(":")[0]
    if namespace in _OWN_DASHBOARD_RULES:
        return _OWN_DASHBOARD_RULES[namespace](user)
    return default_access_fn(user, url_name, url_args, url_kwargs)
