"""Question wording by facet: one place for every stem the generator writes."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

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
        ask="Where {does} {m} originate?",
        one="Which of these is an origin of {m}?",
        many="Select all the origins (proximal attachments) of {m}.",
        odd="Which of these is NOT an origin of {m}?",
        is_="an origin of {m}",
        reverse="Which muscle originates from {x}?",
        choose="Which of these muscles originates from {x}?",
        single="Where {does} {m} originate?",
    ),
    Facet.INSERTION: Wording(
        ask="Where {does} {m} insert?",
        one="Which of these is an insertion of {m}?",
        many="Select all the insertions (distal attachments) of {m}.",
        odd="Which of these is NOT an insertion of {m}?",
        is_="an insertion of {m}",
        reverse="Which muscle inserts on {x}?",
        choose="Which of these muscles inserts on {x}?",
        single="Where {does} {m} insert?",
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
    Facet.FIBERS: Wording(
        ask="Which way do the fibers of {m} run, and how are they arranged?",
        one="Which of these describes the fibers of {m}?",
        many="Select all that describe the fibers of {m}.",
        odd="Which of these does NOT describe the fibers of {m}?",
        is_="a description of the fibers of {m}",
    ),
    Facet.JOINTS: Wording(
        ask="Which joints {does} {m} cross?",
        one="Which of these joints {does} {m} cross?",
        many="Select all the joints that {m} {crosses}.",
        odd="Which of these joints {does} {m} NOT cross?",
        is_="a joint that {m} {crosses}",
        single="Which joint {does} {m} cross?",
    ),
    Facet.SYNERGISTS: Wording(
        ask="Which muscles assist {m} in {x}?",
        one="Which of these muscles assists {m} in {x}?",
        many="Select all the muscles that assist {m} in {x}.",
        odd="Which of these muscles does NOT assist {m} in {x}?",
        is_="a synergist of {m}",
    ),
    Facet.ANTAGONISTS: Wording(
        ask="Which muscles oppose {m} in {x}?",
        one="Which of these muscles is an antagonist of {m} in {x}?",
        many="Select all the antagonists of {m} in {x}.",
        odd="Which of these muscles is NOT an antagonist of {m} in {x}?",
        is_="an antagonist of {m}",
    ),
    Facet.GROUP: Wording(
        ask="Which muscle groups {does} {m} belong to?",
        one="{M} {belongs} to which of these groups?",
        many="Select all the muscles of the {m}.",
        odd="Which of these muscles is NOT one of the {m}?",
        is_="a group that {m} {belongs} to",
    ),
    Facet.PALPATION: Wording(
        ask="How do you palpate {m}?",
        one="In which position is the client placed to palpate {m}?",
        many="",
        odd="",
        is_="how {m} {is} palpated",
    ),
    Facet.STRETCH: Wording(
        ask="How {is} {m} stretched?",
        one="Which of these movements stretches {m}?",
        many="Select all the movements that stretch {m}.",
        odd="Which of these movements does NOT stretch {m}?",
        is_="a movement that stretches {m}",
    ),
    Facet.CLINICAL_TESTS: Wording(
        ask="Which clinical tests and signs involve {m}?",
        one="Which of these tests or signs involves {m}?",
        many="Select all the tests and signs that involve {m}.",
        odd="Which of these tests or signs does NOT involve {m}?",
        is_="a test or sign that involves {m}",
        choose="Which of these muscles does this test or sign involve: {x}?",
    ),
    Facet.CAUTIONS: Wording(
        ask="Which cautions and endangerment sites apply when working on {m}?",
        one="Which of these cautions applies when working on {m}?",
        many="Select all the cautions that apply when working on {m}.",
        odd="Which of these cautions does NOT apply to working on {m}?",
        is_="a caution when working on {m}",
        choose="Which of these muscles calls for this caution: {x}?",
    ),
    Facet.CONDITIONS: Wording(
        ask="Which common conditions involve {m}?",
        one="Which of these conditions commonly involves {m}?",
        many="Select all the common conditions that involve {m}.",
        odd="Which of these conditions does NOT commonly involve {m}?",
        is_="a condition that involves {m}",
        choose="Which of these muscles is commonly involved in {x}?",
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
        odd="Which of these conditions is NOT commonly confused with pain from {m} trigger points?",
        is_="a condition that pain from {m} trigger points can be confused with",
    ),
    Facet.SATELLITES: Wording(
        ask="Which muscles should be checked for satellite trigger points when {m} {has} them?",
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

WORKS_WITH = Wording(
    ask="Which muscles work with {m} in {x}?",
    one="Which of these muscles works with {m} in {x}?",
    many="Select all the muscles that work with {m} in {x}.",
    odd="Which of these muscles does NOT work with {m} in {x}?",
    is_="a synergist of {m}",
)
"""Synergist stems for a muscle whose own part in the movement is qualified "assists" (or
"weak"): the listed muscles are often its prime movers, so they are not said to "assist"
it (review 4b T13, 6b T50: "Which muscle assists extensor carpi radialis longus in
flexion of the elbow?" — biceps brachii)."""


@cache
def name_pattern(name: str, aliases: tuple[str, ...]) -> re.Pattern[str]:
    """One pattern for a muscle's names as whole words ("Nerve to piriformis"; not
    "iliopsoas" for psoas), compiled once per muscle: asked for every item."""
    names = {name, *aliases, re.sub(r"\s*\([^)]*\)", "", name)}
    alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True) if n)
    return re.compile(rf"\b(?:{alternatives})\b", re.IGNORECASE)


