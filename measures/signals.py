"""Signals other parts of QIC listen to.

``service_data_changed`` is sent after an import is committed or a file is withdrawn, once the
transaction has committed; the measure jobs recompute on it.
"""

from django.dispatch import Signal

service_data_changed = Signal()  # sent with kinds=set of DataKind values
