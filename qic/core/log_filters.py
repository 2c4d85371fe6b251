"""Logging filters named in settings.LOGGING."""

import logging


class ClientErrorWithoutTraceback(logging.Filter):
    """Log a 4xx response as its one line, without the exception Django attaches to it.

    Django logs a 403 (PermissionDenied), a 400 (BadRequest, SuspiciousOperation) and the like with the
    exception that produced the response, and a handler prints its whole traceback. That traceback is how a
    view said no, not a fault: printed in full it reads like a crash. A 5xx keeps its traceback.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        status_code = getattr(record, "status_code", None)
        if isinstance(status_code, int) and status_code < 500:
            record.exc_info = None
            record.exc_text = None
        return True
