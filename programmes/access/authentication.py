def lockout_username(request, credentials):
    """The sign-in name django-axes counts failures against: case-insensitive, like sign-in."""
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    return username.strip().lower()
