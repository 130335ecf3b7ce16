"""Make contributed text safe to place in a generated page.

Contributed text is untrusted: a title or abstract may hold HTML, script,
`javascript:` links or Markdown meant to break out of its block. Everything
from an entry reaches a page through one of two functions here:

- `inline_markup` for one-line text (titles, authors, excerpts): every
  character that means something to Markdown or HTML becomes an entity, and
  `$...$` becomes MathML;
- `block_html` for the abstract and notes: Markdown is rendered to HTML, math
  to MathML, and the result cleaned by nh3 against an allowlist.

Math is rendered to MathML at build time, so readers download no math
library and no request leaves the site.
"""

from __future__ import annotations

import html
import re

import latex2mathml.converter
import markdown
import nh3
from markupsafe import Markup

# A $...$ span: not preceded by a backslash, no "$" or newline inside.
INLINE_MATH = re.compile(r"(?<!\\)\$(?=\S)([^$\n]+?)(?<=\S)(?<!\\)\$")
# A brace pair with words inside, as BibTeX uses it: {BERT}, {Large Models}
PROTECTIVE_BRACES = re.compile(r"(?<!\\)\{([^{}\s%#:][^{}]*?)(?<!\\)\}")
# Characters with a meaning in Markdown, HTML, attr_list or Jinja; written as
# numeric entities so the page shows them and nothing interprets them.
MARKUP_CHARACTERS = set("\\`*_{}[]()#+-.!|<>&\"'$:~=^@%")
MATHML_TAGS = {
    "math", "mrow", "mi", "mn", "mo", "ms", "mtext", "mspace", "msub", "msup",
    "msubsup", "mfrac", "msqrt", "mroot", "mover", "munder", "munderover",
    "mtable", "mtr", "mtd", "mstyle", "mpadded", "mphantom", "menclose",
    "semantics", "annotation",
}
MATHML_ATTRIBUTES = {
    "display", "mathvariant", "stretchy", "fence", "separator", "accent",
    "accentunder", "lspace", "rspace", "width", "height", "depth", "linethickness",
    "columnalign", "rowalign", "displaystyle", "scriptlevel", "minsize", "maxsize",
    "movablelimits", "largeop", "symmetric", "notation", "encoding", "xmlns",
}
BLOCK_TAGS = {
    "p", "br", "em", "strong", "code", "pre", "ul", "ol", "li", "blockquote",
    "a", "sub", "sup", "hr", "span",
}
PLACEHOLDER = "\x1amath{}\x1a"  # never survives validation in entry text


def inline_markup(text: str) -> Markup:
    """Return one-line text as Markdown-inert HTML, with $math$ as MathML."""
    pieces = []
    position = 0
    for match in INLINE_MATH.finditer(text):
        pieces.append(_inert(_drop_protective_braces(text[position: match.start()])))
        pieces.append(_mathml(match.group(1)))
        position = match.end()
    pieces.append(_inert(_drop_protective_braces(text[position:])))
    return Markup("".join(pieces))


def block_html(text: str) -> Markup:
    """Render contributed Markdown to clean HTML, with $math$ as MathML."""
    formulas: list[str] = []

    def hold_formula(match: re.Match) -> str:
        formulas.append(_mathml(match.group(1)))
        return PLACEHOLDER.format(len(formulas) - 1)

    held = INLINE_MATH.sub(hold_formula, text)
    # Raw HTML is escaped before Markdown sees it, so it is shown, never run.
    rendered = markdown.markdown(html.escape(held, quote=False), output_format="html")
    rendered = re.sub(
        "\x1amath(\\d+)\x1a", lambda match: formulas[int(match.group(1))], rendered
    )
    # MkDocs reads this HTML again as Markdown, and SuperFences would start a
    # code block at a ``` or ~~~ line even inside our <div>; as entities,
    # backticks and tildes cannot open a fence.
    return Markup(_clean(rendered).replace("`", "&#96;").replace("~", "&#126;"))


def plain_text(text: str) -> str:
    """Return text with math delimiters kept and whitespace folded, for meta tags."""
    return " ".join(text.split())


def excerpt(text: str, limit: int = 280) -> str:
    """Cut an abstract at a word boundary near `limit`, never inside $math$."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat.rfind(" ", 0, limit)
    cut = cut if cut > 0 else limit
    for match in INLINE_MATH.finditer(flat):
        if match.start() < cut < match.end():
            cut = match.start()
    return flat[:cut].rstrip(" ,;:") + " …"


def _inert(text: str) -> str:
    folded = " ".join(text.split()) if "\n" in text else text
    return "".join(
        f"&#{ord(char)};" if char in MARKUP_CHARACTERS else char for char in folded
    )


def _drop_protective_braces(text: str) -> str:
    """Remove BibTeX's case-protecting braces: {BERT} reads as BERT.

    Only a pair around words is taken for protection; `{{ x }}`, `{% x %}`
    and `{: x}` stay as written, so template or attribute syntax in a title
    is shown literally rather than half-removed.
    """
    while True:
        dropped = PROTECTIVE_BRACES.sub(r"\1", text)
        if dropped == text:
            return text
        text = dropped


def _mathml(formula: str) -> str:
    """Convert TeX to MathML; show the source as code if it will not convert."""
    try:
        converted = latex2mathml.converter.convert(formula)
    except Exception:  # noqa: BLE001 - any TeX the converter rejects
        return f"<code>{_inert(formula)}</code>"
    cleaned = nh3.clean(
        converted,
        tags=MATHML_TAGS,
        attributes={tag: MATHML_ATTRIBUTES for tag in MATHML_TAGS},
        strip_comments=True,
    )
    # Text inside the formula (\text{...}) still passes through Markdown when
    # the formula sits in a title or excerpt; as entities it stays text.
    return re.sub(r">([^<]+)<", lambda match: f">{_inert(html.unescape(match.group(1)))}<",
                  cleaned)


def _clean(rendered: str) -> str:
    return nh3.clean(
        rendered,
        tags=BLOCK_TAGS | MATHML_TAGS,
        attributes={
            "a": {"href", "title"},
            **{tag: MATHML_ATTRIBUTES for tag in MATHML_TAGS},
        },
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )
