"""Embedded-default settings: the demo and the tests. Production is `shop.settings.production`."""

from .base import *  # noqa: F403
