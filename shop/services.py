"""Writes of the shop itself: the roles' groups."""


def roles_ensure() -> None:
    """Creates the role groups and gives the municipality its permissions; safe to run again."""
    from django.contrib.auth.models import Group, Permission

    from core import roles

    groups = {role: Group.objects.get_or_create(name=name)[0] for role, name in roles.GROUP_NAMES.items()}
    for app_label, codename in roles.MUNICIPALITY_PERMISSIONS:
        permission = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
        if permission is not None:
            groups[roles.MUNICIPALITY].permissions.add(permission)
