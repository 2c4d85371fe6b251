"""Every framework page: who may see it, what it shows, and what bad input does."""

import csv
import io

import pytest
from django.urls import reverse

from aims.models import MatrixItem

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = [
    reverse("home"),
    reverse("aims:grid"),
    reverse("aims:aim_detail", kwargs={"slug": "timely"}),
    reverse("aims:level_detail", kwargs={"slug": "dmh"}),
    reverse("aims:item_detail", kwargs={"code": "TI-PR-02"}),
    reverse("aims:search") + "?q=access",
    reverse("aims:berwick"),
    reverse("aims:rules"),
    reverse("aims:export_csv"),
]


@pytest.mark.parametrize("url", PUBLIC_PAGES)
@pytest.mark.parametrize("persona", [None, "consumer", "qi_staff", "director", "outsider"])
def test_the_framework_is_public_reading_for_everyone(client_for, request, url, persona):
    user = request.getfixturevalue(persona) if persona else None
    assert client_for(user).get(url).status_code == 200


def test_the_grid_shows_all_24_cells_with_counts(client):
    response = client.get(reverse("aims:grid"))
    html = response.content.decode()
    assert html.count('class="grid-cell') == 24
    assert "10 items" in html  # Efficient × MHPs/Providers/Facilities
    assert "Regularly monitor and report:" in html
    assert "Wait for follow-up care" in html


@pytest.mark.parametrize(
    ("url", "queries"),
    [
        # aims, levels, items, measures per cell; the level filter (count, rows); CQI cells (by aim ×
        # level, by item), dialogues and PDSA cycles per cell
        (reverse("aims:grid"), 10),
        (reverse("aims:aim_detail", kwargs={"slug": "timely"}), 4),
        # the item, its children, its neighbours; then its measures, CQI cells, dialogues and PDSA cycles
        (reverse("aims:item_detail", kwargs={"code": "TI-PR-02"}), 7),
        (reverse("aims:search") + "?q=access", 5),
    ],
)
def test_pages_read_a_fixed_number_of_queries_whatever_the_size_of_the_matrix(
    client, django_assert_num_queries, url, queries
):
    with django_assert_num_queries(queries):
        client.get(url)


def test_the_grid_filters_by_kind_and_level(client):
    response = client.get(reverse("aims:grid"), {"kind": "need", "level": "clients-family"})
    assert response.context["grid"].item_count == 21
    assert [level.slug for level in response.context["grid"].levels] == ["clients-family"]


def test_a_bad_grid_filter_is_explained_and_the_whole_grid_still_shows(client):
    response = client.get(reverse("aims:grid"), {"kind": "wish", "level": "nowhere"})
    assert response.status_code == 200
    assert response.context["form"].errors.keys() == {"kind", "level"}
    assert response.context["grid"].item_count == 110
    assert 'aria-invalid="true"' in response.content.decode()


def test_an_aim_page_lists_its_definition_and_items_level_by_level(client):
    response = client.get(reverse("aims:aim_detail", kwargs={"slug": "equity"}))
    html = response.content.decode()
    assert "Fair, culturally and linguistically competent care" in html
    assert [len(nodes) for _level, nodes in response.context["sections"]] == [5, 7, 6, 5]


def test_a_level_page_lists_items_aim_by_aim_and_its_berwick_levels(client):
    response = client.get(reverse("aims:level_detail", kwargs={"slug": "clients-family"}))
    assert sum(len(nodes) for _aim, nodes in response.context["sections"]) == 21
    assert "Patients and Communities" in response.content.decode()


@pytest.mark.parametrize(
    "url",
    [
        reverse("aims:aim_detail", kwargs={"slug": "kindness"}),
        reverse("aims:level_detail", kwargs={"slug": "county"}),
        reverse("aims:item_detail", kwargs={"code": "XX-YY-01"}),
        reverse("aims:item_edit", kwargs={"code": "XX-YY-01"}),
    ],
)
def test_unknown_framework_pages_are_404(client_for, qi_staff, url):
    assert client_for(qi_staff).get(url).status_code == 404


def test_an_item_page_shows_its_place_sub_items_and_neighbours(client):
    response = client.get(reverse("aims:item_detail", kwargs={"code": "TI-PR-02"}))
    html = response.content.decode()
    assert "Time to assessment" in html
    assert (response.context["previous"].code, response.context["following"].code) == ("TI-PR-01", "TI-PR-03")


def test_item_history_is_for_staff_roles_only(client_for, consumer, director):
    url = reverse("aims:item_detail", kwargs={"code": "TI-PR-02"})
    assert client_for(consumer).get(url).context["history"] is None
    assert client_for(director).get(url).context["history"] == []


@pytest.mark.parametrize("view", ["aims:item_edit", "aims:item_create"])
def test_editing_sends_anonymous_visitors_to_sign_in(client, view):
    kwargs = {"code": "TI-PR-02"} if view == "aims:item_edit" else {}
    response = client.get(reverse(view, kwargs=kwargs))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


