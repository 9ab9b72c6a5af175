"""EMAIL_URL as django-environ reads it, except that a file backend's path is taken as written.

django-environ drops the leading slash of `filemail:///srv/mail` and writes to the relative
`srv/mail`; here three slashes mean the absolute `/srv/mail` (more slashes are one), and
`filemail://var/mail` is relative to the working directory.
"""

from urllib.parse import unquote

import environ

FILEMAIL = "filemail://"


def email_config(url: str) -> dict:
    """Django's email settings for `url`."""
    config = environ.Env.email_url_config(url)
    if url.startswith(FILEMAIL):
        path = url[len(FILEMAIL):].split("?", 1)[0]
        if path.startswith("/"):
            path = "/" + path.lstrip("/")
        config["EMAIL_FILE_PATH"] = unquote(path)
    return config
