"""The OpenAPI schema view."""

import threading

from django.conf import settings
from django.utils import translation
from drf_spectacular.views import SpectacularAPIView
from rest_framework.response import Response


class SchemaView(SpectacularAPIView):
    """The schema, generated once per process and language under a lock. drf-spectacular loads its extensions
    lazily and not thread-safely: concurrent first generations in a threaded gunicorn fail (500)."""

    _lock = threading.Lock()
    _schemas: dict[tuple[str, str | None], dict] = {}

    def _get_schema_response(self, request):
        version = self.api_version or request.version or self._get_version_parameter(request)
        language = translation.get_language()
        key = (language, version)
        with self._lock:
            schema = self._schemas.get(key)
            if schema is None:
                generator = self.generator_class(
                    urlconf=self.urlconf, api_version=version, patterns=self.patterns
                )
                schema = generator.get_schema(request=request, public=self.serve_public)
                # Only the site's languages are kept: ?lang= and ?version= take any value.
                if language in dict(settings.LANGUAGES) and version is None:
                    self._schemas[key] = schema
        return Response(
            data=schema,
            headers={"Content-Disposition": f'inline; filename="{self._get_filename(request, version)}"'},
        )