_NAME_WORDS_GENERIC = frozenset(
    "muscle muscles the of and major minor longus brevis magnus maximus medius minimus "
    "lateral medial anterior posterior superior inferior deep superficial long short "
    "internal external oblique head hand foot".split()
)


@cache
def name_stems(name: str, aliases: tuple[str, ...]) -> frozenset[str]:
    """The words of a muscle's names that point at it alone ("pterygoid" of "Lateral
    pterygoid", "deltoid", "subscapularis"): a landmark with one of them in its name
    (the pterygoid plate, the deltoid tuberosity, the subscapular fossa) gives the muscle
    away in a "which muscle?" stem."""
    return frozenset(
        w
        for n in (name, *aliases)
        for w in _WORDS.findall(n.lower())
        if len(w) >= 4 and w not in _NAME_WORDS_GENERIC
    )


def names_in(text: str, name: str, aliases: tuple[str, ...]) -> bool:
    """Whether a word of ``text`` shares a stem with one of the muscle's own name words
    (``name_stems``): "the subscapular fossa" for subscapularis."""
    own = name_stems(name, aliases)
    return any(same_stem(word, w) for word in _WORDS.findall(text.lower()) for w in own)


_TAKES_THE = frozenset({"Diaphragm"})
"""Muscles named with an English noun, which English gives an article: "the diaphragm"."""


@cache
def mid(name: str) -> str:
    """A muscle name for the middle of a sentence ("Gluteus minimus" → "gluteus minimus",
    "Diaphragm" → "the diaphragm")."""
    if name in _TAKES_THE:
        return f"the {name.lower()}"
    if len(name) > 1 and name[0].isupper() and not name[1].isupper():
        return name[0].lower() + name[1:]
    return name


_PLURAL_WORD = re.compile(r"(?:[^aeinpsu]s|(?:al|cl|en|or)es|(?:e|ell|id|en)i)$")
"""A plural noun by its ending: English "-s" (intercostals, lumbricals, hamstrings,
adductors; never the Latin singulars gluteus, brevis, biceps, psoas, opponens, teres, pes),
"-ales", "-cles", "-enes", "-ores" (lumbricales, muscles, scalenes, rotatores) and the
Latin "-i" plurals (interossei, gemelli, multifidi, scaleni; never the genitives brachii,
dorsi, digiti minimi, colli)."""


@cache
def is_plural(name: str) -> bool:
    """Whether a muscle's (or group's) name is a plural noun, so that its verbs are plural
    ("the rotatores are", "palmar interossei cross"): a word of the name outside brackets,
    before any "of", that ends as a plural noun (:data:`_PLURAL_WORD`). Multifidus, the
    erector spinae, the quadriceps and the triceps surae are singular."""
    words = re.sub(r"\s*\([^)]*\)", "", name).split(" of ")[0].split()
    return any(_PLURAL_WORD.search(w.lower()) for w in words if w.isalpha() and not w.isupper())


