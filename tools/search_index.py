"""The search index shows math as a reader can read it in a preview: without its TeX
delimiters and backslashes.

The page keeps its math as TeX between `\\( \\)` and `\\[ \\]` for KaTeX to draw in the
browser (docs/assets/book.js), and the search plugin indexes the page's text as it is,
so a search preview would show `\\(\\beta_1\\)`. `readable_math` turns that into
`β₁` in the index's titles and texts (symbols for commands, `a/b` for fractions,
styles and accents dropped), leaving code (`<pre>`, `<code>`) as it is;
`rewrite` does it to a written search_index.json.
"""

from __future__ import annotations

import copy
import hashlib
import json
import re
import sys
from pathlib import Path

_CODE_OR_MATH = re.compile(
    r"(?P<code><(?P<tag>pre|code)\b.*?</(?P=tag)>)"
    r"|\\\((?P<inline>[^<]+?)\\\)"  # math never holds a tag: its < is &lt;
    r"|\\\[(?P<display>[^<]+?)\\\]"
    r"|\$\$(?P<dollars>[^<$]+?)\$\$"
    r"|\$(?P<dollar>[^\s$<](?:[^$<\n]*?[^\s$<\\])?)\$",
    re.DOTALL,
)
_ENVIRONMENT = re.compile(r"\\(?:begin|end)\s*\{\w+\*?\}")
_ALIGN = re.compile(r"&amp;|&(?!#?\w+;)")  # an alignment point, escaped in the index's HTML
_SPACE = re.compile(r"\\(?:[,;:! >]|quad\b|qquad\b|\\)")
# commands whose braced argument is kept as it is: \mathbf{x} is x, \hat{y} is y
_KEEP = re.compile(r"\\(?:mathbf|mathrm|mathit|mathcal|mathbb|mathsf|boldsymbol|bm|text|"
                   r"textrm|textbf|textit|mbox|operatorname|hat|widehat|bar|overline|"
                   r"tilde|widetilde|vec|dot|underbrace|mathrel)\b\s*\{([^{}]*)\}")
# an accent on one letter, \hat y or \hat{\mathbf y}, as that letter with a combining
# accent: ŷ (a longer argument keeps only its letters)
_ACCENT = re.compile(r"\\(?P<accent>hat|widehat|bar|overline|tilde|widetilde)\s*"
                     r"(?:\{\s*(?:\\math(?:bf|rm|it)\b\s*)?\{?\s*(?P<braced>[A-Za-z])\s*\}?\s*\}"
                     r"|(?P<letter>[A-Za-z])(?![A-Za-z]))")
_COMBINING = {"hat": "\u0302", "widehat": "\u0302", "bar": "\u0304", "overline": "\u0304",
              "tilde": "\u0303", "widetilde": "\u0303"}
_FRAC = re.compile(r"\\[dt]?frac\s*\{([^{}]*)\}\s*\{([^{}]*)\}")
_SQRT = re.compile(r"\\sqrt\s*\{([^{}]*)\}")
_SCRIPT = re.compile(r"(?P<mark>[_^])\s*(?:\{(?P<group>[^{}]*)\}|(?P<one>[^\s{}\\]))")
_COMMAND = re.compile(r"\\([A-Za-z]+) ?")
_ESCAPED = re.compile(r"\\([{}%$&_#|])")
# the commands above, and those that need their braces until the loop undoes them
_WITH_ARGUMENT = {"frac", "dfrac", "tfrac", "sqrt", "mathbf", "mathrm", "mathit",
                  "mathcal", "mathbb", "mathsf", "boldsymbol", "bm", "text", "textrm",
                  "textbf", "textit", "mbox", "operatorname", "hat", "widehat", "bar",
                  "overline", "tilde", "widetilde", "vec", "dot", "underbrace",
                  "mathrel"}
_SIMPLE = re.compile(r"[^\s+\-=/(),]+")  # one term: a/b needs no brackets

