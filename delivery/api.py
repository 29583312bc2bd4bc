"""JSON API for the courier's phone: their rounds, a round with its stops, and the same actions as the round page,
each sent with the id the device made for it (applied once; a replay returns the first result). Session
authentication with its CSRF check, couriers only, their own rounds only."""

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from delivery import selectors
from delivery.actions import ActionRefused, ActionRequest, courier_action_apply
from delivery.models import CourierAction, FailReason, Round, Stop

TAGS = ["livreur"]


class IsCourier(BasePermission):
    message = "Réservé aux livreurs du territoire."

    def has_permission(self, request, view) -> bool:
        view.courier = selectors.courier_for(request.user)
        return view.courier is not None


def _choices(choices) -> str:
    return "Valeurs : " + ", ".join(f"{value} ({label})" for value, label in choices.choices) + "."


class RoundSerializer(serializers.ModelSerializer):
    status = serializers.CharField(help_text=_choices(Round.Status))
    status_label = serializers.CharField(source="get_status_display", help_text="Le statut, en clair.")
    vehicle = serializers.CharField(source="vehicle.__str__")

    class Meta:
        model = Round
        fields = [
            "id",
            "day",
            "status",
            "status_label",
            "planned_start",
            "planned_end",
            "planned_km",
            "vehicle",
        ]


class StopSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="stop.pk")
    sequence = serializers.IntegerField(source="stop.sequence")
    kind = serializers.CharField(source="stop.kind", help_text=_choices(Stop.Kind))
    status = serializers.CharField(source="stop.status", help_text=_choices(Stop.Status))
    planned_arrival = serializers.DateTimeField(source="stop.planned_arrival")
    done_at = serializers.DateTimeField(source="stop.done_at", allow_null=True)
    place = serializers.CharField(help_text="La boutique, le destinataire ou le point de contact.")
    address = serializers.CharField()
    order = serializers.CharField(allow_null=True, help_text="Le numéro de la commande du colis.")
    chilled = serializers.BooleanField(help_text="Colis frais, à garder au froid.")
    latitude = serializers.FloatField(source="stop.latitude", allow_null=True)
    longitude = serializers.FloatField(source="stop.longitude", allow_null=True)
    actions = serializers.ListField(
        child=serializers.CharField(),
        help_text="Les actions (kind) que l'arrêt permet encore : collect, deliver et fail, drop ou break.",
    )


class RoundDetailSerializer(RoundSerializer):
    stops = StopSerializer(many=True, read_only=True)

    class Meta(RoundSerializer.Meta):
        fields = [*RoundSerializer.Meta.fields, "stops"]


class ActionSerializer(serializers.Serializer):
    action_id = serializers.UUIDField(
        help_text="L'identifiant de l'action, fait par l'appareil : renvoyée avec le même, elle n'est appliquée "
        "qu'une fois."
    )
    kind = serializers.ChoiceField(choices=CourierAction.Kind.choices)
    stop_id = serializers.IntegerField(
        required=False, allow_null=True, help_text="Sauf pour start et finish."
    )
    proof = serializers.ChoiceField(
        choices=CourierAction.Proof.choices,
        required=False,
        default="",
        help_text="collect : tap ou scan ; deliver : code, signature ou photo.",
    )
    code = serializers.CharField(required=False, default="", max_length=20, help_text="Code de livraison.")
    scanned = serializers.CharField(
        required=False,
        default="",
        max_length=200,
        help_text="Le QR code de l'étiquette lu, ou le numéro tapé.",
    )
    recipient_name = serializers.CharField(required=False, default="", max_length=120)
    signature = serializers.CharField(
        required=False, default="", help_text="La signature en data: URL PNG (image/png;base64)."
    )
    photo = serializers.CharField(
        required=False, default="", help_text="La photo en data: URL (JPEG, PNG, WebP)."
    )
    reason = serializers.ChoiceField(choices=FailReason.choices, required=False, default="")


class ActionResultSerializer(serializers.Serializer):
    action_id = serializers.UUIDField()
    kind = serializers.CharField()
    round_id = serializers.IntegerField()
    round_status = serializers.CharField(help_text=_choices(Round.Status))
    stop_id = serializers.IntegerField(allow_null=True)
    stop_status = serializers.CharField(allow_null=True, help_text=_choices(Stop.Status))
    message = serializers.CharField(help_text="Ce qui a été fait, en clair.")
    replayed = serializers.BooleanField(help_text="Vrai quand cet identifiant avait déjà été appliqué.")


class DetailSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="Le refus, en clair.")