_PLURAL_VERBS = {"is": "are", "was": "were", "has": "have", "does": "do"}


def plural_verb(verb: str) -> str:
    """A verb of the third person singular in the plural: "is" → "are", "crosses" →
    "cross", "flexes" → "flex", "rotates" → "rotate", "applies" → "apply"."""
    low = verb.lower()
    if low in _PLURAL_VERBS:
        plural = _PLURAL_VERBS[low]
    elif not low.endswith("s"):
        return verb
    elif low.endswith(("sses", "shes", "ches", "xes", "zes")):
        plural = low[:-2]
    elif low.endswith("ies") and len(low) > 4:
        plural = low[:-3] + "y"
    else:
        plural = low[:-1]
    return cap(plural) if verb[:1].isupper() else plural


def verb(name: str, singular: str, *, plural: bool | None = None) -> str:
    """``singular`` (a verb of the third person singular) agreeing with ``name`` as its
    subject ("crosses" for "Gluteus minimus", "cross" for "Palmar interossei");
    ``plural`` overrides the name's own number (two names joined by "and")."""
    many = is_plural(name) if plural is None else plural
    return plural_verb(singular) if many else singular


def pronoun(name: str) -> str:
    """ "its" or "their", for a muscle's own things."""
    return "their" if is_plural(name) else "its"


def possessive(name: str) -> str:
    """ "gluteus medius's", "the external intercostals'" (a plural in "-s" takes the
    apostrophe alone)."""
    return f"{name}'" if is_plural(name) and name.endswith("s") else f"{name}'s"


def owns(name: str, noun: str) -> str:
    """ "gluteus medius's origin"; "the origin of abductor digiti minimi (hand)": a name
    ending in a bracket takes "of", never "(hand)'s"."""
    if name.endswith(")"):
        return f"the {noun} of {name}"
    return f"{possessive(name)} {noun}"


def possessor(name: str) -> str:
    """A name standing for what it owns, after "as": "gluteus medius's"; a name ending in a
    bracket stands as it is ("the same places as abductor digiti minimi (hand)")."""
    return name if name.endswith(")") else possessive(name)


_ADVERB = re.compile(r"[a-z]+ly$", re.IGNORECASE)


def predicate(name: str, text: str) -> str:
    """An action's words ("extends the trunk", "laterally flexes the neck") said of
    ``name``: its first verb, after any adverbs, agreeing with it ("the rotatores extend
    the trunk")."""
    if not is_plural(name):
        return text
    words = text.split(" ")
    for at, word in enumerate(words):
        core = word.strip("{}")  # a cloze gap's word: "{{extends}}"
        if not _ADVERB.fullmatch(core):
            words[at] = word.replace(core, plural_verb(core), 1)
            break
    return " ".join(words)


_SLOTS = ("is", "does", "has", "crosses", "belongs", "originates", "inserts")
"""The verbs a stem template writes as ``{is}``, ``{does}`` …: each agrees with ``{m}``."""


def say(template: str, m: str, *, plural: bool | None = None, **fields: str) -> str:
    """A template of :data:`WORDING` (or any stem) filled in: ``{m}`` the muscle's name for
    the middle of a sentence, ``{M}`` capitalised, the verbs of :data:`_SLOTS` (``{does}``,
    ``{is}`` …) agreeing with it ("Which joints do palmar interossei cross?"), and any
    further ``fields``."""
    forms = {v: verb(m, v, plural=plural) for v in _SLOTS}
    return template.format(m=m, M=cap(m), **forms, **fields)


def group_members(name: str) -> str:
    """A group's members, to follow "one of" or "none of": "the hamstrings", "the deep six
    lateral rotators", "the muscles of mastication" (a plural name stands for its members),
    but "the muscles of the rotator cuff", "the muscles of the thenar group" ("one of the
    rotator cuff" is not English)."""
    head = name.lower().split(" of ")[0].split()[-1]
    if head.endswith("s") and not head.endswith(("is", "us", "as", "ss")):
        return f"the {mid(name)}"
    return f"the muscles of the {mid(name)}"


def cap(text: str) -> str:
    """Capitalise the first letter only."""
    return text[:1].upper() + text[1:] if text else text


def strip_stop(text: str) -> str:
    return text.rstrip().rstrip(".")


