"""Login lockouts: HR unlock the accounts of their own agency; admins unlock any account and
any address (an address belongs to no agency)."""

from peerwork.access.rules import is_hr_or_admin


def can_unlock_logins(user):
    return is_hr_or_admin(user) and user.is_active


def can_unlock_addresses(user):
    return user.is_authenticated and user.is_active and user.is_admin


def unlockable_lockouts(user, locked_accounts):
    """The locked accounts `user` may see and unlock (rows with a "username")."""
    from peerwork.models import User

    if not can_unlock_logins(user):
        return locked_accounts.none()
    if user.is_admin:
        return locked_accounts
    names = User.objects.filter(agency_id=user.agency_id).values("username")
    return locked_accounts.filter(username__in=names)
