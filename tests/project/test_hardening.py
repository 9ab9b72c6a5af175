from django.urls import reverse

from tests.factories import PersonFactory


def test_pages_carry_a_strict_content_security_policy(client, cast):
    client.force_login(cast.member)
    response = client.get(cast.programme.get_absolute_url())
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_repeated_wrong_passwords_lock_the_account_out(client, db):
    PersonFactory(email="ana@example.com")
    for _ in range(5):
        client.post(reverse("login"), {"username": "ana@example.com", "password": "guess"})
    response = client.post(reverse("login"), {"username": "ana@example.com", "password": "pw"})
    assert response.status_code == 429
    assert "Too many sign-in attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_lockout_does_not_touch_other_accounts(client, db):
    PersonFactory(email="ana@example.com")
    PersonFactory(email="ben@example.com")
    for _ in range(5):
        client.post(reverse("login"), {"username": "ana@example.com", "password": "guess"})
    response = client.post(reverse("login"), {"username": "ben@example.com", "password": "pw"})
    assert response.status_code == 302


def test_a_success_resets_the_count(client, db):
    PersonFactory(email="ana@example.com")
    for _ in range(4):
        client.post(reverse("login"), {"username": "ana@example.com", "password": "guess"})
    client.post(reverse("login"), {"username": "ana@example.com", "password": "pw"})
    client.logout()
    for _ in range(4):
        client.post(reverse("login"), {"username": "ana@example.com", "password": "guess"})
    response = client.post(reverse("login"), {"username": "ana@example.com", "password": "pw"})
    assert response.status_code == 302


def test_the_lockout_ignores_the_case_of_the_email(client, db):
    PersonFactory(email="ana@example.com")
    for n in range(5):
        client.post(reverse("login"), {"username": "ANA@example.com" if n % 2 else
                                       "ana@example.com", "password": "guess"})
    response = client.post(reverse("login"), {"username": "ana@example.com", "password": "pw"})
    assert response.status_code == 429
