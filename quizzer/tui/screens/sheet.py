"""The muscle sheet: a structured reference card of one muscle (or of a group of muscles),
for reading before study."""

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

from quizzer.model import Facet, Group, Item, Library, Muscle
from quizzer.regions import BODY_REGIONS, GROUP_OF_REGION, REGION_GROUPS
from quizzer.session.rules import name_order
from quizzer.tui.widgets.footer import KeyFooter
from quizzer.tui.widgets.pain_map import PainMap, rows_for_height

_SECTIONS: tuple[tuple[str, tuple[Facet, ...]], ...] = (
    ("Attachments", (Facet.ORIGIN, Facet.INSERTION)),
    ("Actions", (Facet.ACTIONS,)),
    ("Blood supply", (Facet.BLOOD_SUPPLY,)),
    (
        "Trigger points",
        (
            Facet.TP_SYMPTOMS,
            Facet.TP_CAUSES,
            Facet.DIAGNOSTIC_SIGNS,
            Facet.DIFFERENTIAL,
            Facet.TP_PREVENTION,
            Facet.SELF_TREATMENT,
            Facet.PROFESSIONAL_HELP,
            Facet.TIME_TO_RELIEF,
        ),
    ),
    (
        "Strain",
        (
            Facet.STRAIN_MECHANISM,
            Facet.STRAIN_SYMPTOMS,
            Facet.STRAIN_CAUSES,
            Facet.STRAIN_ACTIVITIES,
            Facet.STRAIN_TREATMENT,
            Facet.RICE,
            Facet.STRAIN_GRADES,
        ),
    ),
)


Line = tuple[str, Content]
"""A sheet line: its CSS class (``-h`` heading, ``-sub`` subheading, ``-i`` indented) and text."""


def _heading(text: str) -> Line:
    return ("-h", Content.styled(text, "bold $accent"))


def _text(text: str | Content, kind: str = "-i") -> Line:
    return (kind, text if isinstance(text, Content) else Content(text))


def _item_line(item: Item) -> Line:
    extra = f" ({item.doubt})" if item.doubt else ""
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
        lines += [_text(f"{g.name}: {', '.join(names.get(m, m) for m in g.members)}") for g in groups]
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
        regions = [
            BODY_REGIONS.get(z.region, z.region) for z in muscle.referral_zones if z.zone.value == zone_kind
        ]
        if regions:
            out.append(_text(Content.assemble((f"{zone_kind.title()} zone: ", "bold"), "; ".join(regions))))
    if muscle.trigger_point_sites:
        out.append(("-sub", Content.styled("Sites", "bold")))
        out += [_item_line(i) for i in muscle.trigger_point_sites]
    if muscle.satellites:
        out.append(_text("Satellites: " + ", ".join(names.get(m, m) for m in muscle.satellites)))
    if muscle.similar_patterns:
        out.append(_text("Similar pain: " + ", ".join(names.get(m, m) for m in muscle.similar_patterns)))
    return [_heading("Referral pattern"), *out] if out else []


def group_sheet_content(library: Library, group: Group) -> list[Line]:
    """The card of a group: what it is, its members, what they do together, how to
    remember them."""
    names = {m.id: m.name for m in library.muscles()}
    lines: list[Line] = [("-title", Content.styled(group.name, "bold"))]
    if group.aliases:
        lines.append(("-title", Content.styled("also: " + ", ".join(group.aliases), "$text-muted")))
    lines += [_heading("Group"), _text(group.description)]
    lines.append(_heading(f"Members ({len(group.members)})"))
    lines += [_text(f"• {names.get(m, m)}") for m in group.members]
    if group.borderline:
        lines.append(
            _text(
                Content.styled(
                    "Some texts also count: " + ", ".join(names.get(m, m) for m in group.borderline),
                    "$text-muted",
                )
            )
        )
    if group.actions:
        lines.append(_heading("Shared actions"))
        lines += [_item_line(i) for i in group.actions]
    if group.mnemonic is not None:
        lines += [_heading("Mnemonic"), _item_line(group.mnemonic)]
    if group.note:
        lines += [_heading("Note"), _text(group.note)]
    if group.sources:
        lines.append(_heading("Sources"))
        lines += [_text(s.title + (f" <{s.url}>" if s.url else "")) for s in group.sources]
    return lines


Entry = tuple[str, str, bool]
"""A row of the sheet's list: (muscle or group id, name, is a group)."""


def sheet_entries(library: Library) -> list[tuple[str | None, list[Entry]]]:
    """What the sheet lists, by exam region head to foot: each region's muscles, then its
    groups (a group's region is its first member's), each by name; muscles with no region
    last."""
    regions: dict[str | None, list[Entry]] = {region: [] for region in (*REGION_GROUPS, None)}
    region_of: dict[str, str | None] = {}
    for muscle in library.muscles():
        if muscle.id not in region_of:
            region_of[muscle.id] = GROUP_OF_REGION.get(muscle.region)
            regions[region_of[muscle.id]].append((muscle.id, muscle.name, False))
    for group in library.groups():
        if group.id not in region_of:
            region = next((region_of[m] for m in group.members if m in region_of), None)
            region_of[group.id] = region
            regions[region].append((group.id, group.name, True))
    titles: dict[str | None, str] = {r: title for r, (title, _) in REGION_GROUPS.items()}
    return [
        (titles.get(region), sorted(entries, key=lambda e: (e[2], name_order(e[1]))))
        for region, entries in regions.items()
        if entries
    ]


