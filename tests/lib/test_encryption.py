import pytest
from cryptography.fernet import Fernet

from metascrum.lib.encryption import UnreadableSecret, decrypt, encrypt


def test_a_secret_reads_back_after_encryption():
    token = encrypt("xoxb-signing-secret")

    assert "xoxb" not in token
    assert decrypt(token) == "xoxb-signing-secret"


def test_the_same_secret_encrypts_differently_each_time():
    assert encrypt("same") != encrypt("same")


def test_a_secret_stays_readable_after_a_new_key_is_put_first(settings):
    old = Fernet.generate_key().decode()
    settings.ENCRYPTION_KEYS = [old]
    token = encrypt("tracker-token")

    settings.ENCRYPTION_KEYS = [Fernet.generate_key().decode(), old]

    assert decrypt(token) == "tracker-token"


def test_a_secret_from_a_removed_key_is_refused_clearly(settings):
    settings.ENCRYPTION_KEYS = [Fernet.generate_key().decode()]
    token = encrypt("tracker-token")

    settings.ENCRYPTION_KEYS = [Fernet.generate_key().decode()]

    with pytest.raises(UnreadableSecret):
        decrypt(token)
