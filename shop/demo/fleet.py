"""The demo's delivery fleet: a refrigerated electric van for the demo courier, and a cargo bike and a car with
two more couriers, so that a planned day has a round for chilled parcels and two for the rest."""

from django.contrib.auth import get_user_model

from core import roles
from delivery.models import Courier, Vehicle, VehicleKind
from territory.models import Membership, Territory

# (vehicle name, kind, parcels, litres, refrigerated, courier's e-mail prefix, first name, last name)
FLEET = [
    ("Utilitaire frigorifique", VehicleKind.ELECTRIC_VAN, 80, 3000, True, None, None, None),
    ("Vélo cargo", VehicleKind.CARGO_BIKE, 30, 400, False, "velo", "Inès", "Carrère"),
    ("Voiture de service", VehicleKind.CAR, 40, 1500, False, "voiture", "Thomas", "Lafitte"),
]


def seed_fleet(*, demo, territory: Territory, password: str) -> list[tuple]:
    """Vehicles and couriers of ``territory`` (in it); returns the extra couriers' accounts for the summary."""
    from django.contrib.auth.models import Group

    User = get_user_model()
    courier_email = next(email for role, email, *_names in demo.users if role == roles.COURIER)
    domain = territory.domain or territory.slug
    accounts = []
    for name, kind, parcels, litres, cold, prefix, first_name, last_name in FLEET:
        vehicle, _created = Vehicle.objects.update_or_create(
            name=name,
            defaults={
                "kind": kind,
                "capacity_parcels": parcels,
                "capacity_litres": litres,
                "refrigerated": cold,
            },
        )
        if prefix is None:
            user = User.objects.filter(email=courier_email).first()
        else:
            local, _at, host = courier_email.partition("@")
            email = f"{local}.{prefix}@{host}"
            user = User.objects.filter(email=email).first() or User.objects.create_user(
                username=email.split("@")[0],
                email=email,
                password=password,
                first_name=first_name,
                last_name=last_name,
            )
            Membership.objects.update_or_create(user=user, defaults={"territory": territory})
            user.groups.add(Group.objects.get(name=roles.GROUP_NAMES[roles.COURIER]))
            accounts.append((domain, roles.COURIER, email, password))
        if user is not None:
            Courier.objects.update_or_create(user=user, defaults={"vehicle": vehicle})
    return accounts
