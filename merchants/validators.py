from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.text import is_ascii_number

LA_POSTE_SIREN = "356000000"


def luhn_valid(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def siret_is_valid(value: str) -> bool:
    """A SIRET is 14 digits with a Luhn key; La Poste's establishments use a digit sum divisible by 5."""
    siret = (value or "").replace(" ", "")
    if len(siret) != 14 or not is_ascii_number(siret):
        return False
    if siret.startswith(LA_POSTE_SIREN) and siret != LA_POSTE_SIREN + "00048":
        return sum(int(char) for char in siret) % 5 == 0
    return luhn_valid(siret)


def validate_siret(value: str) -> None:
    siret = (value or "").replace(" ", "")
    if len(siret) != 14 or not is_ascii_number(siret):
        raise ValidationError(_("Un SIRET compte 14 chiffres."), code="siret_length")
    if not siret_is_valid(siret):
        raise ValidationError(
            _("Ce SIRET n'est pas valide : sa clé de contrôle ne correspond pas."), code="siret_key"
        )
