import pytest
from django.db import connection

from conftest import missing_service


@pytest.fixture(params=["batched", "copy"])
def method(request, db):
    """Every import test runs on both write paths; COPY needs PostgreSQL."""
    if request.param == "copy" and connection.vendor != "postgresql":
        missing_service("the COPY import path needs PostgreSQL (set DATABASE_URL)")
    return request.param
