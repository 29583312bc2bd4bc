import oscar.apps.partner.admin  # noqa: F401
