"""Home delivery reaches the catchment area's communes only: a postcode shared with communes outside is decided by
the town's name, however it is written."""

import pytest

from delivery.eligibility import home_delivery_eligibility
from territory.models import Commune, CommunePostcode
from tests.factories import TerritoryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def marmande():
    territory = TerritoryFactory()  # Marmande, 47200 (shared with Virazeil, Beaupuy… outside the area)
    commune = Commune.objects.create(territory=territory, insee_code="47233", name="Sainte-Bazeille")
    CommunePostcode.objects.create(commune=commune, postcode="47180")
    commune = Commune.objects.create(territory=territory, insee_code="47100", name="Foulayronnes")
    CommunePostcode.objects.create(commune=commune, postcode="47510")
    return territory


def test_an_address_in_a_commune_of_the_area_is_eligible(marmande):
    found = home_delivery_eligibility(postcode="47200", town="Marmande")
    assert found.eligible and found.commune.insee_code == "47157" and found.refusal == ""


@pytest.mark.parametrize("town", ["STE BAZEILLE", "sainte bazeille", "Ste-Bazeille", "Sainte-Bazeille "])
def test_the_town_name_is_compared_without_accents_case_hyphens_or_saint_abbreviations(marmande, town):
    assert home_delivery_eligibility(postcode="47 180", town=town).commune.insee_code == "47233"


def test_a_postcode_outside_the_area_is_refused_with_a_french_message(marmande):
    found = home_delivery_eligibility(postcode="33000", town="Bordeaux")
    assert not found.eligible
    assert "Val de Garonne" in found.refusal and "33000" in found.refusal


def test_a_commune_outside_the_area_sharing_its_postcode_is_refused(marmande):
    found = home_delivery_eligibility(postcode="47200", town="Virazeil")
    assert not found.eligible
    assert "Virazeil n'en fait pas partie" in found.refusal


def test_an_unknown_town_on_a_shared_postcode_asks_for_the_commune(marmande):
    found = home_delivery_eligibility(postcode="47200", town="Nulle-Part")
    assert not found.eligible
    assert "couvre plusieurs communes" in found.refusal


def test_a_misspelt_town_on_a_postcode_of_one_commune_only_is_still_that_commune(marmande):
    assert home_delivery_eligibility(postcode="47510", town="Foulayrone").commune.name == "Foulayronnes"


def test_a_misspelt_town_on_a_shared_postcode_is_not_guessed(marmande):
    assert not home_delivery_eligibility(postcode="47180", town="Ste Bazeil").eligible
