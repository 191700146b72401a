"""The options of a choice question: pick by letter or click, then show right and wrong."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message

from quizzer.model import Kind, Question
from quizzer.tui.widgets.hanging import Hanging

LETTERS = "abcdefgh"


class OptionRow(Hanging):
    """One option: its mark and letter, then its text (wrapped under the text, not under the
    letter); clicking anywhere on it picks it."""

    DEFAULT_CSS = "OptionRow { padding: 0 1; }"

    def __init__(self, index: int, text: str) -> None:
        self.index = index
        self.mark = " "
        super().__init__(self._key(), Content(text), id=f"option-{index}", classes="option")

    def _key(self) -> Content:
        return Content.assemble((f"{self.mark} ", "bold"), (f"{LETTERS[self.index]}  ", "bold $accent"))

    @property
    def text(self) -> str:
        """What the option says on screen."""
        return self.body.plain

    @text.setter
    def text(self, text: str) -> None:
        self.set_body(Content(text))

    def set_mark(self, mark: str) -> None:
        self.mark = mark
        self.set_head(self._key())

    def on_click(self, event: events.Click) -> None:
        event.stop()
        panel = self.query_ancestor(ChoicePanel)
        panel.pick(self.index)


class ChoicePanel(Vertical):
    """The options of one ``mcq``/``multi``/``not``/``order`` question.

    ``mcq`` and ``not`` submit on the first pick; ``multi`` toggles picks and submits on
    enter; ``order`` submits once every option has its place (backspace takes one back).
    Enter before the answer is complete posts ``Incomplete`` instead, so nothing is graded.
    """

    DEFAULT_CSS = "ChoicePanel { height: auto; }"

    @dataclass
    class Submitted(Message):
        """The student committed an answer: option indices (in order for ``order``)."""

        panel: ChoicePanel
        chosen: tuple[int, ...]

        @property
        def control(self) -> ChoicePanel:
            return self.panel

    @dataclass
    class Incomplete(Message):
        """Enter came before the answer was complete; ``reason`` says what is still missing."""

        panel: ChoicePanel
        reason: str

        @property
        def control(self) -> ChoicePanel:
            return self.panel

    def __init__(
        self, question: Question, *, labels: Sequence[str] | None = None, id: str | None = None
    ) -> None:
        super().__init__(id=id)
        self.question = question
        self.labels = list(labels) if labels is not None else list(question.options)
        """What each row says until the answer is checked (a "which map?" question names
        its maps, not the zones in words, which would give the pictures away)."""
        self.chosen: list[int] = []
        self.graded = False

    def compose(self) -> ComposeResult:
        for index, text in enumerate(self.labels):
            yield OptionRow(index, text)

    async def show(self, question: Question, *, labels: Sequence[str] | None = None) -> None:
        """Offer ``question``'s options instead, nothing picked (the study screen reuses its
        panel: updating rows is much quicker than mounting new ones)."""
        self.question = question
        self.labels = list(labels) if labels is not None else list(question.options)
        self.chosen = []
        self.graded = False
        self.remove_class("-graded")
        rows = list(self.query(OptionRow).results(OptionRow))
        for row, text in zip(rows, self.labels, strict=False):
            row.text = text
            row.set_mark(" ")
            row.remove_class("-picked", "-right", "-wrong")
        if len(rows) > len(self.labels):
            await self.remove_children(rows[len(self.labels) :])
        elif len(rows) < len(self.labels):
            await self.mount_all(
                OptionRow(index, self.labels[index]) for index in range(len(rows), len(self.labels))
            )

    @property
    def hint(self) -> str:
        """What to press now, for the footer line."""
        n = len(self.question.options)
        letters = f"a–{LETTERS[n - 1]}"
        if self.question.kind is Kind.MULTI:
            return f"{letters} toggle · enter check"
        if self.question.kind is Kind.ORDER:
            return f"{letters} first to last · backspace undo pick"
        return f"{letters} answer"

    def pick(self, index: int) -> None:
        """Pick (or for ``multi`` toggle) option ``index``; submits when the answer is complete."""
        if self.graded or not 0 <= index < len(self.question.options):
            return
        kind = self.question.kind
        if kind is Kind.MULTI:
            if index in self.chosen:
                self.chosen.remove(index)
            else:
                self.chosen.append(index)
        elif kind is Kind.ORDER:
            if index in self.chosen:
                return
            self.chosen.append(index)
        else:
            self.chosen = [index]
        self._show_picks()
        complete = len(self.chosen) == len(self.question.options)
        if (kind is Kind.ORDER and complete) or kind not in (Kind.MULTI, Kind.ORDER):
            self.submit()

    def unpick(self) -> None:
        """Take back the last pick (``order`` and ``multi``)."""
        if self.graded or not self.chosen:
            return
        self.chosen.pop()
        self._show_picks()

    def missing(self) -> str | None:
        """What the student still has to do before the picks are an answer (None: nothing).

        A half-placed ``order`` would otherwise be graded wrong, and an empty ``multi``
        would ignore enter without saying why.
        """
        letters = f"a–{LETTERS[len(self.question.options) - 1]}"
        kind = self.question.kind
        if kind is Kind.ORDER:
            left = len(self.question.options) - len(self.chosen)
            if left:
                return (
                    f"{left} more to place: pick {'it' if left == 1 else 'them'} "
                    f"in order ({letters}), backspace takes one back."
                )
            return None
        if self.chosen:
            return None
        if kind is Kind.MULTI:
            return f"Tick at least one option ({letters}), then press enter."
        return f"Pick an option ({letters})."

    def submit(self) -> None:
        """Commit the current picks, or post ``Incomplete`` when they are not an answer yet."""
        if self.graded:
            return
        reason = self.missing()
        if reason is not None:
            self.post_message(self.Incomplete(self, reason))
            return
        self.post_message(self.Submitted(self, tuple(self.chosen)))

    def _show_picks(self) -> None:
        for row in self.query(OptionRow):
            if self.question.kind is Kind.ORDER:
                mark = str(self.chosen.index(row.index) + 1) if row.index in self.chosen else " "
            else:
                mark = "•" if row.index in self.chosen else " "
            row.set_mark(mark)
            row.set_class(row.index in self.chosen, "-picked")

    def show_result(self) -> bool:
        """Mark right and wrong options; returns whether the answer was right."""
        self.graded = True
        q = self.question
        right = _is_right(q, tuple(self.chosen))
        for row in self.query(OptionRow):
            i = row.index
            row.text = q.options[i]
            if q.kind is Kind.ORDER:
                place = q.correct.index(i) + 1
                ok = i in self.chosen and self.chosen.index(i) == place - 1
                row.set_mark(str(place))
                row.set_class(ok, "-right")
                row.set_class(not ok, "-wrong")
                continue
            is_correct = i in q.correct
            picked = i in self.chosen
            row.set_mark("✔" if is_correct else ("✘" if picked else " "))
            row.set_class(is_correct, "-right")
            row.set_class(picked and not is_correct, "-wrong")
        self.add_class("-graded")
        return right


def _is_right(question: Question, chosen: tuple[int, ...]) -> bool:
    if question.kind is Kind.ORDER:
        return chosen == question.correct
    return set(chosen) == set(question.correct)
