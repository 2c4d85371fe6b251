"""Reading the yearly Whole System Quality self-assessments: the stages over the years, by element."""

from dataclasses import dataclass

from council.models import ElementRating, SelfAssessment, WsqElement


@dataclass(frozen=True)
class ElementHistory:
    element: str
    label: str
    #: One entry per year shown (oldest first): the rating, or None when the element was not rated that year.
    ratings: list[ElementRating | None]


def assessment_history(*, years: int = 6) -> tuple[list[int], list[ElementHistory]]:
    """The last ``years`` assessed years (oldest first) and, for each of the six elements in the paper's
    order, its rating in each of them. Two queries."""
    shown = sorted(SelfAssessment.objects.order_by("-year").values_list("year", flat=True)[:years])
    ratings = ElementRating.objects.filter(assessment__year__in=shown).select_related(
        "assessment", "rated_by", "objective"
    )
    by_key = {(rating.assessment.year, rating.element): rating for rating in ratings}
    rows = [
        ElementHistory(element.value, element.label, [by_key.get((year, element.value)) for year in shown])
        for element in WsqElement
    ]
    return shown, rows


def assessment_for_year(*, year: int) -> dict[str, ElementRating]:
    """This year's ratings by element (empty when the year is not assessed yet)."""
    return {
        rating.element: rating
        for rating in ElementRating.objects.filter(assessment__year=year).select_related("rated_by", "objective")
    }
