"""Whether home delivery reaches an address: its commune must be one of the catchment area's. A postcode is not
enough (47200 covers Marmande and nine other communes): when the area holds only some of a postcode's communes,
the address's town name decides, compared the way La Poste writes names (accents, case, « St »/« Saint »,
hyphens), and also against La Poste's place names (lieux-dits) of each commune."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from core.geocoding import name_key
from core.postcodes import entries_by_postcode
from territory.models import Commune
from territory.selectors import territory_current


@dataclass(frozen=True)
class Eligibility:
    commune: Commune | None
    refusal: str  # why home delivery is not offered, in the resident's words; "" when it is

    @property
    def eligible(self) -> bool:
        return self.commune is not None


def home_delivery_eligibility(*, postcode: str, town: str) -> Eligibility:
    """The catchment area's commune an address lies in, or why home delivery does not reach it."""
    territory = territory_current()
    if territory is None:
        return Eligibility(
            None,
            _(
                "La livraison à domicile n'est pas encore proposée : la commune n'a pas défini son territoire."
            ),
        )
    postcode = (postcode or "").replace(" ", "")
    candidates = list(Commune.objects.filter(territory=territory, postcodes__postcode=postcode).distinct())
    outside = _(
        "La livraison à domicile n'est proposée que dans les communes du territoire %(territory)s : "
        "%(place)s n'en fait pas partie."
    )
    if not candidates:
        place = _("le code postal %(postcode)s") % {"postcode": postcode or "—"}
        return Eligibility(None, outside % {"territory": territory.name, "place": place})
    key = name_key(town)
    by_key = {name_key(commune.name): commune for commune in candidates}
    by_insee = {commune.insee_code: commune for commune in candidates}
    if key in by_key:
        return Eligibility(by_key[key], "")
    known = entries_by_postcode().get(postcode, [])
    named = {
        entry.insee_code for entry in known if key and key in (name_key(entry.commune), name_key(entry.label))
    }
    inside = named & set(by_insee)
    if inside:
        return Eligibility(by_insee[min(inside)], "")
    postcode_communes = {entry.insee_code for entry in known}
    if not named and postcode_communes <= set(by_insee) and len(candidates) == 1:
        # The postcode is this one commune's alone: a town name misspelt cannot put the address elsewhere.
        return Eligibility(candidates[0], "")
    if named:
        place = town.strip()
        return Eligibility(None, outside % {"territory": territory.name, "place": place})
    return Eligibility(
        None,
        _(
            "Le code postal %(postcode)s couvre plusieurs communes et « %(town)s » n'en est pas une : "
            "indiquez le nom de votre commune pour savoir si la livraison à domicile vous est proposée."
        )
        % {"postcode": postcode, "town": town.strip() or "—"},
    )
