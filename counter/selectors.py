"""What a helper may see of residents: a search match (first name, last name's initial, postcode) and, under a
mandate in force only, the resident's account; what a resident sees of the mandates they gave."""

from dataclasses import dataclass

import phonenumbers
from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from oscar.core.loading import get_model

from core.text import unaccent
from counter.models import HelperAction, Mandate
from territory.tenancy import territory_active_id

MAX_MATCHES = 5


@dataclass(frozen=True)
class ResidentMatch:
    """What a search shows of a resident before any mandate: enough to tell two people apart, nothing more."""

    pk: int
    label: str


def _residents() -> QuerySet:
    """The active territory's resident accounts (every territory's when working across them)."""
    residents = get_user_model().objects.filter(is_active=True, is_staff=False)
    territory_id = territory_active_id()
    if territory_id is not None:
        residents = residents.filter(territory_membership__territory_id=territory_id)
    return residents


def _match(user, postcode: str = "") -> ResidentMatch:
    initial = f" {user.last_name[:1]}." if user.last_name else ""
    label = f"{user.first_name or '—'}{initial}"
    return ResidentMatch(pk=user.pk, label=f"{label} ({postcode})" if postcode else label)


def _first_postcode(user) -> str:
    address = (
        get_model("address", "UserAddress").objects.filter(user=user).order_by("-is_default_for_shipping")
    )
    return address.values_list("postcode", flat=True).first() or ""


def residents_matching(*, email: str = "", phone: str = "", last_name: str = "", postcode: str = "") -> list:
    """Residents of the active territory whose e-mail, or phone, or last name and postcode are exactly those typed
    (accents and case aside): never a partial match, so that a search cannot list the residents."""
    residents = _residents()
    if email:
        found = residents.filter(email__iexact=email.strip())
    elif phone:
        try:
            number = phonenumbers.parse(phone, "FR")
        except phonenumbers.NumberParseException:
            return []
        e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
        found = residents.filter(addresses__phone_number=e164)
    elif last_name and postcode:
        wanted = unaccent(last_name).strip()
        found = [
            user
            for user in residents.filter(addresses__postcode=postcode.strip()).distinct()[:200]
            if unaccent(user.last_name).strip() == wanted
        ]
        return [_match(user, postcode.strip()) for user in found[:MAX_MATCHES]]
    else:
        return []
    return [_match(user, _first_postcode(user)) for user in found.distinct()[:MAX_MATCHES]]


def resident_match(*, resident_id: int) -> ResidentMatch | None:
    user = _residents().filter(pk=resident_id).first()
    return _match(user, _first_postcode(user)) if user else None


def mandates_held(*, helper) -> QuerySet:
    """The helper's own mandates, newest first, with their resident."""
    return Mandate.objects.filter(helper=helper).select_related("resident")


def mandate_held(*, helper, pk: int) -> Mandate | None:
    return mandates_held(helper=helper).filter(pk=pk).first()


def mandates_given(*, resident) -> QuerySet:
    """The mandates the resident gave, newest first, with their helper."""
    return Mandate.objects.filter(resident=resident).select_related("helper")


def helper_actions(*, resident) -> QuerySet:
    """What helpers did for the resident, newest first."""
    return HelperAction.objects.filter(resident=resident).select_related("helper", "mandate")
