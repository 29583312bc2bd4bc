"""Oscar's dashboard sections that span the whole deployment (every account, every partner and review, the offers,
vouchers, pages, e-mails, ranges and shipping methods) are the national operator's: a municipality's staff sees its
own territory through the project's pages and Oscar's catalogue and order pages, which the ORM guard filters."""

from oscar.apps.dashboard.communications import apps as communications
from oscar.apps.dashboard.offers import apps as offers
from oscar.apps.dashboard.pages import apps as pages
from oscar.apps.dashboard.partners import apps as partners
from oscar.apps.dashboard.ranges import apps as ranges
from oscar.apps.dashboard.reviews import apps as reviews
from oscar.apps.dashboard.shipping import apps as shipping
from oscar.apps.dashboard.users import apps as users
from oscar.apps.dashboard.vouchers import apps as vouchers

OPERATOR = ["is_superuser"]


class _OperatorOnly:
    def configure_permissions(self):
        super().configure_permissions()
        self.default_permissions = OPERATOR
        self.permissions_map = {name: (OPERATOR,) for name in self.permissions_map}


class UsersDashboardConfig(_OperatorOnly, users.UsersDashboardConfig):
    def ready(self):
        super().ready()
        from django.utils.translation import gettext_lazy as _
        from oscar.core.loading import get_class

        # Oscar's users table names its column after the attribute, « Name », in every language.
        get_class("dashboard.users.tables", "UserTable").base_columns["name"].verbose_name = _("Nom")


class PartnersDashboardConfig(_OperatorOnly, partners.PartnersDashboardConfig):
    pass


class ReviewsDashboardConfig(_OperatorOnly, reviews.ReviewsDashboardConfig):
    pass


class OffersDashboardConfig(_OperatorOnly, offers.OffersDashboardConfig):
    pass


class VouchersDashboardConfig(_OperatorOnly, vouchers.VouchersDashboardConfig):
    pass


class PagesDashboardConfig(_OperatorOnly, pages.PagesDashboardConfig):
    pass


class CommunicationsDashboardConfig(_OperatorOnly, communications.CommunicationsDashboardConfig):
    pass


class RangesDashboardConfig(_OperatorOnly, ranges.RangesDashboardConfig):
    pass


class ShippingDashboardConfig(_OperatorOnly, shipping.ShippingDashboardConfig):
    pass
