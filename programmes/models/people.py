
from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.utils.timezone import now
from django.utils.translation import gettext_lazy

from programmes.models.timezones import timezone_choices, validate_timezone


class PersonManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email, password=None, **extra):
        if not email:
            raise ValueError("A person needs an email address.")
        person = self.model(email=self.normalize_email(email).lower(), **extra)
        person.set_password(password)
        person.save(using=self._db)
        return person

    def create_superuser(self, email, password=None, **extra):
        extra.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **extra)

    def get_by_natural_key(self, email):
        return self.get(email__iexact=email)


class ColourScheme(models.TextChoices):
    SYSTEM = "system", gettext_lazy("As my device is set")
    LIGHT = "light", gettext_lazy("Light")
    DARK = "dark", gettext_lazy("Dark")


class Person(AbstractBaseUser, PermissionsMixin):
    """Someone who signs in with an email address: MSM, Scrum Master, member or stakeholder."""

    email = models.EmailField(gettext_lazy("email"), unique=True)
    name = models.CharField(gettext_lazy("name"), max_length=150, blank=True)
    timezone = models.CharField(
        gettext_lazy("timezone"), max_length=64, default="UTC", choices=timezone_choices,
        validators=[validate_timezone]
    )
    colour_scheme = models.CharField(
        gettext_lazy("Colour scheme"), max_length=6, choices=ColourScheme.choices,
        default=ColourScheme.SYSTEM,
        help_text=gettext_lazy("Dark or light pages, or as your device is set."))
    # Blank: whatever the browser asks for (Accept-Language), English if none of ours. Each
    # language is named in itself, untranslated, so that its speakers find it.
    language = models.CharField(
        gettext_lazy("Language"), max_length=8, blank=True,
        choices=[("", gettext_lazy("As my browser asks")), *settings.LANGUAGES],
        help_text=gettext_lazy(
            "Pages and emails in this language; left blank, as your browser asks."))
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False)
    date_joined = models.DateTimeField(default=now)

    objects = PersonManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        ordering = ["name", "email"]
        verbose_name_plural = gettext_lazy("people")

    def __str__(self):
        return self.name or self.email

    def get_full_name(self):
        return self.name or self.email

    def get_short_name(self):
        return (self.name or self.email).split(" ")[0]
