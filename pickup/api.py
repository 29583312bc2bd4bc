"""JSON API: the contact points nearest a position, an address or a postcode."""

import re

from django.db.models import Prefetch, prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from core.geocoding import GeocodingRateLimited, geocode
from core.ratelimit import ApiThrottled, client_ip
from pickup.hours import contact_point_is_open_now, opening_hours_summary
from pickup.models import ContactPoint, OpeningException, PointCategory
from pickup.selectors import MAX_LIMIT, NearestPoint, contact_points_nearest

DEFAULT_LIMIT = 5
MAX_TYPES = 10
_POSTCODE = re.compile(r"^\d{5}$")


class NearestQuerySerializer(serializers.Serializer):
    lat = serializers.FloatField(
        required=False,
        min_value=-90,
        max_value=90,
        help_text="Latitude WGS-84 de l'origine, en degrés décimaux (avec lon).",
        error_messages={
            "invalid": gettext_lazy("La latitude (lat) doit être un nombre, par exemple 44.5008."),
            "min_value": gettext_lazy("La latitude (lat) doit être comprise entre -90 et 90."),
            "max_value": gettext_lazy("La latitude (lat) doit être comprise entre -90 et 90."),
            "max_string_length": gettext_lazy("La latitude (lat) doit être un nombre, par exemple 44.5008."),
            "overflow": gettext_lazy("La latitude (lat) doit être comprise entre -90 et 90."),
        },
    )
    lon = serializers.FloatField(
        required=False,
        min_value=-180,
        max_value=180,
        help_text="Longitude WGS-84 de l'origine, en degrés décimaux (avec lat).",
        error_messages={
            "invalid": gettext_lazy("La longitude (lon) doit être un nombre, par exemple 0.1653."),
            "min_value": gettext_lazy("La longitude (lon) doit être comprise entre -180 et 180."),
            "max_value": gettext_lazy("La longitude (lon) doit être comprise entre -180 et 180."),
            "max_string_length": gettext_lazy("La longitude (lon) doit être un nombre, par exemple 0.1653."),
            "overflow": gettext_lazy("La longitude (lon) doit être comprise entre -180 et 180."),
        },
    )
    address = serializers.CharField(
        required=False,
        max_length=200,
        help_text="Adresse géocodée comme origine, au lieu de lat et lon.",
        error_messages={
            "max_length": gettext_lazy("L'adresse (address) ne doit pas dépasser {max_length} caractères."),
            "invalid": gettext_lazy("L'adresse (address) doit être un texte."),
        },
    )
    postcode = serializers.CharField(
        required=False,
        help_text="Code postal géocodé (centre de la commune) comme origine, au lieu de lat et lon.",
    )
    limit = serializers.IntegerField(
        required=False,
        default=DEFAULT_LIMIT,
        min_value=1,
        max_value=MAX_LIMIT,
        help_text=f"Nombre de points rendus, de 1 à {MAX_LIMIT} ({DEFAULT_LIMIT} par défaut).",
        error_messages={
            "invalid": gettext_lazy("Le nombre de points (limit) doit être un nombre entier."),
            "min_value": gettext_lazy("Le nombre de points (limit) doit être au moins {min_value}."),
            "max_value": gettext_lazy("Le nombre de points (limit) doit être au plus {max_value}."),
            "max_string_length": gettext_lazy("Le nombre de points (limit) doit être un nombre entier."),
        },
    )
    type = serializers.ListField(
        child=serializers.CharField(allow_blank=True),
        required=False,
        help_text=(
            "Types de points : catégorie (bureau, agence, relais, autre) ou libellé La Poste "
            "(« Bureau de poste »). Répétable ou séparé par des virgules."
        ),
    )
    open_on = serializers.DateField(
        required=False,
        input_formats=["%Y-%m-%d"],
        help_text="Ne garder que les points ouverts ce jour-là (AAAA-MM-JJ).",
        error_messages={
            "invalid": gettext_lazy(
                "La date (open_on) doit être au format AAAA-MM-JJ, par exemple 2026-06-15."
            ),
            "datetime": gettext_lazy(
                "La date (open_on) doit être au format AAAA-MM-JJ, par exemple 2026-06-15."
            ),
        },
    )
    max_distance_m = serializers.FloatField(
        required=False,
        min_value=0,
        help_text="Distance maximale à l'origine, en mètres.",
        error_messages={
            "invalid": gettext_lazy("La distance maximale (max_distance_m) doit être un nombre de mètres."),
            "min_value": gettext_lazy("La distance maximale (max_distance_m) doit être positive ou nulle."),
            "max_string_length": gettext_lazy(
                "La distance maximale (max_distance_m) doit être un nombre de mètres."
            ),
            "overflow": gettext_lazy("La distance maximale (max_distance_m) doit être un nombre de mètres."),
        },
    )

    def validate_postcode(self, value: str) -> str:
        value = re.sub(r"\s", "", value)
        if not _POSTCODE.match(value):
            raise serializers.ValidationError(
                _("Le code postal (postcode) doit comporter 5 chiffres, par exemple 47200.")
            )
        return value

    def validate_type(self, values: list[str]) -> list[str]:
        wanted = [part.strip() for value in values for part in value.split(",") if part.strip()]
        if len(wanted) > MAX_TYPES:
            raise serializers.ValidationError(
                _("Au plus %(count)d types de points (type).") % {"count": MAX_TYPES}
            )
        categories = set(PointCategory.values)
        accepted = []
        for value in wanted:
            if value.lower() in categories:
                accepted.append(value.lower())
            elif ContactPoint.objects.filter(type__iexact=value).exists():
                accepted.append(value)
            else:
                raise serializers.ValidationError(
                    _(
                        "Type de point (type) inconnu : « %(value)s ». Donnez une catégorie (%(categories)s) "
                        "ou un libellé La Poste, par exemple « Bureau de poste »."
                    )
                    % {"value": value, "categories": ", ".join(PointCategory.values)}
                )
        return accepted

    def validate(self, data: dict) -> dict:
        has_lat, has_lon = "lat" in data, "lon" in data
        places = [name for name in ("address", "postcode") if data.get(name)]
        if has_lat and not has_lon:
            raise serializers.ValidationError(
                {"lon": _("La longitude (lon) manque : donnez lat et lon ensemble.")}
            )
        if has_lon and not has_lat:
            raise serializers.ValidationError(
                {"lat": _("La latitude (lat) manque : donnez lat et lon ensemble.")}
            )
        if has_lat and places:
            raise serializers.ValidationError(
                {
                    places[0]: _("Donnez soit lat et lon, soit address ou postcode, pas les deux (%(name)s).")
                    % {"name": places[0]}
                }
            )
        if not has_lat and not places:
            raise serializers.ValidationError(
                {"lat": _("Position manquante : donnez lat et lon, ou address, ou postcode.")}
            )
        return data


