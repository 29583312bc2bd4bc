import pytest
from django.core.exceptions import ValidationError

from merchants.validators import siret_is_valid, validate_siret


@pytest.mark.parametrize(
    "siret",
    ["73282932000074", "732 829 320 00074", "35600000000048", "35600000049837"],
)
def test_valid_sirets(siret):
    assert siret_is_valid(siret)
    validate_siret(siret)


@pytest.mark.parametrize("siret", ["73282932000075", "7328293200007", "7328293200007A", "", "35600000049838"])
def test_invalid_sirets_are_refused_with_a_french_message(siret):
    with pytest.raises(ValidationError) as error:
        validate_siret(siret)
    assert "SIRET" in str(error.value)
