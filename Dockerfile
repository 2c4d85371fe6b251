# One image for web (gunicorn), worker and beat. Static files are collected at build time and
# served by whitenoise, so nothing else is needed in front but a TLS-terminating proxy.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    DJANGO_SETTINGS_MODULE=qic.settings.production
# gunicorn workers: one per core served the cached dashboards fastest (bench/README.md); set it per host.
ENV WEB_CONCURRENCY=2

# WeasyPrint (the work plan's PDF documents) needs Pango at run time, and a font with Spanish accents.
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY . .
RUN pip install . \
 && DJANGO_SECRET_KEY=build-time-only-collectstatic-key-never-used-to-serve-requests-000 \
    DJANGO_ALLOWED_HOSTS=localhost python manage.py collectstatic --noinput \
 && useradd --system --home-dir /app qic \
 && mkdir -p /app/media && chown -R qic /app/media

USER qic
EXPOSE 8000
CMD ["gunicorn", "qic.wsgi:application", "--bind", "0.0.0.0:8000", "--timeout", "60", "--access-logfile", "-"]