_GREEK = {name: chr(code) for name, code in [
    ("alpha", 0x3B1), ("beta", 0x3B2), ("gamma", 0x3B3), ("delta", 0x3B4),
    ("epsilon", 0x3B5), ("varepsilon", 0x3B5), ("zeta", 0x3B6), ("eta", 0x3B7),
    ("theta", 0x3B8), ("vartheta", 0x3D1), ("iota", 0x3B9), ("kappa", 0x3BA),
    ("lambda", 0x3BB), ("mu", 0x3BC), ("nu", 0x3BD), ("xi", 0x3BE), ("pi", 0x3C0),
    ("rho", 0x3C1), ("sigma", 0x3C3), ("tau", 0x3C4), ("upsilon", 0x3C5),
    ("phi", 0x3C6), ("varphi", 0x3C6), ("chi", 0x3C7), ("psi", 0x3C8),
    ("omega", 0x3C9), ("Gamma", 0x393), ("Delta", 0x394), ("Theta", 0x398),
    ("Lambda", 0x39B), ("Xi", 0x39E), ("Pi", 0x3A0), ("Sigma", 0x3A3), ("Phi", 0x3A6),
    ("Psi", 0x3A8), ("Omega", 0x3A9)]}
# symbols that stand for themselves, as TeX draws them
_SYMBOLS = {**_GREEK, "partial": "∂", "nabla": "∇", "sum": "Σ", "prod": "Π",
            "infty": "∞", "ell": "ℓ", "top": "ᵀ", "prime": "′", "dots": "…",
            "ldots": "…", "cdots": "⋯", "lVert": "‖", "rVert": "‖", "Vert": "‖",
            "lvert": "|", "rvert": "|", "langle": "⟨", "rangle": "⟩", "lbrace": "{",
            "rbrace": "}", "{": "{", "}": "}"}
# operators and relations, with a space either side
_OPERATORS = {"leftarrow": "←", "gets": "←", "rightarrow": "→", "to": "→",
              "Rightarrow": "⇒", "mapsto": "↦", "cdot": "·", "times": "×",
              "odot": "⊙", "oplus": "⊕", "pm": "±", "approx": "≈", "sim": "∼",
              "le": "≤", "leq": "≤", "ge": "≥", "geq": "≥", "ne": "≠", "neq": "≠",
              "equiv": "≡", "in": "∈", "notin": "∉", "mid": "|", "propto": "∝",
              "ll": "≪", "gg": "≫", "setminus": "∖", "cup": "∪", "cap": "∩",
              "subset": "⊂", "div": "÷", "ast": "∗"}
# named functions, written as words, with a space after
_FUNCTIONS = {"log", "ln", "exp", "max", "min", "arg", "sin", "cos", "tan", "tanh",
              "det", "dim", "sup", "inf", "lim", "Pr", "argmax", "argmin"}
# commands that only change the look: gone, with their argument's braces
_DROPPED = {"left", "right", "big", "Big", "bigg", "Bigg", "bigl", "bigr", "Bigl",
            "Bigr", "biggl", "biggr", "Biggl", "Biggr", "displaystyle", "textstyle",
            "limits", "nolimits", "hat", "bar", "tilde", "vec", "dot", "mathbf",
            "mathrm", "mathit", "mathcal", "mathbb", "boldsymbol", "bm", "underbrace",
            "operatorname", "mathrel", "widehat", "overline", "widetilde", "mathsf",
            "textrm", "textbf", "textit", "mbox", "text"}
_SUB, _SUP, _GAP = "\x00", "\x01", "\x02"  # _ and ^ once written out; a TeX space
_SUBSCRIPTS = dict(zip("0123456789+-=()aehijklmnoprstuvx",
                       "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ", strict=True))