def join_list(parts: list[str]) -> str:
    """ "A; b; c" — items can contain commas, so semicolons keep them apart. It reads as one
    sentence, so only the first item keeps its capital (eponyms and abbreviations keep
    theirs)."""
    return "; ".join(strip_stop(p) if n == 0 else lower_first(strip_stop(p)) for n, p in enumerate(parts))


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
    if _EPONYM.fullmatch(first) and not _common_possessive(first):
        return text
    if _ABBREVIATION.fullmatch(first) or _proper(first):
        return f"the {text}" if rest else text
    return f"the {first[:1].lower()}{first[1:]}" + (f" {rest}" if rest else "")


PROPER_NOUNS = frozenset(
    "Achilles Adson Apley Babinski Baker Bennett Colles Cozen Dupuytren Finkelstein Froment "
    "Gaenslen Gerdy Guyon Hawkins Homans Kemp Kennedy Lachman Legg Lister McMurray Mill "
    "Morton Neer Ober Osgood Perthes Phalen Quervain Roos Schlatter Scarpa Speed Spurling "
    "Thomas Thompson Tinel Trendelenburg Valsalva Wartenberg Yergason "
    # the standard texts' authors, named in explanations ("Travell & Simons link …")
    "Biel Gray Kendall Magee Muscolino Simons Travell Werner Heberden Bouchard".split()
)
"""Names of people in the exam's tests, signs and structures: they keep their capital in
the middle of a sentence ("…involve: Thompson (calf squeeze) test", "the Achilles
tendon"), as possessive eponyms ("Gerdy's tubercle") do."""

_ARTICLES = frozenset({"A", "An", "The"})
"""Never a name, even before "test" or "sign" ("A test of …", "The sign …")."""

_COMMON_POSSESSIVES = frozenset(
    "golfer jumper runner student tennis swimmer thrower tailor housemaid boxer weaver "
    "writer skier climber".split()
)
"""Possessives that are not names ("Golfer's elbow test"): lowered like any word."""


def _proper(word: str) -> bool:
    """Whether a word is (or starts with) a name of :data:`PROPER_NOUNS`: "Achilles",
    "Osgood–Schlatter", "Tinel's"."""
    head = re.split(r"[–'’-]", word.strip(",;:.()"), maxsplit=1)[0]
    return head in PROPER_NOUNS


def _common_possessive(word: str) -> bool:
    return re.split(r"['’]", word, maxsplit=1)[0].lower() in _COMMON_POSSESSIVES


_EPONYM = re.compile(r"[A-Z][\w-]*['’]s?")
"""A possessive name ("Gerdy's", "Lister's", "Achilles'"): a proper noun."""
_EPONYM_NOUNS = frozenset({"test", "sign", "gait", "maneuver", "manoeuvre", "procedure"})
"""Words that follow an eponym: "Ober test", "Trendelenburg sign"."""
_ABBREVIATION = re.compile(r"[A-Z0-9][\w–-]*[A-Z0-9][\w–-]*|[A-Z]")
"""A word with a second capital or a digit ("ASIS", "L4", "T12–L1", "S1")."""


_PLACE_WORDS = frozenset("over along between behind in around below above under beside".split())


def to_place(label: str) -> str:
    """A body region's label as a noun phrase after "refer to" (sample review 6a T1: "refer
    mainly to along the iliac crest"): "Along the iliac crest" → "the iliac crest", "Over the
    eyebrow (supraorbital region)" → "the eyebrow (supraorbital region)", "Behind the ear
    (mastoid region)" → "the mastoid region (behind the ear)", "Heel" → "the heel"."""
    first, _, rest = label.partition(" ")
    if first.lower() not in _PLACE_WORDS:
        return f"the {lower_first(label)}"
    if first.lower() in ("over", "along"):
        return rest
    place, bracket, name = label.partition(" (")
    if bracket and name.endswith(")"):
        return f"the {name[:-1]} ({lower_first(place)})"
    return f"the area {lower_first(label)}"


