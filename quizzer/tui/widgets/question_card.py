"""The question card: prompt, and once revealed the answer, explanation and source."""

from __future__ import annotations

import re

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.reactive import reactive
from textual.widgets import Static

from quizzer.model import Kind, Question
from quizzer.tui.widgets.hanging import Hanging

_GAP = re.compile(r"\{\{c\d+::(.*?)(?:::(.*?))?\}\}")


def cloze_prompt(text: str) -> Content:
    """The cloze text with each gap shown as ``[…]`` (or ``[hint]``) in the accent colour."""
    parts: list[str | tuple[str, str]] = []
    last = 0
    for match in _GAP.finditer(text):
        parts.append(text[last : match.start()])
        hint = match.group(2)
        parts.append((f"[{hint}]" if hint else "[…]", "bold $accent"))
        last = match.end()
    parts.append(text[last:])
    return Content.assemble(*parts)


def cloze_answer(text: str) -> Content:
    """The cloze text with the gaps filled in and marked as the answer."""
    parts: list[str | tuple[str, str]] = []
    last = 0
    for match in _GAP.finditer(text):
        parts.append(text[last : match.start()])
        parts.append((match.group(1), "bold $success"))
        last = match.end()
    parts.append(text[last:])
    return Content.assemble(*parts)


def plain_prompt(question: Question) -> str:
    """The question as plain text (cloze gaps as ``[…]``), for lists and search."""
    return _GAP.sub("[…]", question.question) if question.kind is Kind.CLOZE else question.question


class QuestionCard(Vertical):
    """Shows one question; set ``revealed`` to show its answer below a rule.

    ``show`` puts another question in the same card: the study screen reuses its card from
    one question to the next, since updating a few texts is much quicker than mounting a
    new card (Textual styles every new widget).
    """

    DEFAULT_CSS = """
    QuestionCard { height: auto; }
    QuestionCard > #answer-part { display: none; height: auto; }
    QuestionCard.-revealed > #answer-part { display: block; }
    """

    revealed: reactive[bool] = reactive(False)

    def __init__(self, question: Question, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.question = question

    def compose(self) -> ComposeResult:
        q = self.question
        yield Static(self._prompt_content(), id="prompt", classes="prompt")
        with Vertical(id="answer-part"):
            yield Static(self._answer_content(), id="answer", classes="answer")
            explanation = Static(Content(q.explanation), id="explanation", classes="explanation")
            explanation.display = bool(q.explanation)
            yield explanation
            # Left-aligned, wrapping under the titles, not under "source:" or ragged.
            source = Hanging(Content("source: "), Content(q.source), id="source", classes="source")
            source.display = bool(q.source)
            yield source

    def show(self, question: Question) -> None:
        """Show ``question`` instead, its answer hidden."""
        self.question = question
        self.revealed = False
        self.query_one("#prompt", Static).update(self._prompt_content())
        self.query_one("#answer", Static).update(self._answer_content())
        explanation = self.query_one("#explanation", Static)
        explanation.update(Content(question.explanation))
        explanation.display = bool(question.explanation)
        source = self.query_one("#source", Hanging)
        source.set_body(Content(question.source))
        source.display = bool(question.source)

    def _prompt_content(self) -> Content:
        q = self.question
        return cloze_prompt(q.question) if q.kind is Kind.CLOZE else Content(q.question)

    def _answer_content(self) -> Content:
        q = self.question
        if q.kind is Kind.CLOZE:
            return cloze_answer(q.question)
        return Content.styled(q.answer, "bold")

    def watch_revealed(self, revealed: bool) -> None:
        self.set_class(revealed, "-revealed")
