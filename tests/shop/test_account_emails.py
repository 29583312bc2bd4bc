"""Oscar's account e-mails (password reset, password changed) speak in the territory's name, in their subject,
their plain text and their HTML, and sign off as its team; the plain text is not HTML-escaped."""

import pytest
from django.core import mail
from django.urls import reverse

from tests.factories import TerritoryFactory, UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "Pruneaux-d-Agen-2026"


@pytest.fixture
def resident():
    TerritoryFactory(name="Val d'Agenais")
    return UserFactory(email="camille@example.test", password=PASSWORD)


def test_the_password_reset_email_names_the_territory_and_signs_as_its_team(client, resident):
    response = client.post(reverse("password-reset"), {"email": resident.email})
    assert response.status_code == 302
    message = mail.outbox[-1]
    html = message.alternatives[0][0]
    assert message.subject == "Réinitialisation de votre mot de passe sur Val d'Agenais."
    assert "votre compte utilisateur sur Val d'Agenais." in message.body
    assert message.body.rstrip().splitlines()[-2:] == ["L'équipe Val d'Agenais", "http://127.0.0.1:8000/"]
    assert "/password-reset/confirm/" in message.body
    for text in (message.subject, message.body, html):
        assert "Comptoir" not in text and "example.com" not in text
    assert "&#x27;" not in message.subject + message.body
    assert "Val d&#x27;Agenais" in html and "Réinitialiser le mot de passe" in html


def test_the_password_changed_email_names_the_territory(client, resident):
    client.force_login(resident)
    response = client.post(
        reverse("customer:change-password"),
        {
            "old_password": PASSWORD,
            "new_password1": "Cèpes-et-Prunes-47",
            "new_password2": "Cèpes-et-Prunes-47",
        },
    )
    assert response.status_code == 302
    message = mail.outbox[-1]
    assert "Val d'Agenais" in message.subject
    assert "Val d'Agenais" in message.body and "&#x27;" not in message.body
    assert "L'équipe Val d'Agenais" in message.body and "Comptoir" not in message.body
