"""English dates with the month's name, day first: see ``qic/formats/__init__.py``."""

from django.conf.locale.en.formats import *  # noqa: F403

DATE_FORMAT = "j M Y"  # 6 Nov 2026
TIME_FORMAT = "g:i a"  # 5:00 p.m.
DATETIME_FORMAT = f"{DATE_FORMAT}, {TIME_FORMAT}"  # 6 Nov 2026, 5:00 p.m.
YEAR_MONTH_FORMAT = "M Y"  # Nov 2026
MONTH_DAY_FORMAT = "j M"  # 6 Nov
SHORT_DATE_FORMAT = DATE_FORMAT
SHORT_DATETIME_FORMAT = DATETIME_FORMAT
