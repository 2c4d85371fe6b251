"""Spanish as it is written in the United States: dates as in Spanish, numbers and money as in
English ($1,250.00), as county notices, bank statements and Medi-Cal letters in California write them.

Django's own ``es`` formats use a decimal comma and a space between thousands, which makes "$25,00"
of a stipend; Mexico's (``es_MX``) use the point and comma readers here expect.

Dates name their month, day first, as in English (``qic/formats/__init__.py``): "6 nov 2026". Spanish
writes month abbreviations in lower case; Django's ``M`` capitalises them ("Nov"), ``b`` does not.
"""

from django.conf.locale.es_MX.formats import *  # noqa: F403

DATE_FORMAT = "j b Y"  # 6 nov 2026
TIME_FORMAT = "g:i a"  # 5:00 p.m.
DATETIME_FORMAT = f"{DATE_FORMAT}, {TIME_FORMAT}"  # 6 nov 2026, 5:00 p.m.
YEAR_MONTH_FORMAT = "b Y"  # nov 2026
MONTH_DAY_FORMAT = "j b"  # 6 nov
SHORT_DATE_FORMAT = DATE_FORMAT
SHORT_DATETIME_FORMAT = DATETIME_FORMAT
