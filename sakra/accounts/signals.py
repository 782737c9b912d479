"""Every path that disables an account or takes a role away ends that user's sessions.

Signals rather than only services, because the admin edits users and role assignments
directly; a bulk `QuerySet.update(is_active=False)` bypasses signals, so services use
`deactivate_user` instead.
"""

from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_delete, post_save, pre_save

from .sessions import end_all_sessions, on_user_logged_in


def _user_pre_save(sender, instance, **kwargs):
    # Only a save that leaves the account inactive can be a disabling; look up the old row then.
    instance._sakra_was_active = (
        not instance.is_active
        and instance.pk is not None
        and sender.objects.filter(pk=instance.pk, is_active=True).exists()
    )


def _user_post_save(sender, instance, created, **kwargs):
    if getattr(instance, "_sakra_was_active", False):
        end_all_sessions(instance.pk)
        instance.session_epoch += 1
        instance._sakra_was_active = False


def _assignment_pre_save(sender, instance, **kwargs):
    # Changing the role or scope of an assignment takes the old one away.
    instance._sakra_scope_changed = (
        instance.pk is not None
        and sender.objects.filter(pk=instance.pk)
        .exclude(role=instance.role, unit_id=instance.unit_id, area_id=instance.area_id)
        .exists()
    )


def _assignment_post_save(sender, instance, created, **kwargs):
    if getattr(instance, "_sakra_scope_changed", False):
        end_all_sessions(instance.user_id)


def _assignment_post_delete(sender, instance, **kwargs):
    end_all_sessions(instance.user_id)


def connect() -> None:
    from .models import RoleAssignment, User

    user_logged_in.connect(on_user_logged_in, dispatch_uid="sakra_session_start")
    pre_save.connect(_user_pre_save, sender=User, dispatch_uid="sakra_user_pre_save")
    post_save.connect(_user_post_save, sender=User, dispatch_uid="sakra_user_post_save")
    pre_save.connect(
        _assignment_pre_save, sender=RoleAssignment, dispatch_uid="sakra_assignment_pre_save"
    )
    post_save.connect(
        _assignment_post_save, sender=RoleAssignment, dispatch_uid="sakra_assignment_post_save"
    )
    post_delete.connect(
        _assignment_post_delete, sender=RoleAssignment, dispatch_uid="sakra_assignment_deleted"
    )
