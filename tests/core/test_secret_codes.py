"""The short codes read out by a person (parcel collection, home delivery): the keyed hash kept of them stays the
same formula (codes already stored keep working), a sealed code comes back only with the key, and a rotated key
still opens what the old one sealed."""

import hashlib
import hmac

from core import secret_codes


def test_the_kept_hash_is_django_salted_hmac_sha256_of_subject_and_code(settings):
    settings.SECRET_KEY = "une-clé-de-test-assez-longue-pour-django-0123456789"
    expected = hmac.new(
        hashlib.sha256(("pickup.parcel.code" + settings.SECRET_KEY).encode()).digest(),
        b"42:123456",
        hashlib.sha256,
    ).hexdigest()
    assert secret_codes.code_hash(salt="pickup.parcel.code", subject=42, code="123456") == expected
    assert secret_codes.code_matches(salt="pickup.parcel.code", subject=42, code="123456", stored=expected)
    assert not secret_codes.code_matches(
        salt="pickup.parcel.code", subject=43, code="123456", stored=expected
    )
    assert not secret_codes.code_matches(salt="delivery.code", subject=42, code="123456", stored=expected)
    assert not secret_codes.code_matches(salt="pickup.parcel.code", subject=42, code="", stored=expected)


def test_a_sealed_code_comes_back_with_its_key_and_through_a_rotation(settings):
    settings.SECRET_KEY = "ancienne-clé-de-test-assez-longue-pour-django-0123"
    code = secret_codes.code_draw(digits=6)
    assert len(code) == 6 and code.isdigit()
    stored = secret_codes.code_hash(salt="s", subject=7, code=code)
    sealed = secret_codes.code_seal(salt="m", subject=7, code=code, digits=6)
    assert code not in sealed

    def matches(candidate):
        return secret_codes.code_matches(salt="s", subject=7, code=candidate, stored=stored)

    assert secret_codes.code_unseal(sealed=sealed, salt="m", subject=7, digits=6, matches=matches) == code
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "nouvelle-clé-de-test-assez-longue-pour-django-0123"
    assert secret_codes.code_unseal(sealed=sealed, salt="m", subject=7, digits=6, matches=matches) == code
    settings.SECRET_KEY_FALLBACKS = []
    assert secret_codes.code_unseal(sealed=sealed, salt="m", subject=7, digits=6, matches=matches) is None
    assert secret_codes.code_unseal(sealed="", salt="m", subject=7, digits=6, matches=matches) is None
