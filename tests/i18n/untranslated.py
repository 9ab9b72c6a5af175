"""Finding the text a person would read that is not marked for translation.

Templates: Django's own Lexer splits each template into text and tags; whatever text is left
once tags, comments, scripts, styles, entities, numbers and punctuation are gone must be
inside `{% translate %}` or `{% blocktranslate %}`, and so must the literal values of the
attributes a person reads (or hears). Python: string literals handed to the calls whose
argument a person reads (flash messages, form and API errors, field labels and help texts)
must be wrapped in a gettext call.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

from django.template.base import Lexer, TokenType

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "templates"
APPS = ("metascrum", "programmes", "feedback", "ceremonies")

# Not words of any language: the product's and other brands' names, kept as they are.
NOT_WORDS = ("metascrum", "meta\x00scrum", "Microsoft Teams", "Slack", "GitHub", "GitLab",
             "Jira", "Azure DevOps", "OpenID Connect", "TOTP", "iCalendar", "Swagger UI",
             "Markdown", "msk_", "ETag", "URL", "HTTPS", "JSON", "CSV", "API", "OK", "ok")
READ_ATTRIBUTES = ("title", "alt", "placeholder", "aria-label", "aria-description",
                   "aria-roledescription", "data-label", "data-confirm")
HOLE = "\x00"  # where a tag or variable was: its output is checked where it comes from


@dataclass(frozen=True)
class Finding:
    where: str
    text: str

    def __str__(self) -> str:
        return f"{self.where}: {self.text!r}"


# --- templates -------------------------------------------------------------------------------

OPENS_UNCHECKED = {"blocktranslate", "blocktrans", "comment", "verbatim"}
CLOSES = {"endblocktranslate", "endblocktrans", "endcomment", "endverbatim"}


def _skeleton(source: str) -> str:
    """The template's own text, every tag and variable a HOLE (newlines kept for line numbers),
    and the text of blocktranslate, comment and verbatim blocks blanked."""
    parts, depth = [], 0
    for token in Lexer(source).tokenize():
        raw = token.contents
        newlines = "\n" * raw.count("\n")
        if token.token_type == TokenType.BLOCK:
            name = raw.split()[0] if raw.split() else ""
            depth += name in OPENS_UNCHECKED
            depth -= name in CLOSES
            parts.append(HOLE + newlines)
        elif token.token_type == TokenType.TEXT and depth == 0:
            parts.append(raw)
        else:
            parts.append(HOLE + newlines)
    return "".join(parts)


def _blank(match: re.Match) -> str:
    return HOLE + "\n" * match.group(0).count("\n")


HTML_COMMENT = re.compile(r"<!--.*?-->", re.S)
CODE = re.compile(r"<(script|style)\b[^>]*>.*?</\1\s*>", re.S | re.I)
KEY = re.compile(r"<kbd>\w</kbd>", re.I)  # a keyboard key the page's shortcuts listen for
ATTRIBUTE = re.compile(r"\s(" + "|".join(READ_ATTRIBUTES) + r")\s*=\s*(\"[^\"]*\"|'[^']*')", re.I)
TAG = re.compile(r"<[^>]*>", re.S)
ENTITY = re.compile(r"&(#\d+|#x[0-9a-f]+|[a-z]+\d*);", re.I)
LETTER = re.compile(r"[^\W\d_]")


def _has_words(text: str) -> bool:
    for name in NOT_WORDS:
        text = text.replace(name, " ")
    return bool(LETTER.search(ENTITY.sub(" ", text.replace(HOLE, " "))))


def _line_of(text: str, index: int) -> int:
    return text.count("\n", 0, index) + 1


def template_findings(path: Path) -> list[Finding]:
    name = path.relative_to(ROOT)
    text = KEY.sub(_blank, CODE.sub(_blank, HTML_COMMENT.sub(_blank, _skeleton(path.read_text()))))
    found = [Finding(f"{name}:{_line_of(text, m.start())}", f"{m.group(1)}={m.group(2)}")
             for m in ATTRIBUTE.finditer(text) if _has_words(m.group(2)[1:-1])]
    words = TAG.sub(_blank, text)
    for number, line in enumerate(words.split("\n"), start=1):
        if _has_words(line):
            shown = re.sub(HOLE + "+", " … ", line).strip(" …")
            found.append(Finding(f"{name}:{number}", shown))
    return found


def templates() -> list[Path]:
    return sorted(p for p in TEMPLATES.rglob("*") if p.suffix in (".html", ".txt"))


# --- Python ----------------------------------------------------------------------------------

GETTEXT = {"_", "gettext", "gettext_lazy", "ngettext", "ngettext_lazy", "pgettext",
           "pgettext_lazy", "npgettext", "npgettext_lazy", "format_lazy"}
MESSAGE_CALLS = {"debug", "info", "success", "warning", "error"}


def _name(node: ast.expr) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return ""


def _literal(node: ast.expr | None) -> bool:
    """A str literal, an f-string, or one formatted with % or + (all unmarked)."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str) and _has_words(node.value)
    if isinstance(node, ast.JoinedStr):
        return any(_literal(v) for v in node.values if isinstance(v, ast.Constant))
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod | ast.Add):
        return _literal(node.left) or (isinstance(node.op, ast.Add) and _literal(node.right))
    if isinstance(node, ast.Call) and _name(node.func) == "format":
        return _literal(getattr(node.func, "value", None))
    return False


def _read_arguments(call: ast.Call) -> list[ast.expr]:
    """The arguments of `call` that a person reads."""
    name = _name(call.func)
    owner = _name(call.func.value) if isinstance(call.func, ast.Attribute) else ""
    args, keywords = call.args, {k.arg: k.value for k in call.keywords}
    if owner == "messages" and name in MESSAGE_CALLS:
        return args[1:2] + [keywords.get("message")]
    if owner == "messages" and name == "add_message":
        return args[2:3] + [keywords.get("message")]
    if name == "ValidationError":
        return args[:1] + [keywords.get("message")]
    if name == "add_error":
        return args[1:2] + [keywords.get("error")]
    if name.startswith("HttpResponse"):
        return args[:1] + [keywords.get("content")]
    if name in ("ApiError", "HttpError"):
        return args[1:2] + [keywords.get("detail"), keywords.get("message")]
    if name.endswith("Field"):
        return [keywords.get("label"), keywords.get("help_text")]
    return []


def python_files() -> list[Path]:
    return sorted(p for app in APPS for p in (ROOT / app).rglob("*.py")
                  if "migrations" not in p.parts and "management" not in p.parts)


def python_findings(path: Path) -> list[Finding]:
    name = path.relative_to(ROOT)
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Call):
            for argument in _read_arguments(node):
                if _literal(argument):
                    found.append(Finding(f"{name}:{argument.lineno}",
                                         ast.get_source_segment(path.read_text(), argument)
                                         or ""))
    return found
