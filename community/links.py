"""Which portal records a practice example may link to, and showing them only to people who may see them.

Kinds are named by model label so that the apps that hold them need not know about the community,
and apps built later only need adding here. A label whose app is not installed is skipped. Every
linkable model has its own `area` key (house rule 3), which is what the access check uses.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.apps import apps
from django.contrib.contenttypes.models import ContentType

# model label, one record, several records; in the order the link page offers them.
LINKABLE = [
    ("innovations.Innovation", "Innovation", "Innovations"),
    ("cycles.PDSACycle", "PDSA cycle", "PDSA cycles"),
    ("cycles.Cycle", "PDSA cycle", "PDSA cycles"),
    ("measures.Measure", "Measure", "Measures"),
    ("stages.StageChange", "Stage change", "Stage changes"),
]


@dataclass(frozen=True)
class LinkKind:
    model: type
    label: str
    plural: str

    @property
    def content_type(self) -> ContentType:
        return ContentType.objects.get_for_model(self.model)


def linkable_kinds() -> list[LinkKind]:
    """The linkable kinds whose apps are installed, with an `area` key."""
    kinds = []
    for model_label, label, plural in LINKABLE:
        try:
            model = apps.get_model(model_label)
        except (LookupError, ValueError):
            continue
        if any(f.name == "area" for f in model._meta.get_fields()) and all(k.model is not model for k in kinds):
            kinds.append(LinkKind(model=model, label=label, plural=plural))
    return kinds


def is_linkable(model) -> bool:
    return any(kind.model is model for kind in linkable_kinds())


def records_in_area(kind: LinkKind, area):
    """The records of one kind in one area that an example may link to."""
    return kind.model.objects.filter(area=area)


@dataclass
class ShownLink:
    link: object
    target: object
    label: str
    url: str | None


def links_for_reader(links, access) -> tuple[list[ShownLink], int]:
    """The links this reader may follow, and how many others there are that they may not see.

    `links` should come with `area` selected and `target` prefetched, so this asks nothing more.
    """
    labels = {kind.content_type.pk: kind.label for kind in linkable_kinds()}
    shown, withheld = [], 0
    for link in links:
        target = link.target
        if target is None:
            continue  # the record has since been removed
        if not access.can_see_area(link.area):
            withheld += 1
            continue
        if getattr(target, "area_id", None) == link.area_id:
            # Records' addresses name their area: share the link's, rather than a query per record.
            target.area = link.area
        url = target.get_absolute_url() if hasattr(target, "get_absolute_url") else None
        shown.append(
            ShownLink(
                link=link,
                target=target,
                label=labels.get(link.target_content_type_id, "Portal record"),
                url=url,
            )
        )
    return shown, withheld


def group_by_kind(links) -> dict[int, set[int]]:
    chosen: dict[int, set[int]] = defaultdict(set)
    for link in links:
        chosen[link.target_content_type_id].add(link.target_object_id)
    return chosen