def lower_first(text: str) -> str:
    """A sentence's first letter lowered for use mid-sentence ("Treat consistently" →
    "treat consistently"), unless the first word is an eponym or abbreviation ("RICE",
    "L4", "Gerdy's tubercle"), which keep their capitals. A leading cloze gap ("{{...}}")
    is looked into."""
    gap = "{{" if text.startswith("{{") else ""
    body = text[len(gap) :]
    first, _, rest = body.partition(" ")
    first = first.rstrip(",;:.}")
    if not first or (
        first != "A"
        and (
            (_EPONYM.fullmatch(first) and not _common_possessive(first))
            or _ABBREVIATION.fullmatch(first)
            or _proper(first)
        )
    ):
        return text
    if first not in _ARTICLES and rest.split(" ", 1)[0].rstrip(",;:.)") in _EPONYM_NOUNS:
        return text  # "Ober test", "Trendelenburg gait": a name
    return gap + body[:1].lower() + body[1:]


_FACT_LEADS: dict[Facet, str] = {
    Facet.ORIGIN: "{M} {originates} from {x}",
    Facet.INSERTION: "{M} {inserts} on {x}",
    Facet.ACTIONS: "{M} {x}",
    Facet.BLOOD_SUPPLY: "{M} {is} supplied by {x}",
    Facet.STRAIN_GRADES: "In {m}, {x}",
}
"""How an item's own words become a sentence that names its muscle. Attachments and
arteries take the landmark form ("the transverse processes of L1–L4")."""

_TOPIC_LEADS = {"trigger-points": "For trigger points in {m}, {x}", "strain": "For {a} {m} strain, {x}"}


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
    if facet is Facet.ACTIONS:
        x = predicate(m, x)  # "the rotatores extend the trunk"
    return say(lead, m, x=x, a=a, g=grade) + "."


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
    return " ".join(f"{cap(_and_names(texts))}: {lower_first(note)}." for note, texts in by_note.items())


def _and_names(texts: list[str]) -> str:
    """ "a", "a and b", "a, b and c", later names lowered as in a sentence."""
    parts = [texts[0], *(lower_first(t) for t in texts[1:])]
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


# --- the exam's vocabulary for structured facets ---------------------------------------

_PARTS: dict[str, str] = {
    "great-toe": "the great toe",
    "toe": "the toes",
    "hip": "the hip",
    "knee": "the knee",
    "ankle": "the ankle",
    "foot": "the foot",
    "trunk": "the trunk",
    "lumbar": "the lumbar spine",
    "pelvis": "the pelvis",
    "neck": "the neck",
    "head": "the head",
    "mandible": "the mandible",
    "scapula": "the scapula",
    "shoulder": "the shoulder",
    "elbow": "the elbow",
    "forearm": "the forearm",
    "wrist": "the wrist",
    "finger": "the fingers",
    "thumb": "the thumb",
}
"""The first part of a shared action id (``hip-abduction``): the joint or part that moves."""

_MOVEMENT_WORDS = frozenset(
    "flexion extension abduction adduction rotation medial lateral ipsilateral contralateral "
    "horizontal upward downward radial ulnar deviation plantarflexion dorsiflexion inversion "
    "eversion elevation depression protraction retraction opposition supination pronation".split()
)

_SPECIAL_MOVEMENTS: dict[str, str] = {
    "anterior-pelvic-tilt": "anterior tilt of the pelvis",
    "posterior-pelvic-tilt": "posterior tilt of the pelvis",
    "forced-expiration": "forced expiration",
    "inspiration": "inspiration",
    "abdominal-compression": "compression of the abdominal contents",
    "pelvic-stabilisation": "stabilization of the pelvis",
    "hip-joint-stabilisation": "stabilization of the hip joint",
    "knee-stabilisation": "stabilization of the knee",
}

_OPPOSITE_WORDS: dict[str, str] = {}
for _a, _b in (
    ("flexion", "extension"),
    ("abduction", "adduction"),
    ("ipsilateral", "contralateral"),
    ("upward", "downward"),
    ("radial", "ulnar"),
    ("plantarflexion", "dorsiflexion"),
    ("inversion", "eversion"),
    ("elevation", "depression"),
    ("protraction", "retraction"),
    ("supination", "pronation"),
):
    _OPPOSITE_WORDS[_a], _OPPOSITE_WORDS[_b] = _b, _a


