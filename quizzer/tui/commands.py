"""Command palette entries for every muscle and group: "Muscle sheet: <name>" and, for a
muscle with a referral pattern, "Mark the zones: <name>", found by name or alias."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

from textual.command import Hit, Hits, Provider

from quizzer.session.search import name_words, named

if TYPE_CHECKING:
    from quizzer.tui.app import QuizzerApp

SHEET, MARK = "Muscle sheet", "Mark the zones"
NAMED_FIRST = 100.0
"""Added to the fuzzy score of an entry whose muscle the query names outright (``scm``,
``mark tfl``), so that it leads entries that only share scattered letters with it."""


@dataclass(frozen=True)
class _Entry:
    action: str
    subject: str
    titles: tuple[str, ...]
    """What the query is matched against: the title with the name, and with each alias."""
    help: str
    run: Callable[[], object]


def _split(query: str) -> tuple[set[str], list[str]]:
    """The actions a query asks for ("sheet scm": the sheet; "scm": both) and its other
    words. Leading words that start an action's words count as the action only when
    more words follow ("ma" alone may be the start of "masseter")."""
    words = query.lower().replace(":", " ").split()
    actions: set[str] = set()
    while len(words) > 1:
        wanted = {a for a in (SHEET, MARK) if any(w.startswith(words[0]) for w in a.lower().split())}
        if not wanted:
            break
        actions |= wanted
        words.pop(0)
    return actions or {SHEET, MARK}, words


class MuscleCommands(Provider):
    """A palette entry per muscle and group (and per muscle to mark), matched against its
    name and each of its aliases ("glute med", "TFL", "SCM", "lats"); shown with the name
    it was found by."""

    async def startup(self) -> None:
        app = cast("QuizzerApp", self.app)
        self._entries: list[_Entry] = []
        self._names: dict[str, tuple[str, ...]] = {}
        library = app.library
        if library is None:
            return
        subjects = [(m.id, m.name, m.aliases, bool(m.referral_zones)) for m in library.muscles()]
        subjects += [(g.id, g.name, g.aliases, False) for g in library.groups()]
        seen: set[str] = set()
        for subject, name, aliases, has_map in subjects:
            if subject in seen:
                continue
            seen.add(subject)
            self._names[subject] = (name, *aliases)
            also = f" · also {', '.join(aliases)}" if aliases else ""
            actions = [(SHEET, f"Its reference card{also}", app.action_sheet)]
            if has_map:
                actions.append(
                    (
                        MARK,
                        "Mark its referral zones on the figure (practice, not stored)",
                        app.action_mark_zones,
                    )
                )
            for action, help_text, method in actions:
                titles = (f"{action}: {name}", *(f"{action}: {name} ({alias})" for alias in aliases))
                self._entries.append(_Entry(action, subject, titles, help_text, _bound(method, subject)))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        actions, words = _split(query)
        subjects = set(named(words, self._names))
        for entry in self._entries:
            title = max(entry.titles, key=matcher.match)  # the first of the best
            score = matcher.match(title)
            if entry.subject in subjects and entry.action in actions:
                score += NAMED_FIRST
                # Shown with the name the query gave ("… (TFL)" for "mark tfl"), the one
                # it spells out first ("glute med": the alias, not "GLUTEus MEDius").
                given = [
                    (name_words(n), t) for n, t in zip(self._names[entry.subject], entry.titles, strict=True)
                ]
                wanted = name_words(" ".join(words))
                title = next(
                    (t for have, t in given if have == wanted),
                    next((t for have, t in given if named(words, {entry.subject: (" ".join(have),)})), title),
                )
            if score > 0:
                yield Hit(score, matcher.highlight(title), entry.run, text=title, help=entry.help)


def _bound(method: Callable[[str], object], subject: str) -> Callable[[], object]:
    return lambda: method(subject)
