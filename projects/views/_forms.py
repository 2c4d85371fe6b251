"""One pattern for the project's small forms: show, validate, hand to a service, report per field."""

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render


def form_page(request, *, project, form, heading: str, save: Callable, done: str, next_url=None, extra=None):
    """GET shows ``form``; a valid POST calls ``save(cleaned_data)`` and goes back to the project (or to
    ``next_url``) with the message ``done``. A service's ``ValidationError`` lands on its fields; an
    invalid form answers 400 with nothing saved."""
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                saved = save(dict(form.cleaned_data))
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, done)
                target = next_url(saved) if callable(next_url) else next_url
                return redirect(target or project)
        status = 400
    context = {"form": form, "project": project, "heading": heading, **(extra or {})}
    return render(request, "projects/form.html", context, status=status)


def confirm_page(request, *, project, heading: str, question: str, delete: Callable, done: str):
    """GET asks; POST deletes through the service and goes back to the project, or shows why not."""
    error = None
    if request.method == "POST":
        try:
            delete()
        except ValidationError as refusal:
            error = " ".join(refusal.messages)
        else:
            messages.success(request, done)
            return redirect(project)
    context = {"project": project, "heading": heading, "question": question, "error": error}
    return render(request, "projects/confirm.html", context, status=400 if error else 200)
