def save_with_history(instance, *, by, reason: str) -> None:
    """Save so the history record (where the model keeps one) names the person and the reason."""
    instance._change_reason = reason
    if by is not None and getattr(by, "is_authenticated", False):
        instance._history_user = by
    instance.save()
