"""Writes about the contact points themselves: the version of the nearest-point index, and how long each
category of point keeps a parcel."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from pickup.models import IndexState, PointCategory, RetentionPolicy


def index_bump() -> None:
    """Records that the set of points changed; every process rebuilds its nearest index on next use."""
    state, _created = IndexState.objects.get_or_create(pk=1)
    IndexState.objects.filter(pk=state.pk).update(version=F("version") + 1)


DEFAULT_REMINDER_DAYS_BEFORE = 2


@dataclass(frozen=True)
class Retention:
    days: int
    reminder_days_before: int


def retention_by_category() -> dict[str, Retention]:
    """Each point category's retention: the municipality's setting, else the default (14 days in a bureau)."""
    policies = {policy.category: policy for policy in RetentionPolicy.objects.all()}
    retentions = {}
    for category in PointCategory.values:
        policy = policies.get(category)
        if policy is not None:
            retentions[category] = Retention(policy.days, policy.reminder_days_before)
        else:
            retentions[category] = Retention(
                RetentionPolicy.DEFAULT_DAYS[category], DEFAULT_REMINDER_DAYS_BEFORE
            )
    return retentions


def retention_for_category(*, category: str) -> Retention:
    """How long a parcel waits at a point of ``category``, and when its reminder goes."""
    return retention_by_category()[category]


@transaction.atomic
def retention_policy_set(*, category: str, days: int, reminder_days_before: int) -> RetentionPolicy:
    """The municipality sets a category's retention; parcels already ready keep the date they were given."""
    if category not in PointCategory.values:
        raise ValidationError(_("Catégorie de point inconnue."), code="category")
    if not 1 <= days <= 90:
        raise ValidationError(_("La durée de garde va de 1 à 90 jours."), code="days")
    if not 0 <= reminder_days_before < days:
        raise ValidationError(
            _(
                "Le rappel part au plus tard la veille de la fin de la garde : moins de jours que la durée de garde."
            ),
            code="reminder_days_before",
        )
    policy, _created = RetentionPolicy.objects.update_or_create(
        category=category, defaults={"days": days, "reminder_days_before": reminder_days_before}
    )
    return policy
