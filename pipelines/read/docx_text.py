"""WordprocessingML → what a paragraph prints (pipelines.read.docx): its text, its line and page
breaks in order, and the text boxes anchored in it, with hidden text (w:vanish, directly or through a
style of word/styles.xml) and deleted text (tracked changes) left out.

Both namespaces of the standard are read: the transitional one Word and WPS write and the strict one
(ISO 29500 strict, "purl.oclc.org"). Everything that is not a WordprocessingML element (drawings,
math, VML) is skipped, except the text box content (w:txbxContent) inside a drawing, which the caller
reads as a block of its own.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from xml.etree.ElementTree import Element

W_NAMESPACES = frozenset({
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "http://purl.oclc.org/ooxml/wordprocessingml/main",
})
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_OFF = frozenset({"0", "false", "off", "none"})
# inline containers whose runs are printed (a hyperlink, a content control, an insertion …); anything
# else is not printed text (w:del and w:moveFrom: deleted by a tracked change; bookmarks, proofing marks)
_INLINE_CONTAINERS = frozenset({"hyperlink", "smartTag", "ins", "moveTo", "customXml", "fldSimple", "dir", "bdo",
                                "sdt", "sdtContent"})

# A paragraph's printed parts, in order: ("text", str), ("line", "") a line break, ("page", "explicit" |
# "rendered") a page break the author put there or one Word's last pagination found, ("box", element) a
# text box's w:txbxContent.
Part = tuple[str, object]


def split_tag(element: Element) -> tuple[str, str]:
    """(namespace, local name) of an element ("" namespace for none)."""
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag.startswith("{"):
        namespace, _, name = tag[1:].partition("}")
        return namespace, name
    return "", tag


_W_NAMES: dict[object, str] = {}  # tag → local name: a document has a few dozen tags and 10⁵ elements


def w_name(element: Element) -> str:
    """The local name of a WordprocessingML element, "" for any other."""
    try:
        return _W_NAMES[element.tag]
    except KeyError:
        namespace, name = split_tag(element)
        _W_NAMES[element.tag] = name if namespace in W_NAMESPACES else ""
        return _W_NAMES[element.tag]


def w_attr(element: Element, name: str) -> str | None:
    for namespace in W_NAMESPACES:
        value = element.get(f"{{{namespace}}}{name}")
        if value is not None:
            return value
    return element.get(name)


def w_child(element: Element | None, name: str) -> Element | None:
    if element is None:
        return None
    return next((child for child in element if w_name(child) == name), None)


def is_on(element: Element | None) -> bool | None:
    """An on/off property: None when absent, else whether it is on (no w:val means on)."""
    if element is None:
        return None
    value = w_attr(element, "val")
    return value is None or value.strip().lower() not in _OFF


@dataclass(frozen=True)
class Styles:
    """What styles.xml says that changes what is printed: styles hiding their text (w:vanish) and
    paragraph styles starting a new page (w:pageBreakBefore), each through its w:basedOn chain."""

    hidden: frozenset[str] = frozenset()
    break_before: frozenset[str] = frozenset()


def read_styles(root: Element | None) -> Styles:
    if root is None:
        return Styles()
    own: dict[str, tuple[str | None, bool | None, bool | None]] = {}
    for style in root:
        if w_name(style) != "style":
            continue
        style_id = w_attr(style, "styleId") or ""
        based = w_child(style, "basedOn")
        vanish = is_on(w_child(w_child(style, "rPr"), "vanish"))
        breaks = is_on(w_child(w_child(style, "pPr"), "pageBreakBefore"))
        own[style_id] = (w_attr(based, "val") if based is not None else None, vanish, breaks)

    def inherited(style_id: str, index: int) -> bool:
        seen: set[str] = set()
        while style_id in own and style_id not in seen:  # a basedOn loop ends the chain
            seen.add(style_id)
            value = own[style_id][index]
            if value is not None:
                return value
            style_id = own[style_id][0] or ""
        return False

    return Styles(frozenset(s for s in own if inherited(s, 1)), frozenset(s for s in own if inherited(s, 2)))


def _style_of(properties: Element | None, name: str) -> str | None:
    style = w_child(properties, name)
    return w_attr(style, "val") if style is not None else None


def _alternative(element: Element) -> Element | None:
    """The branch of mc:AlternateContent a consumer reads: its first mc:Choice, else mc:Fallback (each
    holds the same text box twice, as a DrawingML shape and as VML: only one is read)."""
    for child in element:
        if split_tag(child) in ((_MC, "Choice"), (_MC, "Fallback")):
            return child
    return None


def text_boxes(element: Element) -> Iterator[Element]:
    """The w:txbxContent of the text boxes inside a drawing (the element itself included), outermost
    only, one branch of each mc:AlternateContent."""
    if split_tag(element) == (_MC, "AlternateContent"):
        branch = _alternative(element)
        if branch is not None:
            yield from text_boxes(branch)
    elif w_name(element) == "txbxContent":
        yield element
    else:
        for child in element:
            yield from text_boxes(child)


def paragraph_parts(paragraph: Element, styles: Styles) -> list[Part]:
    """The printed parts of a w:p, in order (see Part)."""
    properties = w_child(paragraph, "pPr")
    style = _style_of(properties, "pStyle")
    parts: list[Part] = []
    own_break = is_on(w_child(properties, "pageBreakBefore"))
    if own_break or (own_break is None and style in styles.break_before):
        parts.append(("page", "explicit"))
    _inline(paragraph, styles, style in styles.hidden, parts)
    return parts


def _inline(element: Element, styles: Styles, hidden_by_paragraph: bool, parts: list[Part]) -> None:
    for child in element:
        name = w_name(child)
        if name == "r":
            _run(child, styles, hidden_by_paragraph, parts)
        elif name in _INLINE_CONTAINERS:
            _inline(child, styles, hidden_by_paragraph, parts)
        elif split_tag(child) == (_MC, "AlternateContent"):
            branch = _alternative(child)
            if branch is not None:
                _inline(branch, styles, hidden_by_paragraph, parts)


def _run(run: Element, styles: Styles, hidden_by_paragraph: bool, parts: list[Part]) -> None:
    properties = w_child(run, "rPr")
    vanish = is_on(w_child(properties, "vanish"))
    if vanish is None:
        vanish = _style_of(properties, "rStyle") in styles.hidden or hidden_by_paragraph
    if vanish:
        return  # hidden text is not printed (nor is anything Word paginated inside it)
    for child in run:
        name = w_name(child)
        if name == "t":
            parts.append(("text", child.text or ""))
        elif name in ("tab", "ptab"):
            parts.append(("text", " "))
        elif name == "br":
            kind = (w_attr(child, "type") or "textWrapping").strip()
            parts.append(("line", ""))
            if kind == "page":
                parts.append(("page", "explicit"))
        elif name == "cr":
            parts.append(("line", ""))
        elif name == "lastRenderedPageBreak":
            parts.append(("page", "rendered"))
        elif name == "noBreakHyphen":
            parts.append(("text", "-"))
        elif name == "sym":
            parts.append(("text", _symbol(child)))
        elif name in ("drawing", "pict", "object") or split_tag(child) == (_MC, "AlternateContent"):
            parts.extend(("box", box) for box in text_boxes(child))


def _symbol(element: Element) -> str:
    """A w:sym's character; one of a symbol font's private-use codes (F0xx: Wingdings ticks and boxes)
    prints no text."""
    try:
        code = int(w_attr(element, "char") or "", 16)
    except ValueError:
        return ""
    return "" if 0xE000 <= code <= 0xF8FF or code < 0x20 else chr(code)
