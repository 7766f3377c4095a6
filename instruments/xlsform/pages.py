"""Groups of an XLSForm survey sheet as Arvio's pages (sections), respecting ``field-list``.

Arvio shows a section as one page. The rules, in ODK's terms:

- a top-level group is a page (its label the title, its hint the intro, its ``relevant`` the page's condition);
- a group inside a ``field-list`` group is shown on the same screen in ODK, so it joins that page: its
  ``relevant`` joins the condition of each of its questions, and its label becomes an info text;
- any other group inside a group is a page of its own (ODK shows a ``field-list`` group as one screen), with the
  conditions of every group around it; questions after it in the outer group continue on a new page;
- questions outside any group form pages of their own, titled with the form's title.

Conditions are read later, once every question is known: a page or item is a :class:`Target` that lists the rows
whose ``relevant`` must all hold.

Example
-------
>>> from instruments.xlsform.sheets import Row
>>> pages = Pages()
>>> about = pages.begin(Row("survey", 2), "about", {"en": "About you"}, None, one_page=True)
>>> page = pages.page_for_question()
>>> inner = pages.begin(Row("survey", 4), "more", {"en": "More"}, None, one_page=False)
>>> pages.page_for_question() is page              # inside a field-list group: the same page
True
>>> _ = pages.end(), pages.end()
>>> [(p.document["title"], p.base_id) for p in pages.pages]
[({'en': 'About you'}, 'about')]
"""

from __future__ import annotations

from dataclasses import dataclass, field

from instruments.xlsform.sheets import Row


@dataclass(eq=False)
class Target:
    """A page or an item whose ``show_if`` is read once every question is known."""

    document: dict  # the section or item document
    row: Row | None  # the row it comes from (None for pages of questions outside groups)
    rows: list[Row] = field(default_factory=list)  # rows whose `relevant` must all hold
    page: Target | None = None  # an item's page
    name: str | None = None  # an item's name in the form
    extra: list[dict] = field(default_factory=list)  # conditions already made (an or_other text question's)
    needs: str | None = None  # the name of a question it cannot be without (an or_other text's select)
    base_id: str | None = None  # a page's id before it is made unique; None for pages outside groups
    continued: bool = False  # a page that continues its group after a page of a group inside it
    left_out: bool = False
    items: list[Target] = field(default_factory=list)  # a page's items


@dataclass(eq=False)
class Group:
    row: Row
    base_id: str
    title: dict | None  # its label, or the title of the group around it
    intro: dict | None
    one_page: bool  # field-list: groups inside join its page
    joins: Group | None  # the group whose page its questions join (inside a field-list group), else None
    page_rows: list[Row]  # conditions of a page it makes
    item_rows: list[Row]  # conditions each of its questions gets (joined groups)
    page: Target | None = None  # its latest page
    asked: bool = False  # whether any question (or info text) went into it


class Pages:
    """Builds pages while the survey sheet is read: :meth:`begin` and :meth:`end` for groups,
    :meth:`page_for_question` for each question; :attr:`pages` and :attr:`targets` in the order made."""

    def __init__(self) -> None:
        self.pages: list[Target] = []
        self.targets: list[Target] = []  # pages and items in the order made, the order to read conditions in
        self.open: list[Group] = []
        self.current: Target | None = None  # the page the latest question went to

    def begin(self, row: Row, base_id: str, title: dict | None, intro: dict | None, one_page: bool) -> Group:
        parent = self.open[-1] if self.open else None
        relevant = [row] if row.get("relevant") is not None else []
        if parent is not None and (parent.one_page or parent.joins is not None):
            owner = parent.joins or parent
            group = Group(
                row, base_id, parent.title, None, True, owner, parent.page_rows, [*parent.item_rows, *relevant]
            )
        else:
            inherited = parent.title if parent is not None else None
            page_rows = [*(parent.page_rows if parent is not None else []), *relevant]
            group = Group(row, base_id, title or inherited, intro, one_page, None, page_rows, [])
        self.open.append(group)
        return group

    def end(self) -> Group:
        return self.open.pop()

    @property
    def item_rows(self) -> list[Row]:
        """The group conditions a question placed now gets besides its page's."""
        return self.open[-1].item_rows if self.open else []

    def page_for_question(self) -> Target:
        """The page a question read now goes to, made when needed."""
        owner = self._owner()
        if owner is None:
            if self.current is None or self.current.base_id is not None or self.current.row is not None:
                self.current = self._new_page(Target({"title": None, "items": []}, None))
            return self.current
        if owner.page is None or owner.page is not self.current:
            continued = owner.page is not None
            document: dict = {"title": owner.title, "items": []}
            if owner.intro and not continued:
                document["intro"] = owner.intro
            page = Target(document, owner.row, list(owner.page_rows), base_id=owner.base_id, continued=continued)
            owner.page = self._new_page(page)
            self.current = owner.page
        return owner.page

    def _owner(self) -> Group | None:
        if not self.open:
            return None
        group = self.open[-1]
        return group.joins or group

    def _new_page(self, page: Target) -> Target:
        self.pages.append(page)
        self.targets.append(page)
        return page

    def add_item(self, target: Target) -> None:
        target.page = self.page_for_question()
        target.page.items.append(target)
        self.targets.append(target)
        for group in self.open:
            group.asked = True

    def sections(self, form_title: dict) -> tuple[list[dict], list[Target]]:
        """The section documents with unique ids (groups' own names first), and the pages left out because
        nothing on them is asked any more."""
        kept = [page for page in self.pages if not page.left_out and any(not i.left_out for i in page.items)]
        empty = [page for page in self.pages if not page.left_out and page not in kept]
        taken: set[str] = set()
        for page in kept:
            if page.base_id is not None and not page.continued:
                page.document["id"] = _unique(page.base_id, taken)
        sections = []
        for index, page in enumerate(self.pages, start=1):
            if page not in kept:
                continue
            if "id" not in page.document:
                base = page.base_id if page.base_id is not None else f"section_{index}"
                page.document["id"] = _unique(base, taken, first=page.base_id is None)
            page.document["title"] = page.document["title"] or form_title
            page.document["items"] = [item.document for item in page.items if not item.left_out]
            sections.append(_ordered(page.document))
        return sections, empty


def _unique(base: str, taken: set[str], first: bool = True) -> str:
    """`base` if free (and `first`), else ``base_2``, ``base_3``, ..."""
    candidates = ([base] if first else []) + [f"{base}_{n}" for n in range(2, len(taken) + 3)]
    chosen = next(c for c in candidates if c not in taken)
    taken.add(chosen)
    return chosen


def _ordered(document: dict) -> dict:
    """Keys in the instrument format's order, so that a dumped YAML file reads well."""
    order = ("id", "title", "intro", "show_if", "items")
    return {key: document[key] for key in order if key in document}
