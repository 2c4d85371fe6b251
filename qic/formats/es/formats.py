"""Spanish as it is written in the United States: dates as in Spanish, numbers and money as in
English ($1,250.00), as county notices, bank statements and Medi-Cal letters in California write them.

Django's own ``es`` formats use a decimal comma and a space between thousands, which makes "$25,00"
of a stipend; Mexico's (``es_MX``) use the point and comma readers here expect.
"""

from django.conf.locale.es_MX.formats import *  # noqa: F403
