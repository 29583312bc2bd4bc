import factory

from pickup.models import ContactPoint


class ContactPointFactory(factory.django.DjangoModelFactory):
    """A bureau de poste in Marmande; override what a test needs."""

    class Meta:
        model = ContactPoint

    site_id = factory.Sequence(lambda n: f"9{n:05d}")
    name = factory.Sequence(lambda n: f"MARMANDE BUREAU {n}")
    type = "Bureau de Poste"
    address = "1 PLACE DE LA POSTE"
    postcode = "47200"
    city = "MARMANDE"
    insee_code = "47157"
    country = "France"
    latitude = 44.5
    longitude = 0.165
    is_active = True


# The parcel at the point: orders to collect, parcels and counter agents.


def make_pickup_order(*, user=None, first_name="Camille", last_name="Laborde", number=None, email=None):
    """A placed order to collect at a point, with its shipping address; no lines are needed here."""
    from decimal import Decimal

    from django.contrib.auth import get_user_model
    from django.utils import timezone
    from oscar.core.loading import get_model

    from territory.services import order_terms_freeze

    order_model = get_model("order", "Order")
    from tests.factories import france, home_territory

    country = france()
    if user is None:
        count = get_user_model().objects.count()
        user = get_user_model().objects.create_user(
            username=f"habitant{count}-{first_name.lower()}",
            email=email or f"{first_name.lower()}.{last_name.lower()}.{count}@example.test",
            first_name=first_name,
            last_name=last_name,
            password=None,
        )
    address = get_model("order", "ShippingAddress").objects.create(
        first_name=first_name,
        last_name=last_name,
        line1="8 rue Abel Boyé",
        line4="Marmande",
        postcode="47200",
        country=country,
    )
    order = order_model.objects.create(
        territory=home_territory(),
        number=number or f"{100000 + order_model.objects.count() + 1}",
        user=user,
        shipping_address=address,
        currency="EUR",
        total_incl_tax=Decimal("12.40"),
        total_excl_tax=Decimal("11.20"),
        shipping_incl_tax=Decimal("2.90"),
        shipping_excl_tax=Decimal("2.42"),
        shipping_code="contact-point",
        shipping_method="Retrait en point de contact La Poste",
        date_placed=timezone.now(),
    )
    order_terms_freeze(order=order)  # as checkout does
    return order


def make_parcel(*, contact_point=None, order=None, **order_kwargs):
    """An awaiting parcel announced through the service, as checkout does."""
    from pickup.services import parcel_create_for_order

    return parcel_create_for_order(
        order=order or make_pickup_order(**order_kwargs), contact_point=contact_point or ContactPointFactory()
    )


def make_counter_agent(*, contact_point, **user_kwargs):
    """A user of the « Agents de guichet » group working at ``contact_point``."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from core import roles
    from pickup.models import CounterAgent

    count = get_user_model().objects.count()
    user = get_user_model().objects.create_user(
        username=user_kwargs.pop("username", f"agent{count}"),
        email=user_kwargs.pop("email", f"agent{count}@example.test"),
        password=user_kwargs.pop("password", None),
        **{"first_name": "Dominique", "last_name": "Guichet", **user_kwargs},
    )
    group, _created = Group.objects.get_or_create(name=roles.GROUP_NAMES[roles.COUNTER_AGENT])
    user.groups.add(group)
    from tests.factories import home_territory

    CounterAgent.objects.create(user=user, contact_point=contact_point, territory=home_territory())
    return user
