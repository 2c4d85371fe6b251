def save_with_history(instance, *, by, reason: str, update_fields=None) -> None:
    """Save so the history record names the person and the reason (outside a request too)."""
    instance._change_reason = reason
    if by is not None and getattr(by, "is_authenticated", False):
        instance._history_user = by
    instance.save(update_fields=update_fields)
