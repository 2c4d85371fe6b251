from qic.roles import Role


def roles(request):
    """What the navigation needs to know about the person viewing the page."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"user_roles": set()}
    return {"user_roles": {role.value for role in Role if user.has_role(role)}}
