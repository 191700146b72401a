"""Question wording by facet: one place for every stem the generator writes."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from quizzer.model import Facet, Item


@dataclass(frozen=True)
class Wording:
    """How to ask about one facet. ``{m}`` is the muscle's name."""

    ask: str
    """Basic question for the whole facet."""
    one: str
    """Single-answer stem ("Which of these is ...?")."""
    many: str
    """Select-all stem."""
    odd: str
    """"Which is NOT" stem."""
    is_: str
    """Statement: "{x} is {is_}" (e.g. "an origin of gluteus minimus")."""
    reverse: str = ""
    """Item → muscle flashcard, with ``{x}`` for the item text ("" when not asked). Only
    asked for items no other loaded muscle lists, so "which muscle" is fair there."""
    choose: str = ""
    """Item → muscle with options: "which of these", since other muscles of the body (even
    loaded ones, left out of the options) may share the landmark."""
    single: str = ""
    """Stem when the muscle has exactly one item ("Where does {m} insert?")."""


WORDING: dict[Facet, Wording] = {
    Facet.ORIGIN: Wording(
        ask="Where does {m} originate?",
        one="Which of these is an origin of {m}?",
        many="Select all the origins (proximal attachments) of {m}.",
        odd="Which of these is NOT an origin of {m}?",
        is_="an origin of {m}",
        reverse="Which muscle originates from {x}?",
        choose="Which of these muscles originates from {x}?",
        single="Where does {m} originate?",
    ),
    Facet.INSERTION: Wording(
        ask="Where does {m} insert?",
        one="Which of these is an insertion of {m}?",
        many="Select all the insertions (distal attachments) of {m}.",
        odd="Which of these is NOT an insertion of {m}?",
        is_="an insertion of {m}",
        reverse="Which muscle inserts on {x}?",
        choose="Which of these muscles inserts on {x}?",
        single="Where does {m} insert?",
    ),
    Facet.ACTIONS: Wording(
        ask="What are the actions of {m}?",
        one="Which of these is an action of {m}?",
        many="Select all the actions of {m}.",
        odd="Which of these is NOT an action of {m}?",
        is_="an action of {m}",
        single="What is the action of {m}?",
    ),
    Facet.INNERVATION: Wording(
        ask="Which nerve supplies {m}, and from which spinal roots?",
        one="Which nerve supplies {m}?",
        many="Select all the nerves that supply {m}.",
        odd="Which of these nerves does NOT supply {m}?",
        is_="the nerve supply of {m}",
        single="Which nerve supplies {m}?",
    ),
    Facet.BLOOD_SUPPLY: Wording(
        ask="What is the blood supply of {m}?",
        one="Which of these arteries supplies {m}?",
        many="Select all the arteries that supply {m}.",
        odd="Which of these arteries does NOT supply {m}?",
        is_="part of the blood supply of {m}",
        single="Which artery supplies {m}?",
    ),
    Facet.REFERRAL: Wording(
        ask="Where do trigger points in {m} refer pain?",
        one="Whose referral pattern is this? {x}",
        many="Select all the regions where trigger points in {m} refer pain.",
        odd="Which of these regions is NOT part of the referral pattern of {m}?",
        is_="a region where trigger points in {m} refer pain",
        reverse="Trigger points in which muscle give this referral pattern? {x}",
    ),
    Facet.TP_SYMPTOMS: Wording(
        ask="What are the symptoms of trigger points in {m}?",
        one="Which of these is a symptom of trigger points in {m}?",
        many="Select all the symptoms of trigger points in {m}.",
        odd="Which of these is NOT a typical symptom of trigger points in {m}?",
        is_="a symptom of trigger points in {m}",
    ),
    Facet.TP_CAUSES: Wording(
        ask="What commonly causes or perpetuates trigger points in {m}?",
        one="Which of these commonly causes trigger points in {m}?",
        many="Select all the common causes of trigger points in {m}.",
        odd="Which of these is NOT a common cause of trigger points in {m}?",
        is_="a common cause of trigger points in {m}",
    ),
    Facet.TP_PREVENTION: Wording(
        ask="How can trigger points in {m} be prevented?",
        one="Which of these helps prevent trigger points in {m}?",
        many="Select all the habits that help prevent trigger points in {m}.",
        odd="Which of these does NOT help prevent trigger points in {m}?",
        is_="a way to prevent trigger points in {m}",
    ),
    Facet.SELF_TREATMENT: Wording(
        ask="How can a person self-treat trigger points in {m}?",
        one="Which of these is sound self-treatment advice for trigger points in {m}?",
        many="Select all the sound self-treatment advice for trigger points in {m}.",
        odd="Which of these is NOT sound self-treatment advice for trigger points in {m}?",
        is_="sound self-treatment advice for trigger points in {m}",
    ),
    Facet.PROFESSIONAL_HELP: Wording(
        ask="Who can help with trigger points in {m}, and how?",
        one="Which of these is a good source of professional help for trigger points in {m}?",
        many="Select all the good sources of professional help for trigger points in {m}.",
        odd="Which of these is NOT a recommended source of help for trigger points in {m}?",
        is_="a recommended source of help for trigger points in {m}",
    ),
    Facet.TIME_TO_RELIEF: Wording(
        ask="How soon does treatment of trigger points in {m} bring relief?",
        one="Which statement about relief from {m} trigger-point treatment is true?",
        many="Select all the true statements about relief from {m} trigger-point treatment.",
        odd="Which statement about relief from {m} trigger-point treatment is NOT true?",
        is_="true of relief from {m} trigger-point treatment",
    ),
    Facet.DIAGNOSTIC_SIGNS: Wording(
        ask="Which key signs point to trigger points in {m}?",
        one="Which of these is a key sign of trigger points in {m}?",
        many="Select all the key signs of trigger points in {m}.",
        odd="Which of these is NOT a key sign of trigger points in {m}?",
        is_="a key sign of trigger points in {m}",
        reverse="Which muscle's trigger points show this key sign: {x}?",
    ),
    Facet.DIFFERENTIAL: Wording(
        ask="Which conditions can pain from {m} trigger points be confused with?",
        one="Pain from {m} trigger points can be confused with which of these conditions?",
        many="Select all the conditions that pain from {m} trigger points can be confused with.",
        odd="Which of these conditions is NOT commonly confused with pain from {m} trigger "
        "points?",
        is_="a condition that pain from {m} trigger points can be confused with",
    ),
    Facet.SATELLITES: Wording(
        ask="Which muscles should be checked for satellite trigger points when {m} has them?",
        one="Which of these muscles often develops satellite trigger points with {m}?",
        many="Select all the muscles that often develop satellite trigger points with {m}.",
        odd="Which of these muscles is NOT listed as a satellite of {m} trigger points?",
        is_="a muscle that often develops satellite trigger points with {m}",
    ),
    Facet.SIMILAR_PATTERNS: Wording(
        ask="Which muscles have referral patterns similar to {m}?",
        one="Which of these muscles has a pain pattern similar to {m}?",
        many="Select all the muscles whose pain patterns resemble those of {m}.",
        odd="Which of these muscles is NOT listed as having a pain pattern like {m}?",
        is_="a muscle whose pain pattern resembles that of {m}",
    ),
    Facet.STRAIN_SYMPTOMS: Wording(
        ask="What are the symptoms of a {m} strain?",
        one="Which of these is a symptom of a {m} strain?",
        many="Select all the symptoms of a {m} strain.",
        odd="Which of these is NOT a typical symptom of a {m} strain?",
        is_="a symptom of a {m} strain",
    ),
    Facet.STRAIN_CAUSES: Wording(
        ask="What causes or contributes to {m} strains?",
        one="Which of these contributes to {m} strains?",
        many="Select all the factors that contribute to {m} strains.",
        odd="Which of these does NOT typically contribute to {m} strains?",
        is_="a contributor to {m} strains",
    ),
    Facet.STRAIN_ACTIVITIES: Wording(
        ask="Which sports and activities put {m} at risk of strain?",
        one="Which of these activities puts {m} at risk of strain?",
        many="Select all the activities that put {m} at risk of strain.",
        odd="Which of these activities does NOT typically put {m} at risk of strain?",
        is_="an activity that puts {m} at risk of strain",
    ),
    Facet.STRAIN_TREATMENT: Wording(
        ask="How is a {m} strain treated?",
        one="Which of these is part of treating a {m} strain?",
        many="Select all the parts of treating a {m} strain.",
        odd="Which of these is NOT part of treating a {m} strain?",
        is_="part of treating a {m} strain",
    ),
    Facet.STRAIN_MECHANISM: Wording(
        ask="How do {m} strains happen?",
        one="Which of these describes how {m} strains happen?",
        many="Select all the ways {m} strains happen.",
        odd="Which of these does NOT describe how {m} strains happen?",
        is_="a way {m} strains happen",
    ),
    Facet.RICE: Wording(
        ask="What are the steps of the RICE protocol for a {m} strain?",
        one="Which of these is a step of the RICE protocol?",
        many="Select all the steps of the RICE protocol.",
        odd="Which of these is NOT a step of the RICE protocol?",
        is_="a step of the RICE protocol",
    ),
    Facet.STRAIN_GRADES: Wording(
        ask="What are the grades of a {m} strain?",
        one="Which of these describes a {m} strain grade?",
        many="Select all the descriptions of {m} strain grades.",
        odd="Which of these does NOT describe a {m} strain grade?",
        is_="a {m} strain grade",
    ),
}


