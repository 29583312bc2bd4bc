import oscar.apps.catalogue.admin  # noqa: F401
