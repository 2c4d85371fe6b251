"""Reading the council as a body: its current members, the consumer share (seed 001's 20 % rule applied
to the council itself) and the quorum."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from council.models import CONSUMER_VOICE_ROLES, CouncilMeeting, CouncilMember
from dialogues.selectors.cells import ConsumerShare


def council_members_current(*, on: date | None = None) -> QuerySet[CouncilMember]:
    """Members serving on the day given (today by default), with their accounts."""
    return CouncilMember.objects.current(on=on or timezone.localdate()).select_related("user")


def council_members_all() -> QuerySet[CouncilMember]:
    return CouncilMember.objects.select_related("user").order_by("-term_starts_on", "id")


def council_consumer_share(*, on: date | None = None) -> ConsumerShare:
    """The share of current members who hold a consumer or family seat, counted live (one query).

    The same :class:`dialogues.selectors.cells.ConsumerShare` the cells use, so "below 20 %" means the
    same thing for the council as for every cell.
    """
    counts = council_members_current(on=on).aggregate(
        members=Count("id"), consumers=Count("id", filter=Q(role__in=CONSUMER_VOICE_ROLES))
    )
    return ConsumerShare(consumer_members=counts["consumers"], members=counts["members"])


def quorum_needed(voting_members: int) -> int:
    """A majority of the voting members: more than half of them (none needed of an empty council)."""
    return voting_members // 2 + 1 if voting_members else 0


@dataclass(frozen=True)
class Quorum:
    """Who of the voting members serving on the day of a meeting attended, against the majority needed."""

    voting_members: int
    voting_present: int
    consumer_voice_present: int
    present: int

    @property
    def needed(self) -> int:
        return quorum_needed(self.voting_members)

    @property
    def reached(self) -> bool:
        return self.voting_members > 0 and self.voting_present >= self.needed

    @property
    def consumer_share_present(self) -> ConsumerShare:
        """Consumer and family members among those present: a council meeting without them is not equal."""
        return ConsumerShare(consumer_members=self.consumer_voice_present, members=self.present)


def meeting_day(meeting: CouncilMeeting) -> date:
    return timezone.localtime(meeting.starts_at).date()


def meeting_quorum(*, meeting: CouncilMeeting) -> Quorum:
    """The quorum of a meeting from its recorded attendance (one query for the members, one for attendance)."""
    members = list(council_members_current(on=meeting_day(meeting)))
    present_ids = set(meeting.attendance.filter(attended=True).values_list("member_id", flat=True))
    present = [member for member in members if member.pk in present_ids]
    return Quorum(
        voting_members=sum(1 for member in members if member.votes),
        voting_present=sum(1 for member in present if member.votes),
        consumer_voice_present=sum(1 for member in present if member.is_consumer_voice),
        present=len(present),
    )


def is_council_member(*, user, on: date | None = None) -> bool:
    if not user.is_authenticated:
        return False
    return council_members_current(on=on).filter(user=user).exists()


def member_served_at(*, user, meeting: CouncilMeeting) -> bool:
    """Whether ``user`` sat on the council on the day of ``meeting`` (what lets a member see it)."""
    if not user.is_authenticated:
        return False
    return council_members_current(on=meeting_day(meeting)).filter(user=user).exists()