@cache
def mid(name: str) -> str:
    """A muscle name for the middle of a sentence ("Gluteus minimus" → "gluteus minimus")."""
    if len(name) > 1 and name[0].isupper() and not name[1].isupper():
        return name[0].lower() + name[1:]
    return name


def cap(text: str) -> str:
    """Capitalise the first letter only."""
    return text[:1].upper() + text[1:] if text else text


def strip_stop(text: str) -> str:
    return text.rstrip().rstrip(".")


def join_list(parts: list[str]) -> str:
    """"A; b; c" — items can contain commas, so semicolons keep them apart. It reads as one
    sentence, so only the first item keeps its capital (eponyms and abbreviations keep
    theirs)."""
    return "; ".join(strip_stop(p) if n == 0 else lower_first(strip_stop(p))
                     for n, p in enumerate(parts))


def landmark(text: str) -> str:
    """An attachment for the middle of a sentence: "Head of the fibula" → "the head of the
    fibula", so a stem reads as a sentence rather than "originates from: Head of the fibula".

    Eponyms ("Gerdy's tubercle") and abbreviations ("L4", "ASIS", "S1–S3 ...") keep their
    capitals; a text that is just an eponym or an abbreviation takes no article.
    """
    text = strip_stop(text).strip()
    if not text:
        return text
    first, _, rest = text.partition(" ")
    if first.lower() in ("the", "a", "an"):
        return first.lower() + (" " + rest if rest else "")
    if _EPONYM.fullmatch(first):
        return text
    if _ABBREVIATION.fullmatch(first):
        return f"the {text}" if rest else text
    return f"the {first[:1].lower()}{first[1:]}" + (f" {rest}" if rest else "")


