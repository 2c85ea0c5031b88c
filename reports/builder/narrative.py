"""The words of a report: the draft key messages the portal works out from the figures (which CELCIS
edits, adds to and signs off), and the areas' narratives gathered by topic across the areas."""

from __future__ import annotations

from core.dates import day_label

from ..models import SECTION_KEYS, SECTION_TITLES
from .frameworks import answered, overall
from .report import KeyMessagesPage, Section, day

# Drivers scores that moved at least this many points make a key message.
DRIVERS_MOVE_POINTS = 10
# The narrative topics gathered into the cross-area "support and risks" section, in this order.
SUPPORT_AND_RISKS = ("support", "risks")


def _returns_messages(parts: list[dict], national: bool) -> list[str]:
    found = []
    for part in parts:
        facts, name = part["return"], part["area"]["name"]
        if national and not part["included"]:
            found.append(f"{name}: the return is {facts['status_label'].lower()}, so it is not in this report.")
        elif facts.get("on_time") is False:
            due, submitted = day(facts.get("due_on")), day(facts["submitted_on"])
            found.append(f"{name}: the return was late (due {due}, first submitted {submitted}).")
    return found


def _stage_messages(part: dict) -> list[str]:
    found = []
    for change in part["snapshot"]["stages"]["changes"]:
        who, on = f"{part['area']['name']}: {change['subject']}", day(change["entered_on"])
        if change["is_full"]:
            found.append(f"{who} reached full implementation on {on}.")
        else:
            found.append(f"{who} moved to {change['label']} on {on}.")
    return found


def _drivers_messages(part: dict) -> list[str]:
    """One message per area naming every drivers score that moved 10 points or more."""
    drivers = part["snapshot"]["drivers"]
    moves = []
    change = drivers.get("overall_change")
    if change is not None and abs(change) >= DRIVERS_MOVE_POINTS:
        moves.append(f"overall {_moved(change)} to {drivers['overall']}% ({answered(overall(drivers))})")
    for row in drivers.get("drivers", []):
        if row.get("change") is not None and abs(row["change"]) >= DRIVERS_MOVE_POINTS:
            moves.append(f"{row['name']} {_moved(row['change'])} to {row['percent']}% ({answered(row)})")
    if not moves:
        return []
    return [f"{part['area']['name']}: drivers scores that moved 10 points or more: " + "; ".join(moves) + "."]


def _moved(points: int) -> str:
    return f"{'up' if points > 0 else 'down'} {abs(points)} points"


def _signal_messages(part: dict) -> list[str]:
    found = []
    for measure in part["snapshot"]["measures"]:
        if not measure["definition"].get("shared_id"):
            continue
        tones = sorted({s["tone"] for s in measure["signals"] if s["tone"] in ("improvement", "concern")})
        for tone in tones:
            rules = ", ".join(sorted({s["name"].lower() for s in measure["signals"] if s["tone"] == tone}))
            found.append(f"{part['area']['name']}: a new {tone} signal on {measure['name']} ({rules}).")
    return found


def draft_key_messages(parts: list[dict], national: bool) -> list[str]:
    """The portal's draft list of the quarter's key messages, from the figures alone: stage moves and
    areas reaching full implementation, drivers scores that moved 10 points or more, new improvement
    or concern signals on programme-wide measures, and late or missing returns. None of them carries
    a count of people, so none needs disclosure control."""
    messages = []
    included = [p for p in parts if p["included"] and p["snapshot"]]
    for part in included:
        messages += _stage_messages(part)
    for part in included:
        messages += _drivers_messages(part)
    for part in included:
        messages += _signal_messages(part)
    messages += _returns_messages(parts, national)
    return messages


def key_messages_page(generated: list[str], record=None) -> KeyMessagesPage:
    """The first page from CELCIS's record of the key messages, or the draft list before there is one."""

    def lines(text: str) -> list[str]:
        return [line.strip().lstrip("•-* ").strip() for line in (text or "").splitlines() if line.strip()]

    if record is None:
        return KeyMessagesPage(messages=generated, themes=[], risks=[], asks=[], signed_off="", generated=True)
    signed = ""
    if record.signed_off_at:
        who = record.signed_off_by.get_full_name() or record.signed_off_by.get_username()
        signed = f"Signed off for CELCIS by {who} on {day_label(record.signed_off_at)}."
    return KeyMessagesPage(
        messages=lines(record.messages),
        themes=lines(record.themes),
        risks=lines(record.risks),
        asks=lines(record.asks),
        signed_off=signed,
        generated=False,
    )


def support_and_risks_section(included: list[dict]) -> Section:
    """What the areas ask for and the risks they see, gathered across the areas (one list per topic)."""
    return Section(
        id="support-risks",
        title="Support needed and risks, across the areas",
        intro="What the areas say they need from CELCIS or nationally, and the risks they see, from their returns.",
        narratives=_topics(included, SUPPORT_AND_RISKS),
    )


def narrative_section(included: list[dict]) -> Section:
    """The rest of the areas' own account of the quarter, topic by topic across the areas."""
    return Section(
        id="narrative",
        title="What the areas say",
        intro="The areas' own accounts of the quarter, from their returns, topic by topic.",
        narratives=_topics(included, [key for key in SECTION_KEYS if key not in SUPPORT_AND_RISKS]),
    )


def _topics(included: list[dict], keys) -> list[dict]:
    topics = []
    for key in keys:
        entries = [
            {"area": part["area"]["name"], "text": part["narrative"][key]}
            for part in included
            if part["narrative"].get(key)
        ]
        if entries:
            topics.append({"title": SECTION_TITLES[key], "entries": entries})
    return topics
