"""The muscle sheet: a structured reference card of one muscle, for reading before study."""

from __future__ import annotations

from typing import ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from quizzer.model import Facet, Item, Library, Muscle
from quizzer.regions import BODY_REGIONS
from quizzer.tui.widgets.footer import KeyFooter
from quizzer.tui.widgets.pain_map import PainMap, rows_for_height

_SECTIONS: tuple[tuple[str, tuple[Facet, ...]], ...] = (
    ("Attachments", (Facet.ORIGIN, Facet.INSERTION)),
    ("Actions", (Facet.ACTIONS,)),
    ("Blood supply", (Facet.BLOOD_SUPPLY,)),
    ("Trigger points", (Facet.TP_SYMPTOMS, Facet.TP_CAUSES, Facet.DIAGNOSTIC_SIGNS,
                        Facet.DIFFERENTIAL, Facet.TP_PREVENTION, Facet.SELF_TREATMENT,
                        Facet.PROFESSIONAL_HELP, Facet.TIME_TO_RELIEF)),
    ("Strain", (Facet.STRAIN_MECHANISM, Facet.STRAIN_SYMPTOMS, Facet.STRAIN_CAUSES,
                Facet.STRAIN_ACTIVITIES, Facet.STRAIN_TREATMENT, Facet.RICE, Facet.STRAIN_GRADES)),
)


Line = tuple[str, Content]
"""A sheet line: its CSS class (``-h`` heading, ``-sub`` subheading, ``-i`` indented) and text."""


def _heading(text: str) -> Line:
    return ("-h", Content.styled(text, "bold $accent"))


def _text(text: str | Content, kind: str = "-i") -> Line:
    return (kind, text if isinstance(text, Content) else Content(text))


def _item_line(item: Item) -> Line:
    extra = " (sources differ)" if item.disputed else ""
    note = f" — {item.note}" if item.note else ""
    return ("-i", Content.assemble("• ", item.text, (extra, "italic"), (note, "$text-muted")))


def sheet_content(library: Library, muscle: Muscle) -> list[Line]:
    """The whole reference card of ``muscle``, line by line."""
    names = {m.id: m.name for m in library.muscles()}
    lines: list[Line] = [("-title", Content.styled(muscle.name, "bold"))]
    if muscle.aliases:
        lines.append(("-title", Content.styled("also: " + ", ".join(muscle.aliases), "$text-muted")))
    if muscle.location:
        lines += [_heading("Location"), _text(muscle.location)]
    depth = [f"deep to {', '.join(names.get(m, m) for m in muscle.deep_to)}"] if muscle.deep_to else []
    if muscle.superficial_to:
        depth.append(f"superficial to {', '.join(names.get(m, m) for m in muscle.superficial_to)}")
    if depth:
        lines.append(_text("Lies " + "; ".join(depth) + "."))
    for title, facets in _SECTIONS[:2]:
        lines += _section(muscle, title, facets)
    if muscle.innervation is not None:
        nerve = muscle.innervation
        roots = f" ({', '.join(nerve.roots)})" if nerve.roots else ""  # none for a cranial nerve
        lines += [_heading("Innervation"), _text(nerve.nerve.text + roots)]
        if nerve.note:
            lines.append(_text(Content.styled(nerve.note, "$text-muted")))
    lines += _section(muscle, *_SECTIONS[2])
    groups = [g for g in library.groups() if muscle.id in g.members]
    if groups:
        lines.append(_heading("Groups"))
        lines += [_text(f"{g.name}: {', '.join(names.get(m, m) for m in g.members)}")
                  for g in groups]
    lines += _trigger_points(muscle, names)
    lines += _section(muscle, *_SECTIONS[3])
    lines += _section(muscle, *_SECTIONS[4])
    if muscle.sources:
        lines.append(_heading("Sources"))
        lines += [_text(s.title + (f" <{s.url}>" if s.url else "")) for s in muscle.sources]
    return lines


def _section(muscle: Muscle, title: str, facets: tuple[Facet, ...]) -> list[Line]:
    out: list[Line] = []
    for facet in facets:
        items = muscle.items(facet)
        if not items:
            continue
        if len(facets) > 1:
            out.append(("-sub", Content.styled(facet.title, "bold")))
        out += [_grade_line(i) if facet is Facet.STRAIN_GRADES else _item_line(i) for i in items]
    return [_heading(title), *out] if out else []


def _grade_line(item: Item) -> Line:
    fields = item.fields
    grade = fields.get("grade", "")
    name = fields.get("name", "")
    head = f"Grade {grade} ({name}): " if grade else "• "
    tail = "; ".join(f"{k}: {fields[k]}" for k in ("tear", "healing") if k in fields)
    return ("-i", Content.assemble((head, "bold"), item.text, f" — {tail}" if tail else ""))


