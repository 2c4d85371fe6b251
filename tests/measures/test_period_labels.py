"""Periods and months are named in the reader's language, the same way wherever they appear: the dashboards'
tiles and tables, the measure page, the charts' hovers, the work plan and the stipend ledger."""

import datetime

import pytest
from django.utils import translation

from dialogues.selectors.cells import period_label as ledger_period_label
from measures.charts import month_text
from measures.compute.periods import fiscal_year_label, quarter_label
from measures.selectors import period_label

JULY = datetime.date(2026, 7, 1)


@pytest.mark.parametrize(
    ("language", "quarter", "fiscal_year", "month", "short_month"),
    [
        ("en", "Q3 2026", "FY2026-27", "Jul 2026", "Jul 2026"),
        # Spanish ordinals differ by quarter (1.er, 2.º, 3.er, 4.º); months as the site writes them (qic/formats).
        ("es", "3.er trimestre de 2026", "AF 2026-27", "jul 2026", "jul 2026"),
    ],
)
def test_a_period_is_named_in_the_readers_language(language, quarter, fiscal_year, month, short_month):
    with translation.override(language):
        assert period_label("quarter", JULY) == quarter_label(JULY) == quarter
        assert period_label("fiscal_year", JULY) == fiscal_year_label(JULY) == fiscal_year
        assert period_label("month", JULY) == month
        assert month_text(JULY) == short_month


def test_every_quarter_has_its_own_spanish_ordinal():
    with translation.override("es"):
        labels = [quarter_label(datetime.date(2026, month, 1)) for month in (1, 4, 7, 10)]

    assert labels == [
        "1.er trimestre de 2026",
        "2.º trimestre de 2026",
        "3.er trimestre de 2026",
        "4.º trimestre de 2026",
    ]


def test_the_stipend_ledger_names_periods_as_the_dashboards_do():
    with translation.override("en"):
        assert ledger_period_label("quarter", JULY) == period_label("quarter", JULY) == "Q3 2026"
        assert ledger_period_label("fiscal_year", JULY) == "FY2026-27"
