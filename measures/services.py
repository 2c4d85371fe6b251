"""Reference data the measures app needs on every installation."""

import json
from pathlib import Path

from django.conf import settings
from django.db import transaction

from measures.models import Code

CODES_FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "codes.json"


@transaction.atomic
def code_lists_load_defaults(*, path: Path = CODES_FIXTURE) -> int:
    """Add the default codes that are missing; codes an administrator has changed are left alone."""
    created = 0
    for entry in json.loads(path.read_text(encoding="utf-8")):
        fields = dict(entry["fields"])
        code_list, code = fields.pop("code_list"), fields.pop("code")
        _code, was_created = Code.objects.get_or_create(code_list=code_list, code=code, defaults=fields)
        created += was_created
    return created