def _split_action(action_id: str) -> tuple[str, list[str]] | None:
    """``hip-medial-rotation`` → ("hip", ["medial", "rotation"]); None for an id that is
    not a joint movement in the shared vocabulary (``tenses-iliotibial-tract``)."""
    for part in _PARTS:  # "great-toe" is tried before "toe"
        if action_id.startswith(part + "-"):
            words = action_id[len(part) + 1 :].split("-")
            if words and all(w in _MOVEMENT_WORDS for w in words):
                return part, words
            return None
    return None


@cache
def movement_label(action_id: str) -> str | None:
    """A shared action id in the exam's words: ``hip-abduction`` → "abduction of the hip",
    ``trunk-rotation-ipsilateral`` → "ipsilateral rotation of the trunk"; None when the id
    is not a joint movement of the shared vocabulary."""
    if action_id in _SPECIAL_MOVEMENTS:
        return _SPECIAL_MOVEMENTS[action_id]
    split = _split_action(action_id)
    if split is None:
        return None
    part, words = split
    sides = [w for w in words if w in ("ipsilateral", "contralateral")]
    rest = [w for w in words if w not in ("ipsilateral", "contralateral")]
    return f"{' '.join(sides + rest)} of {_PARTS[part]}"


@cache
def action_part(action_id: str) -> str | None:
    """The joint or part an action moves (``hip`` for ``hip-abduction``), or None."""
    if action_id in ("anterior-pelvic-tilt", "posterior-pelvic-tilt", "pelvic-stabilisation"):
        return "pelvis"
    split = _split_action(action_id)
    return split[0] if split else None


_DIGIT_TWINS = (("thumb-", "finger-"), ("great-toe-", "toe-"))


def digit_twin(own: str, other: str) -> bool:
    """Whether action ``other`` is the movement ``own`` makes of the thumb (great toe) made
    by the fingers (toes): "Flexion of the fingers" as a wrong action of flexor pollicis
    longus, or "Flexion of the toes" of flexor hallucis longus, is half true (the thumb and
    the great toe are digits too), so it is never offered against it."""
    for one, many in _DIGIT_TWINS:
        if own.startswith(one) and other.startswith(many):
            return own.rsplit("-", 1)[-1] == other.rsplit("-", 1)[-1]
    return False


_JOINT_WORDS: dict[str, str] = {
    "mcp": r"MCP|metacarpophalangeal",
    "ip": r"IP|interphalangeal",
    "pip": r"PIP|proximal interphalangeal",
    "dip": r"DIP|distal interphalangeal",
}
"""The joints an action id may name (``finger-mcp-flexion``), as a qualifier says them."""
_AT_JOINT = re.compile(r"([a-z-]+?)-(mcp|ip|pip|dip)-([a-z-]+)")


def one_movement(a: Item, b: Item) -> bool:
    """Whether two actions of one muscle are one movement said two ways: "Flexes the MCP
    joints of the fingers" (``finger-mcp-flexion``) and "Flexes the fingers (at the MCP
    joints)" (``finger-flexion``, its qualifier naming the joint). Never two options of
    one question: two keys for one fact. (Not :data:`quizzer.vocab.MOVEMENT_FAMILIES`:
    flexion of the fingers without the qualifier is flexion at every finger joint.)"""
    for joint_id, plain in ((a, b), (b, a)):
        found = _AT_JOINT.fullmatch(joint_id.id)
        if found is None or plain.id != f"{found.group(1)}-{found.group(3)}":
            continue
        words = _JOINT_WORDS[found.group(2)]
        if re.search(rf"\b(?:{words})\b", plain.qualifier or "", re.IGNORECASE):
            return True
    return False


def one_per_movement(items: Sequence[Item]) -> list[Item]:
    """``items`` without the second of any two that are :func:`one_movement` (the first
    said is kept)."""
    kept: list[Item] = []
    for item in items:
        if not any(one_movement(item, k) for k in kept):
            kept.append(item)
    return kept


@cache
def opposite_action(action_id: str) -> str | None:
    """The movement that undoes this one (``hip-abduction`` → ``hip-adduction``,
    ``hip-medial-rotation`` → ``hip-lateral-rotation``), or None (lateral flexion is undone
    by the same movement to the other side)."""
    pair = {"anterior-pelvic-tilt": "posterior-pelvic-tilt", "posterior-pelvic-tilt": "anterior-pelvic-tilt"}
    if action_id in pair:
        return pair[action_id]
    split = _split_action(action_id)
    if split is None:
        return None
    part, words = split
    if words[-1] == "rotation" and words[0] in ("medial", "lateral"):
        words = ["lateral" if words[0] == "medial" else "medial", *words[1:]]
    elif words == ["lateral", "flexion"]:
        return None
    else:
        words = [_OPPOSITE_WORDS.get(w, w) for w in words]
    other = f"{part}-{'-'.join(words)}"
    return None if other == action_id else other


