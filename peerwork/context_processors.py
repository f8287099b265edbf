def roles(request):
    """Navigation needs the user's roles on every page; they are read once per request."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"user_roles": frozenset()}
    return {"user_roles": user.roles}
