# Production image: gunicorn with uvicorn workers (ASGI) serving metascrum, static files by whitenoise.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 \
    METASCRUM_VAR_DIR=/app/var
WORKDIR /app

RUN groupadd --system metascrum && useradd --system --gid metascrum --home /app metascrum

COPY pyproject.toml README.md ./
COPY metascrum ./metascrum
COPY programmes ./programmes
COPY feedback ./feedback
COPY ceremonies ./ceremonies
RUN pip install .

COPY . .
# The German and Spanish catalogues are compiled here (.mo files are not committed); gettext's
# msgfmt is needed only for that.
RUN apt-get update && apt-get install -y --no-install-recommends gettext \
    && DEBUG=false SECRET_KEY=build-only python manage.py compilemessages --ignore=.venv \
    && apt-get purge -y gettext && apt-get autoremove -y && rm -rf /var/lib/apt/lists/*
RUN DEBUG=false SECRET_KEY=build-only-collectstatic python manage.py collectstatic --no-input \
    && chown -R metascrum:metascrum /app/var

USER metascrum
EXPOSE 8000
# ASGI (uvicorn workers): the meeting room streams its changes (server-sent events).
ENV CONN_MAX_AGE=0 DATABASE_POOL=10
CMD ["gunicorn", "metascrum.asgi:application", "--config", "python:metascrum.gunicorn_conf", \
     "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