_EPONYM = re.compile(r"[A-Z][\w-]*['’]s?")
"""A possessive name ("Gerdy's", "Lister's", "Achilles'"): a proper noun."""
_ABBREVIATION = re.compile(r"[A-Z0-9][\w–-]*[A-Z0-9][\w–-]*|[A-Z]")
"""A word with a second capital or a digit ("ASIS", "L4", "T12–L1", "S1")."""


def lower_first(text: str) -> str:
    """A sentence's first letter lowered for use mid-sentence ("Treat consistently" →
    "treat consistently"), unless the first word is an eponym or abbreviation ("RICE",
    "L4", "Gerdy's tubercle"), which keep their capitals. A leading cloze gap ("{{...}}")
    is looked into."""
    gap = "{{" if text.startswith("{{") else ""
    body = text[len(gap):]
    first = body.partition(" ")[0].rstrip(",;:.}")
    if not first or (first != "A" and (_EPONYM.fullmatch(first)
                                       or _ABBREVIATION.fullmatch(first))):
        return text
    return gap + body[:1].lower() + body[1:]


_FACT_LEADS: dict[Facet, str] = {
    Facet.ORIGIN: "{M} originates from {x}",
    Facet.INSERTION: "{M} inserts on {x}",
    Facet.ACTIONS: "{M} {x}",
    Facet.BLOOD_SUPPLY: "{M} is supplied by {x}",
    Facet.STRAIN_GRADES: "In {m}, {x}",
}
"""How an item's own words become a sentence that names its muscle. Attachments and
arteries take the landmark form ("the transverse processes of L1–L4")."""

_TOPIC_LEADS = {"trigger-points": "For trigger points in {m}, {x}",
                "strain": "For {a} {m} strain, {x}"}


def as_fact(facet: Facet, muscle_name: str, text: str, *, grade: str = "") -> str:
    """``text`` (an item, or its cloze form) as a sentence that names the muscle and says
    what the item is, so a cloze card reads as a fact on its own: "Transverse processes of
    {{L1–L4}}" → "Quadratus lumborum inserts on the transverse processes of {{L1–L4}}"."""
    body = strip_stop(text).strip()
    if facet in (Facet.ORIGIN, Facet.INSERTION, Facet.BLOOD_SUPPLY) and not body.startswith("{{"):
        x = landmark(body)
    else:
        x = lower_first(body)
    lead = _FACT_LEADS.get(facet) or _TOPIC_LEADS.get(facet.topic.value, "{M}: {x}")
    if facet is Facet.STRAIN_GRADES and grade and "grade" not in body.lower():
        lead = "A grade {g} {m} strain: {x}"  # "Heals in {{4 to 12 weeks}}" says no grade
    m = mid(muscle_name)
    a = "an" if m[:1].lower() in "aeiou" else "a"
    return lead.format(M=cap(m), m=m, x=x, a=a, g=grade) + "."


def notes_for(items: Sequence[Item]) -> str:
    """The items' notes for an explanation: each tied to its item ("Plantarflexes the foot:
    a weak action.") unless there is one item or every item has the same remark, so a
    remark about one of them never reads as one about all."""
    noted = [i for i in items if i.note]
    notes = {cap(strip_stop(i.note or "")) for i in noted}
    if len(items) == 1 or (len(noted) == len(items) and len(notes) == 1):
        return f"{next(iter(notes))}." if notes else ""
    # Items that share a remark are named together, so the remark is said once.
    by_note: dict[str, list[str]] = {}
    for i in noted:
        by_note.setdefault(strip_stop(i.note or ""), []).append(strip_stop(i.text))
    return " ".join(
        f"{cap(_and_names(texts))}: {mid(note)}." for note, texts in by_note.items())


def _and_names(texts: list[str]) -> str:
    """"a", "a and b", "a, b and c", later names lowered as in a sentence."""
    parts = [texts[0], *(lower_first(t) for t in texts[1:])]
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
