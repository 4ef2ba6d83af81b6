"""A saved HTML page → a forgiving DOM (the standard library's html.parser; no lxml needed), and
the page's bytes → text (pipelines.read.html)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from pipelines.errors import RejectedInput

_VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())
SKIPPED_TAGS = frozenset("script style template noscript head title iframe object svg math select textarea button".split())
BLOCK_TAGS = frozenset(
    "address article aside blockquote body center dd details dialog dir div dl dt fieldset figcaption figure "
    "footer form h1 h2 h3 h4 h5 h6 header hgroup hr html li main menu nav ol p pre section summary ul "
    "caption table tbody thead tfoot tr td th".split()
)
_HEAD_CONTENT = frozenset("head title meta link style script base noscript template".split())
_CLOSES_P = BLOCK_TAGS - frozenset("td th tr tbody thead tfoot caption body html li dd dt".split())
_SCOPE = frozenset("table td th caption html body template".split())
_HIDDEN = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
SPACES = re.compile(r"[ \t\n\r\f\v]+")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
_GB = {"gb2312", "gbk", "gb18030", "x-gbk", "cp936", "euc-cn", "hz-gb-2312"}


@dataclass
class Node:
    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list["Node | str"] = field(default_factory=list)

    @property
    def style(self) -> str:
        return self.attrs.get("style", "")

    def hidden(self) -> bool:
        return "hidden" in self.attrs or bool(_HIDDEN.search(self.style))

    def contains(self, tag: str) -> bool:
        return any(isinstance(c, Node) and (c.tag == tag or c.contains(tag)) for c in self.children)


class _TreeBuilder(HTMLParser):
    """A forgiving DOM: implied end tags for p, li, td/th, tr and table sections, as browsers do."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document")
        self.stack = [self.root]

    def _close_until(self, tags: frozenset[str] | set[str], stop: frozenset[str] | set[str], *,
                     innermost: bool = False) -> None:
        """Close the outermost (an implied end) or innermost (an end tag) open element named in tags,
        looking no further down the open elements than a stop element."""
        found = None
        for index in range(len(self.stack) - 1, 0, -1):
            tag = self.stack[index].tag
            if tag in tags:
                found = index
                if innermost:
                    break
            elif tag in stop:
                break
        if found is not None:
            del self.stack[found:]

    def handle_starttag(self, tag: str, attrs) -> None:
        attributes = {k.lower(): (v or "") for k, v in attrs}
        if tag not in _HEAD_CONTENT and any(n.tag == "head" for n in self.stack):
            self._close_until({"head"}, set())  # the body starts without </head><body>
        if tag in _CLOSES_P:
            self._close_until({"p"}, _SCOPE)
        if tag == "li":
            self._close_until({"li"}, _SCOPE | {"ul", "ol"})
        elif tag in ("dt", "dd"):
            self._close_until({"dt", "dd"}, _SCOPE | {"dl"})
        elif tag in ("td", "th"):
            self._close_until({"td", "th"}, {"tr", "table"})
        elif tag == "tr":
            self._close_until({"tr"}, {"table"})
        elif tag in ("thead", "tbody", "tfoot"):
            self._close_until({"td", "th", "tr", "thead", "tbody", "tfoot"}, {"table"})
        node = Node(tag, attributes)
        self.stack[-1].children.append(node)
        if tag not in _VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID and self.stack[-1].tag == tag:
            self.stack.pop()

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID:
            if tag == "br":  # </br> is a <br> for browsers
                self.stack[-1].children.append(Node("br"))
            return
        if tag in ("td", "th", "tr", "thead", "tbody", "tfoot", "caption"):
            stop: frozenset[str] | set[str] = {"table"}
        elif tag == "table":
            stop = set()
        else:
            stop = _SCOPE  # a stray end tag inside a cell does not close what is outside the table
        self._close_until({tag}, stop, innermost=True)

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def decode_html(path: str, data: bytes) -> str:
    """The page's text: BOM, declared charset, UTF-8, then GB18030."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    declared = _META_CHARSET.search(data[:4096])
    if declared:
        name = declared.group(1).decode("ascii").lower()
        codec = "gb18030" if name in _GB else name
        try:
            return data.decode(codec)
        except (LookupError, UnicodeDecodeError):
            pass
    for codec in ("utf-8", "gb18030"):
        try:
            return data.decode(codec)
        except UnicodeDecodeError:
            continue
    raise RejectedInput(path, "an HTML page in an unknown text encoding (neither UTF-8 nor GB18030)", "wrong_encoding")


def parse_html(text: str) -> Node:
    builder = _TreeBuilder()
    builder.feed(text)
    builder.close()
    return builder.root
