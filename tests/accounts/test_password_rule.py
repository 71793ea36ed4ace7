"""Length is not strength: repetitions, keyboard walks and common passwords (English and
French, even decorated) are refused whatever their length (finding 7 of issue 14)."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse

from ctai.accounts.password_validation import core_word, walk_covered
from tests.accounts.views_support import PASSWORD, URLS

pytestmark = [pytest.mark.django_db, pytest.mark.urls(URLS)]


def refusal(password: str) -> str:
    with pytest.raises(ValidationError) as error:
        validate_password(password)
    return " ".join(error.value.messages)


@pytest.mark.parametrize(
    "password",
    [
        "aaaaaaaaaaaaaaaaaaaa",  # the three passwords of the finding
        "Ab1!Ab1!Ab1!",
        "motdepassemotdepasse",
        "Zzzzzzzzzzzzzzzz1!",
    ],
)
def test_repetitions_are_refused(password):
    assert "répète" in refusal(password)


@pytest.mark.parametrize(
    "password",
    [
        "azertyuiopqsdfghjklm",  # AZERTY rows
        "qwertyuiopasdfghjkl",  # QWERTY rows
        "Azerty123456789!",
        "poiuytreza0987654321",  # backwards
        "abcdefghijklmnop12!",
        "wxcvbn,;:!AZERTY",
    ],
)
def test_keyboard_walks_are_refused(password):
    assert "touches du clavier" in refusal(password)


@pytest.mark.parametrize(
    "password",
    [
        "Motdepasse2024!!!",  # French list, decorated
        "M0tDeP@sse-2026",
        "Doudou#1987##2026",
        "Marseille13000!!",
        "Password12345678!",  # Django's English list, decorated
        "S0leil2026!!!!",
    ],
)
def test_common_passwords_are_refused_even_decorated(password):
    assert "les plus courants" in refusal(password)


@pytest.mark.parametrize(
    "password",
    [
        "Accueil-Metz-2026",
        "Nancy-Accueil-2027!",
        "le canal longe la moselle en hiver",
        "Bilan final : 40 personnes accompagnées",
        "Centre-Ville-Lille-59",
    ],
)
def test_real_passwords_still_pass(password):
    validate_password(password)


def test_the_core_word_and_the_walks_are_measured():
    assert core_word("P@ssw0rd2024!") == "password"
    assert core_word("Été-2026") == "ete"
    assert walk_covered("azertyuiopqsdfghjklm") == 20
    assert walk_covered("Accueil-Metz-2026") == 0


def test_the_password_change_page_says_why_in_french(client):
    user = get_user_model().objects.create_user("lea@ccas-lille.example", password=PASSWORD)
    client.force_login(user)
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "azertyuiopqsdfghjklm",
            "new_password2": "azertyuiopqsdfghjklm",
        },
    )
    assert response.status_code == 200
    assert "suit les touches du clavier" in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
