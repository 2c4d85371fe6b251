"""The framework fixture holds every bullet of the source matrix, in source order."""

import pytest
from django.core.management import call_command

from aims.models import Aim, BerwickLevel, FrameworkDefinition, ItemKind, Level, MatrixItem, RedesignRule

pytestmark = pytest.mark.django_db

# Top-level bullets per cell in seeds/000 ("Visualizing the Six Aims at Each Level of the Care System").
EXPECTED_TOP_LEVEL_COUNTS = {
    "efficient": {"clients-family": 3, "providers": 10, "dmh": 6, "larger-environment": 4},
    "timely": {"clients-family": 2, "providers": 7, "dmh": 4, "larger-environment": 4},
    "safe": {"clients-family": 6, "providers": 6, "dmh": 3, "larger-environment": 2},
    "person-family-centered": {"clients-family": 1, "providers": 3, "dmh": 3, "larger-environment": 3},
    "effective": {"clients-family": 4, "providers": 7, "dmh": 7, "larger-environment": 2},
    "equity": {"clients-family": 5, "providers": 7, "dmh": 6, "larger-environment": 5},
}


def test_six_aims_in_the_sources_order_with_definitions():
    assert [aim.name for aim in Aim.objects.all()] == [
        "Efficient",
        "Timely",
        "Safe",
        "Person/Family-Centered",
        "Effective",
        "Equity",
    ]
    timely = Aim.objects.get(slug="timely")
    assert timely.definition == (
        "Prompt provision of goal-directed services that restore and sustain client and family "
        "integration into the community."
    )
    assert all(aim.definition_es for aim in Aim.objects.all())


def test_four_levels_with_the_heading_each_has_in_the_source():
    headings = {level.name: level.get_heading_display() for level in Level.objects.all()}
    assert headings == {
        "Clients and Family Members": "Needs and Desires",
        "MHPs/Providers/Facilities": "Opportunities and Strategies",
        "DMH": "Opportunities and Strategies",
        "Larger Healthcare Environment": "Opportunities and Strategies",
    }


@pytest.mark.parametrize("aim_slug", EXPECTED_TOP_LEVEL_COUNTS)
def test_each_cell_holds_the_sources_number_of_top_level_bullets(aim_slug):
    for level_slug, expected in EXPECTED_TOP_LEVEL_COUNTS[aim_slug].items():
        count = MatrixItem.objects.top_level().filter(aim__slug=aim_slug, level__slug=level_slug).count()
        assert count == expected, f"{aim_slug} × {level_slug}"


def test_110_top_level_bullets_across_24_cells():
    assert MatrixItem.objects.top_level().count() == 110
    cells = MatrixItem.objects.values_list("aim", "level").distinct()
    assert len(set(cells)) == 24


def test_sub_items_sit_under_their_parents_in_source_order():
    def children_of(text):
        parent = MatrixItem.objects.get(text=text)
        return list(parent.children.order_by("order").values_list("text", flat=True))

    assert children_of("Management of resources") == ["Human", "Physical"]
    assert children_of("Regularly monitor and report:") == [
        "Average “next available appointment time”",
        "Time to assessment",
        "Wait for follow-up care",
    ]
    assert children_of("Meaningful involvement in:") == ["Treatment plans", "Choice", "Recovery"]
    assert MatrixItem.objects.filter(parent__isnull=False).count() == 8


def test_items_keep_source_order_and_wording():
    timely_providers = list(
        MatrixItem.objects.top_level()
        .filter(aim__slug="timely", level__slug="providers")
        .order_by("order")
        .values_list("text", flat=True)
    )
    assert timely_providers[0] == "Providers should have schedules flexible to meet consumer needs"
    assert timely_providers[-1] == "Have a plan for performance improvement"
    # Obvious typos in the source are corrected.
    assert MatrixItem.objects.filter(text__contains="participation in policy, oversight, and care").exists()
    assert not MatrixItem.objects.filter(text__contains="particiaption").exists()


def test_clients_and_family_items_are_needs_and_all_others_strategies():
    assert set(MatrixItem.objects.filter(level__slug="clients-family").values_list("kind", flat=True)) == {
        ItemKind.NEED
    }
    assert set(MatrixItem.objects.exclude(level__slug="clients-family").values_list("kind", flat=True)) == {
        ItemKind.STRATEGY
    }


def test_every_item_has_a_spanish_translation():
    assert not MatrixItem.objects.filter(text_es="").exists()


def test_berwick_levels_rules_and_definitions_are_complete():
    assert [b.name for b in BerwickLevel.objects.all()] == [
        "Patients and Communities",
        "Microsystems of Care",
        "Healthcare Organizations",
        "Healthcare Environment",
    ]
    assert list(BerwickLevel.objects.get(letter="A").care_levels.values_list("slug", flat=True)) == ["clients-family"]
    assert RedesignRule.objects.count() == 10
    assert RedesignRule.objects.get(number=6).name == "Safety as a system property"
    assert list(FrameworkDefinition.objects.values_list("term", flat=True)) == ["Aims", "Rules"]


def test_loading_the_fixture_again_changes_nothing():
    before = MatrixItem.objects.count()
    call_command("loaddata", "fixtures/framework.json", verbosity=0)
    assert MatrixItem.objects.count() == before == 118
    assert Aim.objects.count() == 6
