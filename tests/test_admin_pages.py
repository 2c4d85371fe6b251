"""The Django admin keeps to the site's Content-Security-Policy, fits a phone and speaks the reader's language.

The browser crawl (tests/browser/test_crawl.py) found these; each is pinned here on the HTML the server sends.
"""

import re
from pathlib import Path

import django
import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from aims import services
from aims.models import MatrixItem

pytestmark = pytest.mark.django_db

STYLE_ATTRIBUTE = re.compile(r"<[^>]+\sstyle=", re.I)


def spanish(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"
    return client


@pytest.fixture
def changed_item(qi_staff):
    item = MatrixItem.objects.get(code="EQ-DM-05")
    services.matrix_item_update(
        item=item, text="Develop and fund strategies", text_es="", change_reason="Agenda built", changed_by=qi_staff
    )
    return item


def test_the_admins_forms_css_is_djangos_without_the_import_that_axe_reads_through_an_inline_style():
    django_css = Path(django.__file__).parent / "contrib/admin/static/admin/css/forms.css"
    ours = Path(settings.BASE_DIR, "static/admin/css/forms.css").read_text()
    first, *rest = django_css.read_text().splitlines(keepends=True)
    assert first.startswith("@import url('widgets.css')")
    assert not re.search(r"^@import", ours, re.M)
    assert ours.endswith("".join(rest)), "Django's forms.css changed: copy it again, without its @import"


def test_every_admin_page_links_the_widgets_sheet_and_declares_an_icon(client_for, administrator):
    html = client_for(administrator).get(reverse("admin:index")).content.decode()
    assert '<link rel="icon" href="data:,">' in html  # no request for /favicon.ico, no 404 in the console
    assert "/static/admin/css/widgets.css" in html


def test_a_history_page_has_no_style_attribute_and_its_table_scrolls_in_its_own_box(
    client_for, administrator, changed_item
):
    html = client_for(administrator).get(reverse("admin:aims_matrixitem_history", args=[changed_item.pk]))
    html = html.content.decode()
    assert not STYLE_ATTRIBUTE.search(html)
    assert re.search(r'<div class="table-responsive">\s*<table id="change-history"', html)


def test_a_history_page_reads_in_spanish(client_for, administrator, changed_item):
    client = spanish(client_for(administrator))
    html = client.get(reverse("admin:aims_matrixitem_history", args=[changed_item.pk])).content.decode()
    # simple-history ships no Spanish: its sentence is QIC's own string, translated in QIC's catalogue.
    with translation.override("es"):
        assert gettext("Choose a date from the list below to revert to a previous version of this object.") in html
    assert "Se preparó la agenda" in html  # a change reason a service wrote, in the reader's language
    record = changed_item.history.latest()
    html = client.get(reverse("admin:aims_matrixitem_simple_history", args=[changed_item.pk, record.pk]))
    html = html.content.decode()
    assert ">Marco de calidad</a>" in html  # the breadcrumbs name the app, not its label "Aims"
    with translation.override("es"):
        assert gettext("Press the 'Revert' button below to revert to this version of the object.") in html


def test_a_version_without_a_user_shows_the_admins_dash_not_none(client_for, administrator, changed_item):
    changed_item.history.update(history_user=None)
    html = spanish(client_for(administrator)).get(reverse("admin:aims_matrixitem_history", args=[changed_item.pk]))
    assert ">None<" not in re.sub(r"\s+", "", html.content.decode())


def test_the_search_boxs_icon_is_named_in_spanish(client_for, administrator):
    html = spanish(client_for(administrator)).get(reverse("admin:aims_matrixitem_changelist")).content.decode()
    assert 'alt="Buscar"' in html


@pytest.mark.parametrize("changelist", ["admin:measures_code_changelist", "admin:workplan_reviewarea_changelist"])
def test_each_box_of_an_editable_column_is_named_for_its_row(client_for, administrator, changelist):
    from measures.models import Code
    from workplan.models import ReviewArea

    if not ReviewArea.objects.exists():
        ReviewArea.objects.create(code="access", name="Access", description="Timely access", order=1)
    assert Code.objects.exists()
    html = client_for(administrator).get(reverse(changelist)).content.decode()
    boxes = re.findall(r'<input[^>]*name="form-0-order"[^>]*>', html)
    assert boxes
    assert re.search(r'aria-label="Order: [^"]+"', boxes[0]), boxes[0]


def test_the_users_group_filter_names_roles_in_spanish(client_for, administrator):
    html = spanish(client_for(administrator)).get(reverse("admin:accounts_user_changelist")).content.decode()
    assert "Consumidor(a) o familiar" in html
    assert "Consumer or family member" not in html
