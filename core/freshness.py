"""Tokens that change whenever an area's records change, for caching what is drawn from them.

Every programme record belongs to an area (`area_id`) or to the programme as a whole (the national
definitions, the Community of Practice, people's names). Saving or deleting one gives its area (or
the programme) a new random token: right away, so the rest of the same transaction reads fresh, and
again once the transaction commits, so a page computed by someone else from the old rows while it was
open is never kept under the new token. A cache key that includes the tokens of everything a page
draws on (`tokens(area_ids)`) is therefore never served after a change; nothing needs deleting.

The tokens live in Django's cache, so every web process must share it (Redis in production, as the
README's deployment says). With the local-memory cache of a single development server that holds
too. Entries keyed by tokens also expire after `cached(..., timeout=…)`, a bound on staleness should
a write ever bypass the model signals (a queryset `update()` of an area's records must call
`changed(area_id)` itself).
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable, Iterable

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

PROGRAMME = "programme"
PREFIX = "freshness:"
# Records that never feed a cached page: reading notifications, sending email, downloads, sign-ins.
IGNORED_APPS = {"notifications", "sessions", "axes", "admin", "contenttypes", "auth"}
IGNORED_MODELS = {"reports.reportdownload", "reports.reportfile"}
# Apps whose records show across areas (a community example of one area, a registration for an
# event): any change renews the programme's token.
PROGRAMME_WIDE_APPS = {"community"}


def _key(scope) -> str:
    return f"{PREFIX}{scope}"


def _renew(scope) -> None:
    cache.set(_key(scope), uuid.uuid4().hex, None)


def changed(area_id: int | None) -> None:
    """An area's records (or, with None, the programme's shared records) have changed."""
    scope = area_id if area_id is not None else PROGRAMME
    _renew(scope)
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(lambda: _renew(scope))


def tokens(area_ids: Iterable[int]) -> str:
    """The current tokens of these areas and of the programme, as one string for a cache key."""
    scopes = [PROGRAMME, *sorted(set(area_ids))]
    known = cache.get_many([_key(scope) for scope in scopes])
    parts = []
    for scope in scopes:
        token = known.get(_key(scope))
        if token is None:
            token = uuid.uuid4().hex
            if not cache.add(_key(scope), token, None):
                token = cache.get(_key(scope)) or token
        parts.append(token[:12])
    return ".".join(parts)


def cached(key: str, area_ids: Iterable[int], compute: Callable, *, timeout: int = 15 * 60):
    """`compute()`, kept under `key` until any of these areas' (or the programme's) records change."""
    full_key = f"{key}:{tokens(area_ids)}"
    if len(full_key) > 200:  # many areas in scope: a digest keeps keys short
        full_key = f"{key[:60]}:{hashlib.sha256(full_key.encode()).hexdigest()}"
    value = cache.get(full_key)
    if value is None:
        value = compute()
        cache.set(full_key, value, timeout)
    return value


def _area_of(sender, instance):
    label = sender._meta.label_lower
    if sender._meta.app_label in IGNORED_APPS or label in IGNORED_MODELS or sender.__name__.startswith("Historical"):
        return False, None
    if label == "areas.localarea":
        return True, instance.pk
    if label == "areas.user" or sender._meta.app_label in PROGRAMME_WIDE_APPS:
        return True, None  # a person's name shows in their areas' pages
    return True, getattr(instance, "area_id", None)


def _on_write(sender, instance, **kwargs):
    if kwargs.get("raw"):
        return
    update_fields = kwargs.get("update_fields")
    if update_fields and set(update_fields) <= {"last_login", "unread_notifications"}:
        return
    if kwargs.get("created") and sender._meta.label_lower == "areas.user":
        return  # nothing shows a new account until it is given a role (a membership of an area)
    relevant, area_id = _area_of(sender, instance)
    if relevant:
        changed(area_id)
        if sender._meta.label_lower == "areas.localarea":
            changed(None)  # the list of areas (national pages, filters) is the programme's


def _on_m2m(sender, instance, action, **kwargs):
    if action.startswith("post_"):
        relevant, area_id = _area_of(type(instance), instance)
        if relevant:
            changed(area_id)


def connect() -> None:
    """Listen to every model's saves and deletes (called once, when `core` is ready)."""
    post_save.connect(_on_write, dispatch_uid="core.freshness.save")
    post_delete.connect(_on_write, dispatch_uid="core.freshness.delete")
    m2m_changed.connect(_on_m2m, dispatch_uid="core.freshness.m2m")
