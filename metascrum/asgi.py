"""The ASGI application (gunicorn with uvicorn workers, or uvicorn): the meeting room's event
stream is an async view that holds no worker while it waits."""

import os
import warnings

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "metascrum.settings")
# whitenoise 6 hands Django a static file as a synchronous iterator, which Django reads whole
# under ASGI and warns about on every file; our static files are small.
warnings.filterwarnings("ignore", message="StreamingHttpResponse must consume synchronous",
                        module="django.core.handlers.asgi")
application = get_asgi_application()
