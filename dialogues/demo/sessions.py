"""The demo's dialogues: one held, one planned and open for sign-up, one focused dialogue held lately."""

from django.db import transaction

from aims.models import MatrixItem
from dialogues.demo.common import at_days_ago, spanish_where_blank
from dialogues.models import (
    Dialogue,
    DialogueFacilitator,
    DialogueFocus,
    DialogueHeadcount,
    DialogueKind,
    DialogueStatus,
    PartnerRole,
)


def dialogues_load(creator) -> Dialogue:
    held, created = Dialogue.objects.get_or_create(
        title="How it feels to wait for a first appointment",
        defaults={
            "kind": DialogueKind.INITIAL,
            "topic": "Waiting for a first appointment",
            "description": "An open conversation between people who use services and providers.",
            "starts_at": at_days_ago(100, 18),
            "ends_at": at_days_ago(100, 20),
            "place": "Community room, 100 Main Street",
            "status": DialogueStatus.HELD,
            "signup_open": False,
            "themes": (
                "People did not know where they were in the queue. Call-backs came at times people could not "
                "answer. Staff wanted a simple script for the first call."
            ),
            "created_by": creator,
        },
    )
    spanish_where_blank(
        held,
        title_es="Cómo se siente esperar una primera cita",
        topic_es="La espera de una primera cita",
        description_es="Una conversación abierta entre personas que usan los servicios y proveedores.",
        themes_es=(
            "Las personas no sabían en qué lugar de la fila estaban. Las devoluciones de llamada llegaban a horas "
            "en que no podían contestar. El personal quería un guion sencillo para la primera llamada."
        ),
    )
    if created:
        held.matrix_items.set(MatrixItem.objects.filter(code__in=["TI-PR-01", "TI-PR-02"]))
        DialogueFacilitator.objects.create(dialogue=held, name="María Lopez", role=PartnerRole.CONSUMER)
        DialogueFacilitator.objects.create(dialogue=held, name="Priya Shah", role=PartnerRole.PROVIDER)
        for role, planned, actual in (
            (PartnerRole.CONSUMER, 8, 7),
            (PartnerRole.FAMILY, 4, 3),
            (PartnerRole.PROVIDER, 6, 6),
        ):
            DialogueHeadcount.objects.create(dialogue=held, role=role, planned=planned, actual=actual)
    upcoming, _created = Dialogue.objects.get_or_create(
        title="Having a say in your treatment plan",
        defaults={
            "kind": DialogueKind.FOCUSED,
            "focus": DialogueFocus.TREATMENT_PLANNING,
            "topic": "Participation in treatment and service planning",
            "description": "Come and tell us what helps, and what gets in the way, when plans are made. Food provided.",
            "starts_at": at_days_ago(-21, 18),
            "ends_at": at_days_ago(-21, 20),
            "place": "Library meeting room, 5 Oak Avenue",
            "status": DialogueStatus.PLANNED,
            "signup_open": True,
            "capacity": 24,
            "created_by": creator,
        },
    )
    spanish_where_blank(
        upcoming,
        title_es="Tener voz en su plan de tratamiento",
        topic_es="Participación en la planificación del tratamiento y de los servicios",
        description_es=("Venga a contarnos qué ayuda y qué estorba cuando se hacen los planes. Habrá comida."),
    )
    return held


@transaction.atomic
def focused_dialogue_load(creator) -> None:
    """A recent focused dialogue, so "ongoing dialogues" is met in the demo."""
    dialogue, created = Dialogue.objects.get_or_create(
        title="When treatment feels forced",
        defaults={
            "kind": DialogueKind.FOCUSED,
            "focus": DialogueFocus.COERCIVE_TREATMENT,
            "topic": "Coercive treatment: holds, locked doors and being heard",
            "description": "A facilitated conversation about moments when care felt forced, and what would help.",
            "starts_at": at_days_ago(30, 18),
            "ends_at": at_days_ago(30, 20),
            "place": "Community room, 100 Main Street",
            "status": DialogueStatus.HELD,
            "signup_open": False,
            "themes": (
                "People wanted to be told their rights in their own language. Staff asked for training on "
                "de-escalation. Both wanted a debrief after a hold."
            ),
            "created_by": creator,
        },
    )
    spanish_where_blank(
        dialogue,
        title_es="Cuando el tratamiento se siente forzado",
        topic_es="Tratamiento coercitivo: retenciones, puertas cerradas con llave y ser escuchado",
        description_es=(
            "Una conversación facilitada sobre los momentos en que la atención se sintió forzada y sobre lo "
            "que ayudaría."
        ),
        themes_es=(
            "Las personas querían que se les informaran sus derechos en su propio idioma. El personal pidió "
            "capacitación en desescalamiento. Ambos querían una reunión de reflexión después de una retención."
        ),
    )
    if created:
        DialogueFacilitator.objects.create(dialogue=dialogue, name="James Carter", role=PartnerRole.FAMILY)
        DialogueFacilitator.objects.create(dialogue=dialogue, name="Lena Brooks", role=PartnerRole.PEER_PROVIDER)
        DialogueFacilitator.objects.create(dialogue=dialogue, name="Priya Shah", role=PartnerRole.PROVIDER)
        for role, planned, actual in ((PartnerRole.CONSUMER, 10, 9), (PartnerRole.PROVIDER, 6, 5)):
            DialogueHeadcount.objects.create(dialogue=dialogue, role=role, planned=planned, actual=actual)
