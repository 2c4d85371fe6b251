"""The wording the measure pack ships for where each definition comes from (``Measure.source``), what to
compare it with (``benchmark``) and who wrote it (``written_by``), marked here so the Spanish catalogue
holds its translation.

These are reference texts QI staff seldom change, kept in one column each; a page shows the Spanish
from the catalogue when the text is still the shipped one, and the English, marked as such, once staff
have written their own (``Measure.display_source``...). They cite the published documents a county
reader can look up (the regulation, the DHCS information notice, the NCQA measure, CalEQRO's review),
as ``MEASURES.md`` does, and never QIC's own design documents.

``SUPERSEDED`` is the wording earlier versions shipped (it named internal documents and QIC's
engineers): loading the registry replaces it where staff left it as it was.
"""

from django.utils.translation import gettext_noop

# Written out in full (no f-strings): makemessages reads only literal strings.
SOURCES = (
    gettext_noop(
        "California Code of Regulations, title 28, section 1300.67.2.2 (timely access to care); "
        "DHCS Behavioral Health Information Notice 23-041 (network adequacy and the Timely Access Data Tool); "
        "CalEQRO's annual review of the county mental health plan (timeliness self-assessment)"
    ),
    gettext_noop(
        "California Code of Regulations, title 28, section 1300.67.2.2 (timely access to care); "
        "Los Angeles County Department of Mental Health Policy 302.07, Access to Care"
    ),
    gettext_noop(
        "CalEQRO's annual review of the county mental health plan (timeliness self-assessment); "
        "California Code of Regulations, title 28, section 1300.67.2.2 (timely access to care)"
    ),
    gettext_noop(
        "CalEQRO's annual review of the county mental health plan (timeliness self-assessment); "
        "DHCS Behavioral Health Information Notice 23-041 (network adequacy and the Timely Access Data Tool)"
    ),
    gettext_noop("CalEQRO's annual review of the county mental health plan (timeliness self-assessment)"),
    gettext_noop(
        "NCQA HEDIS measure Follow-Up After Hospitalization for Mental Illness (FUH), "
        "counted from the county's own claims"
    ),
    gettext_noop(
        "NCQA HEDIS measure Follow-Up After Hospitalization for Mental Illness (FUH), members aged 6 and over"
    ),
    gettext_noop(
        "CalEQRO performance measures for county mental health plans (psychiatric readmission, from approved claims)"
    ),
    gettext_noop(
        "CalEQRO performance measures for county mental health plans; "
        "the DHCS Specialty Mental Health Services Performance Dashboard"
    ),
    gettext_noop(
        "CalEQRO performance measures for county mental health plans (average approved claims per beneficiary served)"
    ),
    gettext_noop("IHI Triple Aim (per capita cost), with the Medi-Cal eligibles and approved claims CalEQRO counts"),
    gettext_noop(
        "The county's record of requests for services, as it reports them in the Timely Access Data Tool "
        "(DHCS Behavioral Health Information Notice 23-041)"
    ),
)

BENCHMARKS = (
    gettext_noop(
        "Health plans licensed by the DMHC must meet the standard for at least 70 % of requests (from 2023). "
        "The county sets its own target for its mental health plan."
    ),
    gettext_noop("Health plans licensed by the DMHC must meet the standard for at least 70 % of requests (from 2023)."),
    gettext_noop(
        "Health plans licensed by the DMHC must meet the urgent standard for at least 70 % of requests (from 2023)."
    ),
    gettext_noop("CalEQRO reports each county's average and median."),
    gettext_noop("Set by each county mental health plan, often 10 to 15 %."),
    gettext_noop("Set by each county mental health plan."),
    gettext_noop("NCQA national average for Medicaid HMO plans, 2022: 36.6 %"),
    gettext_noop("NCQA national average for Medicaid HMO plans, 2022: 57.1 %"),
    gettext_noop("The statewide rate, as CalEQRO reports it"),
    gettext_noop("The statewide rate and the rate of counties of the same size, as CalEQRO reports them"),
    gettext_noop("The statewide average, as CalEQRO reports it"),
)

WRITTEN_BY = gettext_noop("The county's Quality Improvement team")

#: Wording of earlier versions -> the field it was in. Loading the registry gives such a field the
#: fixture's current wording.
SUPERSEDED = {
    "source": frozenset(
        {
            "MEASURES.md 1.1–1.3: DMHC 28 CCR 1300.67.2.2; CalEQRO timeliness self-assessment",
            "MEASURES.md 1.1: LA DMH Policy 302.07; CalEQRO",
            "MEASURES.md 1.3: CalEQRO timeliness self-assessment",
            "MEASURES.md 3.1: NCQA FUH",
            "MEASURES.md 3.1: NCQA HEDIS FUH",
            "MEASURES.md 2.2: CalEQRO",
            "MEASURES.md 2.2: CalEQRO / DHCS SMHS dashboard",
            "MEASURES.md 2.2: CalEQRO AACB",
            "Seed 002 (IHI Triple Aim: per capita cost); MEASURES.md 2.2 "
            "(the penetration rate's eligibles, AACB's approved dollars)",
            "MEASURES.md 1 (access requests); the access funnel of PRODUCT.md 6",
        }
    ),
    "benchmark": frozenset(
        {
            "DMHC: 70 % compliance per network (MY2023); DHCS threshold for county plans not confirmed",
            "DMHC: 70 % compliance per network (MY2023)",
            "DMHC: 70 % urgent compliance (MY2023)",
            "CalEQRO reports average and median",
            "MHP-defined (often 10–15 %)",
            "MHP-defined",
            "NCQA Medicaid HMO MY2022: 36.6 %",
            "NCQA Medicaid HMO MY2022: 57.1 %",
            "CalEQRO statewide rate",
            "Statewide and same-size-county penetration rates (CalEQRO)",
            "Statewide AACB (CalEQRO)",
        }
    ),
    "written_by": frozenset({"QIC founding engineers", "QIC engineers"}),
}