_SUPERSCRIPTS = {**dict(zip("0123456789+-=()inTz", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁱⁿᵀᶻ", strict=True)),
                 "ᵀ": "ᵀ"}


def _script(match):
    """x_1 as x₁, x^{-7} as x⁻⁷ where Unicode has every character's small form, else
    x_(i, k) or x^(z - c): a subscript or superscript that stays readable."""
    mark, body = match["mark"], (match["group"] if match["group"] is not None
                                 else match["one"])
    body = " ".join(body.replace(_GAP, " ").split())
    small = _SUBSCRIPTS if mark == "_" else _SUPERSCRIPTS
    if body and len(body) <= 3 and all(char in small for char in body):
        return "".join(small[char] for char in body)
    mark = _SUB if mark == "_" else _SUP  # written out: the loop leaves it alone
    if _SIMPLE.fullmatch(body) or re.fullmatch(r"\([^()]*\)", body):
        return mark + body
    return f"{mark}({body})"


def _command(match):
    name, after = match[1], match.string[match.end():match.end() + 1]
    if name in _WITH_ARGUMENT and after == "{":
        return match[0]  # the loop of tex_as_text undoes it, innermost first
    if name in _SYMBOLS:  # \partial L is ∂L, but \theta - \eta keeps its spaces
        binds = name in {"partial", "nabla"} or not match[0].endswith(" ")
        return _SYMBOLS[name] + ("" if binds else " ")
    if name in _OPERATORS:
        return f" {_OPERATORS[name]} "
    if name in _FUNCTIONS:
        return name + ("" if after in "_^" else " ")
    if name in _DROPPED:
        return ""
    return name + (" " if match[0].endswith(" ") else "")


def _fraction(match):
    top, bottom = (" ".join(part.split()) for part in match.group(1, 2))
    top = top if _SIMPLE.fullmatch(top) else f"({top})"
    bottom = bottom if _SIMPLE.fullmatch(bottom) else f"({bottom})"
    return f"{top}/{bottom}"


def tex_as_text(tex: str) -> str:
    """TeX as text that reads as the math does: `\\beta_1` is `β₁`, `\\mathbf{x}_i` is
    `xᵢ`, `\\frac{\\partial L}{\\partial W}` is `∂L/∂W`, `m \\leftarrow \\beta_1 m` is
    `m ← β₁ m`, `\\hat y` is `ŷ`; styles (`\\mathbf`, `\\text`) are dropped."""
    text = _ENVIRONMENT.sub(" ", tex)
    text = _ACCENT.sub(lambda m: (m["braced"] or m["letter"]) + _COMBINING[m["accent"]],
                       text)
    text = _ALIGN.sub(" ", text)
    text = _SPACE.sub(_GAP, text)
    text = _COMMAND.sub(_command, text)
    while True:  # innermost first, until nothing is left to undo
        before = text
        text = _KEEP.sub(r"\1", text)
        text = _SQRT.sub(lambda m: "√" + (m[1].strip() if _SIMPLE.fullmatch(m[1].strip())
                                          else f"({m[1].strip()})"), text)
        text = _FRAC.sub(_fraction, text)
        text = _SCRIPT.sub(_script, text)
        if text == before:
            break
    text = re.sub(r"(?<!\\)[{}]", "", text)  # grouping braces; \\{ is a brace
    text = _ESCAPED.sub(r"\1", text)
    text = text.replace(_SUB, "_").replace(_SUP, "^").replace(_GAP, " ")
    return " ".join(text.split())


def readable_math(text: str) -> str:
    """`text` of the index with each piece of math as plain text (tex_as_text), without
    its delimiters; code is left as it is."""

    def replace(match):
        if match["code"] is not None:
            return match[0]
        tex = next(group for group in match.group("inline", "display", "dollars", "dollar")
                   if group is not None)
        return tex_as_text(tex)

    return _CODE_OR_MATH.sub(replace, text)


def rewrite(path: Path) -> None:
    """Rewrite the search index at `path` (Material's search_index.json) with readable
    math in every entry's title and text."""
    index = json.loads(path.read_text(encoding="utf-8"))
    for entry in index["docs"]:
        for field in ("title", "text"):
            if field in entry:
                entry[field] = readable_math(entry[field])
    path.write_text(json.dumps(index, separators=(",", ":")), encoding="utf-8")


# Indexing each page once per `mkdocs serve` session

_MARK = "_nnfs_lit_remembers"  # on the wrapped method, so that it is wrapped once


def remember_entries(search_index_class) -> None:
    """Make the search plugin index a page again only when it changed.

    Material's search plugin parses every page's HTML on every build, about 0.9 s of a
    warm build here; under `mkdocs serve` a prose edit changes one page. So
    `search_index_class.add_entry_from_context(page)` is wrapped: a page whose address,
    HTML and metadata are those it had at an earlier build of this process gets the
    entries it got then. The memory lives on the plugin's module, which a serve
    session imports once (mkdocs loads the hooks afresh at every rebuild), and holds
    one page's entries per address."""
    original = search_index_class.add_entry_from_context
    if getattr(original, _MARK, False):
        return
    module = sys.modules[search_index_class.__module__]
    remembered = module.__dict__.setdefault("_nnfs_lit_entries", {})

    def add_entry_from_context(self, page):
        key = hashlib.sha256("\0".join(
            [page.url, page.content or "", json.dumps(page.meta, sort_keys=True,
                                                      default=str)]).encode()).hexdigest()
        known = remembered.get(page.url)
        if known is not None and known[0] == key:
            self.entries.extend(copy.deepcopy(known[1]))
            return
        before = len(self.entries)
        original(self, page)
        remembered[page.url] = (key, copy.deepcopy(self.entries[before:]))

    setattr(add_entry_from_context, _MARK, True)
    search_index_class.add_entry_from_context = add_entry_from_context
