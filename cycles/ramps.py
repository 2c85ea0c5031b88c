"""Ramps: cycles that build on earlier ones. A ramp may branch (DOMAIN: two cycles may follow one),
so a ramp is a tree rooted at its first cycle. Each function loads the area's links in one query
(kept until the area's records change) and the ramp's cycles in one more, however long or bushy the ramp."""

from __future__ import annotations

from dataclasses import dataclass, field

from core import freshness

from .models import Cycle


@dataclass
class RampNode:
    cycle: Cycle
    step: int  # 1 for the first cycle, 2 for a cycle following it…
    followers: list[RampNode] = field(default_factory=list)

    @property
    def branches(self) -> bool:
        return len(self.followers) > 1


def _links(area_id) -> dict[int, int | None]:
    """Each of the area's cycles → the cycle it follows (None for a first cycle), kept until a record
    of the area changes."""
    return freshness.cached(
        f"cycles:ramp-links:{area_id}",
        [area_id],
        lambda: dict(Cycle.objects.filter(area_id=area_id).values_list("pk", "follows_id")),
    )


def _root(links: dict, pk: int) -> int:
    seen = {pk}
    while links.get(pk) is not None and links[pk] not in seen:
        pk = links[pk]
        seen.add(pk)
    return pk


def ramp_tree(cycle: Cycle) -> RampNode:
    """The whole ramp `cycle` belongs to, from its first cycle, each cycle with its followers (oldest
    first)."""
    links = _links(cycle.area_id)
    children: dict[int, list[int]] = {}
    for pk, follows in sorted(links.items()):
        if follows is not None:
            children.setdefault(follows, []).append(pk)
    root = _root(links, cycle.pk)
    members, todo = [], [root]
    while todo:
        pk = todo.pop()
        if pk in members:
            continue
        members.append(pk)
        todo.extend(children.get(pk, []))
    found = Cycle.objects.filter(pk__in=members).select_related("innovation").in_bulk()

    def build(pk: int, step: int, seen: frozenset) -> RampNode:
        node = RampNode(cycle=found[pk], step=step)
        node.followers = [build(child, step + 1, seen | {pk}) for child in children.get(pk, []) if child not in seen]
        return node

    return build(root, 1, frozenset())


def flatten(node: RampNode) -> list[RampNode]:
    """The ramp's cycles in reading order: each cycle, then its followers' branches in turn."""
    return [node, *(n for follower in node.followers for n in flatten(follower))]


def ramp_of(cycle: Cycle) -> list[Cycle]:
    """Every cycle in `cycle`'s ramp, in reading order (first cycle first)."""
    return [node.cycle for node in flatten(ramp_tree(cycle))]


def ramp_steps(cycles) -> dict[int, int]:
    """For each given cycle, its step in its ramp (1 for a first cycle); one query per area."""
    cycles = list(cycles)
    if not cycles:
        return {}
    links = _links(cycles[0].area_id)
    positions = {}
    for cycle in cycles:
        position, current, seen = 1, cycle.pk, set()
        while links.get(current) is not None and current not in seen:
            seen.add(current)
            current = links[current]
            position += 1
        positions[cycle.pk] = position
    return positions


def ramp_forest(cycles) -> list[RampNode]:
    """The ramps among `cycles` (already loaded) that have more than one cycle, as trees, first
    started first: what the timeline draws under its months (no query)."""
    cycles = list(cycles)
    by_pk = {cycle.pk: cycle for cycle in cycles}
    children: dict[int, list[Cycle]] = {}
    for cycle in cycles:
        if cycle.follows_id in by_pk:
            children.setdefault(cycle.follows_id, []).append(cycle)

    def build(cycle: Cycle, step: int, seen: frozenset) -> RampNode:
        followers = [c for c in children.get(cycle.pk, []) if c.pk not in seen]
        node = RampNode(cycle=cycle, step=step)
        node.followers = [build(c, step + 1, seen | {cycle.pk}) for c in followers]
        return node

    roots = [c for c in cycles if c.follows_id not in by_pk and children.get(c.pk)]
    return [build(root, 1, frozenset()) for root in roots]
