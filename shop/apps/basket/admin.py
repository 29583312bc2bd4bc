import oscar.apps.basket.admin  # noqa: F401
