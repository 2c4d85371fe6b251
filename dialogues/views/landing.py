from django.shortcuts import render
from django.views.decorators.http import require_GET

from dialogues.selectors.landing import cells_open_to_members, dialogues_open_for_signup


@require_GET
def landing(request):
    """What taking part means, for anyone: the next dialogues, the cells open to new members, how to join."""
    return render(
        request,
        "dialogues/landing.html",
        {"dialogues": dialogues_open_for_signup(), "cells": cells_open_to_members()},
    )