FIBER_LABELS: dict[str, str] = {
    "vertical": "Vertical",
    "horizontal": "Horizontal",
    "oblique": "Oblique",
    "circular": "Circular",
    "fan-shaped": "Fan-shaped (convergent)",
    "parallel": "Parallel (strap-like)",
    "unipennate": "Unipennate",
    "bipennate": "Bipennate",
    "multipennate": "Multipennate",
    "spiral": "Spiral",
}
"""The shared fiber ids of the schema, as options show them."""

FIBER_DIMENSIONS: dict[str, frozenset[str]] = {
    "direction": frozenset({"vertical", "horizontal", "oblique", "circular"}),
    "arrangement": frozenset(
        {"fan-shaped", "parallel", "unipennate", "bipennate", "multipennate", "spiral", "circular"}
    ),
}
"""Fiber ids that exclude each other: a muscle's direction is one of the first set, its
arrangement one of the second. Wrong options come from the key's own dimension only (a
"vertical" muscle may well be "parallel" too)."""


# --- cues a test-wise student reads ----------------------------------------------------

CUE = re.compile(
    r"\b(always|never|only|all|none|must|completely|entirely|for good|so that|in order to)\b",
    re.IGNORECASE,
)
"""Specific determiners and rationalising clauses: test-wise students know that options
carrying them are usually false, so they may stand among wrong options only where a right
option carries one too."""


@cache
def has_cue(text: str) -> bool:
    return CUE.search(text) is not None


_ECHO_STOP = frozenset(
    "which what where when these this that those with from into does than then there their "
    "about over under muscle muscles select true part most best following other each both "
    "being been have give gives given".split()
)
_WORDS = re.compile(r"[a-z]+")


@cache
def _content_words(text: str) -> frozenset[str]:
    return frozenset(w for w in _WORDS.findall(text.lower()) if len(w) >= 4 and w not in _ECHO_STOP)


def same_stem(a: str, b: str) -> bool:
    """Whether two words share a stem: "fibula"/"fibularis", "lata"/"latae",
    "tensor"/"tenses" (words under four letters never do); long words that start with the
    same six letters do too, whatever their endings, as a student hears them:
    "infraspinous"/"infraspinatus", "temporomandibular"/"temporalis"."""
    short = min(len(a), len(b))
    if short < 4 or a[:4] != b[:4]:
        return False
    common = 4
    while common < short and a[common] == b[common]:
        common += 1
    return common >= min(6, max(4, short - 2))


@cache
def _stem_index(stem: str) -> dict[str, tuple[str, ...]]:
    """The stem's content words by their first four letters (words that could share a
    stem with them must start alike)."""
    index: dict[str, list[str]] = {}
    for word in _content_words(stem):
        index.setdefault(word[:4], []).append(word)
    return {k: tuple(v) for k, v in index.items()}


_NO_ECHO: frozenset[str] = frozenset()


@lru_cache(maxsize=1 << 16)
def echoes(stem: str, text: str) -> frozenset[str]:
    """The words of ``stem`` that ``text`` echoes (shares a stem with)."""
    index = _stem_index(stem)
    found: set[str] | None = None
    for word in _content_words(text):
        for candidate in index.get(word[:4], ()):
            if same_stem(candidate, word):
                found = found or set()
                found.add(candidate)
    return frozenset(found) if found else _NO_ECHO


def echo_gives_away(stem: str, keys: Sequence[str], others: Sequence[str]) -> bool:
    """Whether a word of the stem is echoed by a key and by no other option: "Which
    artery supplies fibularis longus?" → "Fibular artery"."""
    echoed: set[str] = set()
    for key in keys:
        echoed |= echoes(stem, key)
    if not echoed:
        return False
    for other in others:
        echoed -= echoes(stem, other)
    return bool(echoed)