class OriginSerializer(serializers.Serializer):
    latitude = serializers.FloatField()
    longitude = serializers.FloatField()
    label = serializers.CharField(
        allow_null=True, help_text="Ce que le géocodage a trouvé ; null pour lat et lon."
    )
    precision = serializers.CharField(
        allow_null=True, help_text="Précision du géocodage (commune, rue, adresse…) ; null pour lat et lon."
    )


class ExceptionSerializer(serializers.Serializer):
    date = serializers.DateField()
    closed = serializers.BooleanField()
    ranges = serializers.ListField(
        child=serializers.CharField(), help_text="Plages « HH:MM-HH:MM » ce jour-là."
    )
    label = serializers.CharField(help_text="Motif (jour férié, travaux…), peut être vide.")


class OpeningHoursSerializer(serializers.Serializer):
    weekly = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text="Plages « HH:MM-HH:MM » de chaque jour, de lundi à dimanche ; [] un jour de fermeture.",
    )
    exceptions = ExceptionSerializer(many=True, help_text="Exceptions datées des 14 prochains jours.")


class NearestPointSerializer(serializers.Serializer):
    id = serializers.CharField(source="point.site_id", help_text="Identifiant du site La Poste.")
    name = serializers.CharField(source="point.name")
    type = serializers.CharField(source="point.type", help_text="Libellé La Poste du type de point.")
    category = serializers.ChoiceField(source="point.category", choices=PointCategory.choices)
    address = serializers.CharField(source="point.address")
    postcode = serializers.CharField(source="point.postcode")
    city = serializers.CharField(source="point.city")
    latitude = serializers.FloatField(source="point.latitude")
    longitude = serializers.FloatField(source="point.longitude")
    distance_m = serializers.IntegerField(
        help_text="Distance géodésique sur l'ellipsoïde WGS-84, arrondie au mètre."
    )
    opening_hours = OpeningHoursSerializer()
    open_now = serializers.BooleanField(help_text="Ouvert à l'instant de la requête.")

    def to_representation(self, nearest: NearestPoint) -> dict:
        point = nearest.point
        return {
            "id": point.site_id,
            "name": point.name,
            "type": point.type,
            "category": point.category,
            "address": point.address,
            "postcode": point.postcode,
            "city": point.city,
            "latitude": point.latitude,
            "longitude": point.longitude,
            "distance_m": round(nearest.distance_m),
            "opening_hours": opening_hours_summary(point=point, today=self.context["today"]),
            "open_now": contact_point_is_open_now(point=point),
        }


class NearestResponseSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    origin = OriginSerializer()
    results = NearestPointSerializer(many=True)


class ErrorsSerializer(serializers.Serializer):
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text="Messages par paramètre fautif.",
    )


class ThrottledSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="Le délai à attendre, aussi donné par l'en-tête Retry-After.")


class NearestPointsView(APIView):
    """The active contact points nearest a position, nearest first; public and read-only."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    accepted_parameters = {*NearestQuerySerializer().fields, "format"}

    @extend_schema(
        operation_id="pickup_points_nearest",
        summary="Points de contact La Poste les plus proches",
        description=(
            "Points de contact actifs les plus proches d'une position (lat et lon), d'une adresse ou d'un code "
            "postal géocodés, du plus proche au plus loin. Distance géodésique sur l'ellipsoïde WGS-84, en "
            "mètres arrondis. Un paramètre invalide ou inconnu donne une erreur 400 qui le nomme. Trop de "
            "requêtes d'une même adresse IP (ou de recherches par address) donnent une erreur 429 et "
            "l'en-tête Retry-After."
        ),
        parameters=[NearestQuerySerializer],
        responses={200: NearestResponseSerializer, 400: ErrorsSerializer, 429: ThrottledSerializer},
        examples=[
            OpenApiExample(
                "Latitude hors limites",
                value={"errors": {"lat": ["La latitude (lat) doit être comprise entre -90 et 90."]}},
                response_only=True,
                status_codes=["400"],
            ),
            OpenApiExample(
                "Trop de requêtes",
                value={"detail": "Trop de requêtes : réessayez dans 42 secondes."},
                response_only=True,
                status_codes=["429"],
            ),
        ],
        tags=["points de contact"],
    )
    def get(self, request):
        unknown = sorted(set(request.query_params) - self.accepted_parameters)
        if unknown:
            accepted = ", ".join(sorted(self.accepted_parameters - {"format"}))
            return self.errors(
                {
                    name: [
                        _("Paramètre inconnu : %(name)s. Paramètres acceptés : %(accepted)s.")
                        % {"name": name, "accepted": accepted}
                    ]
                    for name in unknown
                }
            )
        query = NearestQuerySerializer(data=request.query_params)
        if not query.is_valid():
            return self.errors(query.errors)
        params = query.validated_data
        if "lat" in params:
            origin = {"latitude": params["lat"], "longitude": params["lon"], "label": None, "precision": None}
        else:
            try:
                found = geocode(
                    address=params.get("address", ""),
                    postcode=params.get("postcode", ""),
                    client=client_ip(request),
                )
            except GeocodingRateLimited as limited:
                raise ApiThrottled(limited.retry_after, detail=limited.message) from None
            if found is None:
                if params.get("address"):
                    return self.errors(
                        {
                            "address": [
                                _("Adresse (address) introuvable : vérifiez-la ou ajoutez le code postal.")
                            ]
                        }
                    )
                return self.errors(
                    {
                        "postcode": [
                            _("Code postal (postcode) inconnu : %(code)s.") % {"code": params["postcode"]}
                        ]
                    }
                )
            origin = {
                "latitude": found.latitude,
                "longitude": found.longitude,
                "label": found.label,
                "precision": found.precision,
            }
        nearest = contact_points_nearest(
            latitude=origin["latitude"],
            longitude=origin["longitude"],
            limit=params["limit"],
            types=params.get("type") or None,
            open_on=params.get("open_on"),
            max_distance_m=params.get("max_distance_m"),
        )
        today = timezone.localdate()
        # Hours only look ahead: the points' past exceptions are left in the database.
        upcoming = OpeningException.objects.filter(date__gte=today)
        prefetch_related_objects(
            [item.point for item in nearest],
            "weekly_openings",
            Prefetch("opening_exceptions", queryset=upcoming),
        )
        body = NearestResponseSerializer(
            {"count": len(nearest), "origin": origin, "results": nearest}, context={"today": today}
        ).data
        return Response(body)

    @staticmethod
    def errors(errors: dict) -> Response:
        return Response({"errors": errors}, status=status.HTTP_400_BAD_REQUEST)