def _sheet_subject(entries: list[Entry], wanted: str | None) -> str | None:
    """The muscle or group whose sheet to open: ``wanted`` if listed, else the first."""
    ids = [entry[0] for entry in entries]
    return wanted if wanted in ids else (ids[0] if ids else None)


def list_width(columns: int) -> int:
    """The muscle list's width: "Sternocleidomastoid" on one line at 80 columns, and most
    names of three words ("Extensor carpi ulnaris") from 100 columns."""
    return 26 if columns < 100 else 32


class SheetScreen(Screen[None]):
    """Pick a muscle (or group) on the left, read its sheet on the right."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back", id="sheet.back"),
        Binding("tab", "app.focus_next", "Switch pane", show=False, id="sheet.focus"),
        Binding("z", "mark_zones", "Mark the zones", id="sheet.mark-zones"),
    ]
    HELP = "Muscle sheet: ↑/↓ choose a muscle or group, the sheet scrolls with pgup/pgdn, z marks the zones."

    def __init__(self, library: Library, muscle_id: str | None = None) -> None:
        super().__init__()
        self.library = library
        self.listing = sheet_entries(library)
        self.entries = [entry for _, entries in self.listing for entry in entries]
        self.groups = {g.id: g for g in library.groups()}
        self.muscle_id = _sheet_subject(self.entries, muscle_id)
        """The muscle (or group) on show."""

    def compose(self) -> ComposeResult:
        yield Static(Content.styled(" Muscle sheet", "bold"), classes="screen-title")
        options: list[Option] = []
        headed = len(self.listing) > 1
        for title, entries in self.listing:
            if headed:
                options.append(
                    Option(Content.styled(title or "Other muscles", "bold $accent"), disabled=True)
                )
            for subject, name, is_group in entries:
                prompt = Content.assemble(name, (" (group)", "dim")) if is_group else name
                options.append(Option(prompt, id=subject))
        yield Horizontal(OptionList(*options, id="muscle-list"), VerticalScroll(id="sheet"))
        yield KeyFooter()

    def on_mount(self) -> None:
        listing = self.query_one("#muscle-list", OptionList)
        listing.styles.width = list_width(self.app.size.width)
        if self.muscle_id is not None:
            listing.highlighted = listing.get_option_index(self.muscle_id)
            self._show(self.muscle_id)
        else:
            self.query_one("#sheet", VerticalScroll).mount(Static("No muscles are loaded."))

    @on(OptionList.OptionHighlighted, "#muscle-list")
    def _muscle_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option.id is not None and event.option.id != self.muscle_id:
            self._show(event.option.id)

    def subject_in_view(self) -> str | None:
        """The muscle (or group) on show."""
        return self.muscle_id

    def _show(self, subject: str) -> None:
        self.muscle_id = subject
        sheet = self.query_one("#sheet", VerticalScroll)
        with self.app.batch_update():
            sheet.remove_children()
            group = self.groups.get(subject)
            if group is not None:
                lines = group_sheet_content(self.library, group)
                muscle = None
            else:
                muscle = self.library.muscle(subject)
                lines = sheet_content(self.library, muscle)
            widgets: list[Widget] = [Static(content, classes=f"sheet-line {kind}") for kind, content in lines]
            if muscle is not None and muscle.referral_zones:
                # Under the name, where the eye lands first: the picture is what students recall.
                rows = rows_for_height(self.app.size.height, reserved=10, most=24)
                at = 2 if len(lines) > 1 and lines[1][0] == "-title" else 1
                widgets.insert(at, PainMap(muscle, max_rows=rows, classes="sheet-map"))
            sheet.mount_all(widgets)
        sheet.scroll_home(animate=False)

    def on_resize(self, event: events.Resize) -> None:
        self.query_one("#muscle-list", OptionList).styles.width = list_width(self.app.size.width)
        rows = rows_for_height(self.app.size.height, reserved=10, most=24)
        for pain_map in self.query(".sheet-map").results(PainMap):
            pain_map.set_max_rows(rows)

    def action_mark_zones(self) -> None:
        """Practise this muscle's pattern on a blank figure (nothing is stored)."""
        if self.muscle_id is None:
            return
        group = self.groups.get(self.muscle_id)
        if group is not None:
            self.notify(
                f"{group.name}: a group has no referral pattern of its own; choose "
                "one of its members to mark its zones.",
                severity="warning",
            )
            return
        muscle = self.library.muscle(self.muscle_id)
        if not muscle.referral_zones:
            self.notify(f"{muscle.name}: the deck gives no referral zones to mark.", severity="warning")
            return
        from quizzer.tui.screens.mark_zones import MarkZonesScreen

        self.app.push_screen(MarkZonesScreen(muscle))