class ErrorsSerializer(serializers.Serializer):
    errors = serializers.DictField(child=serializers.ListField(child=serializers.CharField()))


def _own_round(view, pk: int) -> Round:
    tour = selectors.courier_round(courier=view.courier, pk=pk)
    if tour is None:
        raise NotFound(_("Cette tournée n'est pas la vôtre."))
    return tour


class CourierApiView(APIView):
    permission_classes = [IsAuthenticated, IsCourier]

    def permission_denied(self, request, message=None, code=None):
        if request.user and request.user.is_authenticated:
            raise PermissionDenied(_("Réservé aux livreurs du territoire."))
        super().permission_denied(request, message=message, code=code)


class CourierRoundsView(CourierApiView):
    @extend_schema(
        operation_id="courier_rounds",
        summary="Mes tournées",
        description="Les tournées du livreur connecté, d'aujourd'hui et des jours suivants.",
        responses={200: RoundSerializer(many=True), 403: DetailSerializer},
        tags=TAGS,
    )
    def get(self, request):
        rounds = selectors.courier_rounds(courier=self.courier, since=timezone.localdate())
        return Response(RoundSerializer(rounds, many=True).data)


class CourierRoundView(CourierApiView):
    @extend_schema(
        operation_id="courier_round",
        summary="Une tournée et ses arrêts",
        description="Une tournée du livreur connecté, ses arrêts dans l'ordre ; celle d'un autre livreur : 404.",
        responses={200: RoundDetailSerializer, 403: DetailSerializer, 404: DetailSerializer},
        tags=TAGS,
    )
    def get(self, request, pk: int):
        tour = _own_round(self, pk)
        body = RoundSerializer(tour).data
        body["stops"] = StopSerializer(
            [selectors.stop_view(stop) for stop in selectors.round_stops(tour=tour)], many=True
        ).data
        return Response(body)


class CourierActionView(CourierApiView):
    @extend_schema(
        operation_id="courier_round_action",
        summary="Enregistrer une action",
        description=(
            "Démarrer la tournée (start), enlever un colis (collect, par tap ou scan de l'étiquette), livrer "
            "(deliver, par le code du destinataire, un nom et une signature, ou une photo), déposer au point de "
            "contact (drop), déclarer un échec avec son motif (fail : le colis part au point de contact ouvert "
            "le plus proche), faire la pause (break), terminer (finish). 201 : appliquée ; 200 : cet "
            "identifiant l'avait déjà été, rien n'est refait. 400 : saisie refusée ; 404 : tournée ou arrêt "
            "d'un autre livreur ; 409 : l'arrêt ou la tournée ne le permet pas (déjà fait…) ; 429 : code bloqué "
            "après cinq erreurs."
        ),
        request=ActionSerializer,
        responses={
            200: ActionResultSerializer,
            201: ActionResultSerializer,
            400: DetailSerializer,
            403: DetailSerializer,
            404: DetailSerializer,
            409: DetailSerializer,
            429: DetailSerializer,
        },
        examples=[
            OpenApiExample(
                "Livré avec le code",
                value={
                    "action_id": "5b2f7c1e-8d3a-4e0b-9d6f-2a1c3e4b5f60",
                    "kind": "deliver",
                    "stop_id": 12,
                    "proof": "code",
                    "code": "4821",
                },
                request_only=True,
            ),
            OpenApiExample(
                "Arrêt déjà fait",
                value={"detail": "Cet arrêt est déjà « Fait » (14:05) : cette action n'est pas appliquée."},
                response_only=True,
                status_codes=["409"],
            ),
        ],
        tags=TAGS,
    )
    def post(self, request, pk: int):
        tour = _own_round(self, pk)
        body = ActionSerializer(data=request.data)
        if not body.is_valid():
            return Response({"errors": body.errors}, status=status.HTTP_400_BAD_REQUEST)
        data = body.validated_data
        try:
            result = courier_action_apply(
                courier=self.courier,
                round_id=tour.pk,
                request=ActionRequest(
                    action_id=data["action_id"],
                    kind=data["kind"],
                    stop_id=data.get("stop_id"),
                    proof=data["proof"],
                    code=data["code"],
                    scanned=data["scanned"],
                    recipient_name=data["recipient_name"],
                    signature=data["signature"],
                    photo=data["photo"],
                    reason=data["reason"],
                ),
                by=request.user,
            )
        except ActionRefused as refusal:
            return Response({"detail": refusal.message}, status=refusal.status)
        return Response(
            ActionResultSerializer(result).data,
            status=status.HTTP_200_OK if result.replayed else status.HTTP_201_CREATED,
        )
