"""Signals other parts of QIC listen to.

``service_data_changed`` is sent after an import is committed or a file is withdrawn, once the
transaction has committed; the measure jobs recompute on it.

``measures_recomputed`` is sent once a recompute's new results have committed, with the computation's
id. Apps above ``measures`` (``dialogues`` drafts problems from the charts' signals) listen to it, so
``measures`` never imports them. Receivers should only queue work: the recompute has already finished.
"""

from django.dispatch import Signal

service_data_changed = Signal()  # sent with kinds=set of DataKind values
measures_recomputed = Signal()  # sent with computation_id=int