@pytest.mark.parametrize("persona", ["consumer", "director", "outsider"])
@pytest.mark.parametrize("view", ["aims:item_edit", "aims:item_create"])
def test_only_qi_staff_and_administrators_may_edit(client_for, request, persona, view):
    kwargs = {"code": "TI-PR-02"} if view == "aims:item_edit" else {}
    client = client_for(request.getfixturevalue(persona))
    assert client.get(reverse(view, kwargs=kwargs)).status_code == 403
    assert client.post(reverse(view, kwargs=kwargs), {"text": "x", "change_reason": "x"}).status_code == 403
    assert MatrixItem.objects.get(code="TI-PR-02").text == "Regularly monitor and report:"


def test_qi_staff_reword_an_item_and_the_history_shows_it(client_for, qi_staff):
    client = client_for(qi_staff)
    url = reverse("aims:item_edit", kwargs={"code": "SA-CF-05"})
    assert client.get(url).context["form"].initial["text"] == "Trauma-sensitive care"
    response = client.post(
        url,
        {"text": "Trauma-informed care", "text_es": "Atención informada sobre el trauma", "change_reason": "Wording"},
    )
    assert response.status_code == 302
    page = client.get(response.url)
    assert "Trauma-informed care" in page.content.decode()
    assert page.context["history"][0].history_user == qi_staff
    assert page.context["history"][0].history_change_reason == "Wording"


def test_administrators_may_edit_too(client_for, administrator):
    url = reverse("aims:item_edit", kwargs={"code": "SA-CF-05"})
    assert client_for(administrator).post(url, {"text": "New", "change_reason": "x"}).status_code == 302


def test_a_bad_edit_reshows_what_was_typed_with_the_errors(client_for, qi_staff):
    url = reverse("aims:item_edit", kwargs={"code": "SA-CF-05"})
    response = client_for(qi_staff).post(url, {"text": "   ", "text_es": "Texto escrito", "change_reason": ""})
    assert response.status_code == 200
    assert response.context["form"].errors.keys() == {"text", "change_reason"}
    assert "Texto escrito" in response.content.decode()
    assert MatrixItem.objects.get(code="SA-CF-05").text == "Trauma-sensitive care"


def test_qi_staff_add_an_item_to_a_cell(client_for, qi_staff):
    response = client_for(qi_staff).post(
        reverse("aims:item_create"),
        {"aim": "timely", "level": "dmh", "text": "Publish county wait times", "change_reason": "Council vote"},
    )
    assert response.status_code == 302
    item = MatrixItem.objects.get(code="TI-DM-05")
    assert (item.text, item.order, item.kind) == ("Publish county wait times", 5, "strategy")


def test_adding_a_sub_item_under_a_parent_in_another_cell_is_refused(client_for, qi_staff):
    response = client_for(qi_staff).post(
        reverse("aims:item_create"),
        {"aim": "timely", "level": "dmh", "parent": "TI-PR-02", "text": "Orphan", "change_reason": "x"},
    )
    assert response.status_code == 200
    assert "parent" in response.context["form"].errors
    assert not MatrixItem.objects.filter(text="Orphan").exists()


def test_the_add_form_can_start_from_a_cell(client_for, qi_staff):
    response = client_for(qi_staff).get(reverse("aims:item_create"), {"aim": "safe", "level": "dmh"})
    assert response.context["form"].initial == {"aim": "safe", "level": "dmh"}


def test_search_lists_matching_items(client):
    response = client.get(reverse("aims:search"), {"q": "limited-English", "kind": "strategy"})
    results = list(response.context["results"])
    assert {"TI-PR-04", "TI-PR-05", "TI-LE-03"} <= {item.code for item in results}
    assert all(item.kind == "strategy" for item in results)
    assert all("limited-english" in (item.text + item.text_es).lower() for item in results)
    assert f"{len(results)} items found" in response.content.decode()


def test_search_without_a_query_shows_the_form_only(client):
    response = client.get(reverse("aims:search"))
    assert response.context["results"] is None


def test_a_bad_search_is_explained(client):
    response = client.get(reverse("aims:search"), {"q": "x" * 201, "aim": "kindness"})
    assert response.status_code == 200
    assert response.context["results"] is None
    assert response.context["form"].errors.keys() == {"q", "aim"}


def test_the_csv_export_is_the_whole_matrix_and_safe_in_a_spreadsheet(client):
    MatrixItem.objects.filter(code="SA-CF-05").update(text='=HYPERLINK("http://evil.example","click")')
    response = client.get(reverse("aims:export_csv"))
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 1 + 118
    exported = next(row for row in rows if row[0] == "SA-CF-05")
    assert exported[7].startswith("'=")


def test_pages_are_served_in_spanish_when_chosen(client):
    client.post(reverse("set_language"), {"language": "es", "next": reverse("aims:grid")})
    response = client.get(reverse("aims:grid"))
    html = response.content.decode()
    assert '<html lang="es">' in html
    assert "Oportuno" in html
    assert MatrixItem.objects.get(code="TI-CF-01").text_es in html


def test_post_only_where_a_form_is_submitted(client):
    assert client.post(reverse("aims:grid")).status_code == 405
    assert client.post(reverse("aims:export_csv")).status_code == 405
