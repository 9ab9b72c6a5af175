"""Signing in the way companies do: OpenID Connect SSO (django-allauth), group-to-role
mapping, two-factor authentication for passwords (allauth.mfa), password sign-in policy."""