def _trigger_points(muscle: Muscle, names: dict[str, str]) -> list[Line]:
    out: list[Line] = []
    if muscle.referral_description:
        out.append(_text(muscle.referral_description))
    for zone_kind in ("essential", "spillover"):
        regions = [BODY_REGIONS.get(z.region, z.region) for z in muscle.referral_zones
                   if z.zone.value == zone_kind]
        if regions:
            out.append(_text(Content.assemble((f"{zone_kind.title()} zone: ", "bold"),
                                              "; ".join(regions))))
    if muscle.trigger_point_sites:
        out.append(("-sub", Content.styled("Sites", "bold")))
        out += [_item_line(i) for i in muscle.trigger_point_sites]
    if muscle.satellites:
        out.append(_text("Satellites: " + ", ".join(names.get(m, m) for m in muscle.satellites)))
    if muscle.similar_patterns:
        out.append(_text("Similar pain: " + ", ".join(names.get(m, m) for m in muscle.similar_patterns)))
    return [_heading("Referral pattern"), *out] if out else []


def _sheet_muscle(library: Library, muscles: list[Muscle], wanted: str | None) -> str | None:
    """The muscle whose sheet to open: ``wanted``; for a group's question (its subject is
    the group), the group's first member; else the first muscle."""
    ids = {m.id for m in muscles}
    if wanted in ids:
        return wanted
    group = next((g for g in library.groups() if g.id == wanted), None)
    member = next((m for m in group.members if m in ids), None) if group else None
    return member or (muscles[0].id if muscles else None)


class SheetScreen(Screen[None]):
    """Pick a muscle on the left, read its sheet on the right."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back", id="sheet.back"),
        Binding("tab", "app.focus_next", "Switch pane", show=False, id="sheet.focus"),
        Binding("z", "mark_zones", "Mark the zones", id="sheet.mark-zones"),
    ]
    HELP = ("Muscle sheet: ↑/↓ choose a muscle, the sheet scrolls with pgup/pgdn, "
            "z marks the zones.")

    def __init__(self, library: Library, muscle_id: str | None = None) -> None:
        super().__init__()
        self.library = library
        self.muscles = list(library.muscles())
        self.muscle_id = _sheet_muscle(library, self.muscles, muscle_id)

    def compose(self) -> ComposeResult:
        yield Static(Content.styled(" Muscle sheet", "bold"), classes="screen-title")
        with Horizontal():
            yield OptionList(*[Option(m.name, id=m.id) for m in self.muscles], id="muscle-list")
            yield VerticalScroll(id="sheet")
        yield KeyFooter()

    def on_mount(self) -> None:
        listing = self.query_one("#muscle-list", OptionList)
        if self.muscle_id is not None:
            listing.highlighted = listing.get_option_index(self.muscle_id)
            self._show(self.muscle_id)
        else:
            self.query_one("#sheet", VerticalScroll).mount(Static("No muscles are loaded."))

    @on(OptionList.OptionHighlighted, "#muscle-list")
    def _muscle_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option.id is not None:
            self._show(event.option.id)

    def _show(self, muscle_id: str) -> None:
        self.muscle_id = muscle_id
        sheet = self.query_one("#sheet", VerticalScroll)
        with self.app.batch_update():
            sheet.remove_children()
            muscle = self.library.muscle(muscle_id)
            lines = sheet_content(self.library, muscle)
            widgets: list[Widget] = [Static(content, classes=f"sheet-line {kind}")
                                     for kind, content in lines]
            if muscle.referral_zones:
                # Under the name, where the eye lands first: the picture is what students recall.
                rows = rows_for_height(self.app.size.height, reserved=10, most=24)
                at = 2 if len(lines) > 1 and lines[1][0] == "-title" else 1
                widgets.insert(at, PainMap(muscle, max_rows=rows, classes="sheet-map"))
            sheet.mount_all(widgets)
        sheet.scroll_home(animate=False)

    def on_resize(self, event: events.Resize) -> None:
        rows = rows_for_height(self.app.size.height, reserved=10, most=24)
        for pain_map in self.query(".sheet-map").results(PainMap):
            pain_map.set_max_rows(rows)

    def action_mark_zones(self) -> None:
        """Practise this muscle's pattern on a blank figure (nothing is stored)."""
        if self.muscle_id is None:
            return
        muscle = self.library.muscle(self.muscle_id)
        if not muscle.referral_zones:
            self.notify(f"{muscle.name}: the deck gives no referral zones to mark.",
                        severity="warning")
            return
        from quizzer.tui.screens.mark_zones import MarkZonesScreen

        self.app.push_screen(MarkZonesScreen(muscle))
