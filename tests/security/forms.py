"""Find the POST forms a page offers, with their fields, by parsing its HTML."""

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Field:
    name: str
    kind: str  # input type, "select" or "textarea"
    options: list[str] = field(default_factory=list)


@dataclass
class Form:
    action: str | None
    fields: list[Field] = field(default_factory=list)


class _FormParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: Field | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and (a.get("method") or "get").lower() == "post":
            self._form = Form(action=a.get("action") or a.get("hx-post"))
            self.forms.append(self._form)
        elif tag == "option" and self._select is not None:
            self._select.options.append(a.get("value", ""))
        elif self._form is None or not a.get("name"):
            return
        elif tag == "input" and a.get("type") not in ("hidden", "submit", "button"):
            self._form.fields.append(Field(a["name"], a.get("type") or "text"))
        elif tag == "textarea":
            self._form.fields.append(Field(a["name"], "textarea"))
        elif tag == "select":
            self._select = Field(a["name"], "select")
            self._form.fields.append(self._select)

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None


def post_forms(html: str) -> list[Form]:
    parser = _FormParser()
    parser.feed(html)
    return [form for form in parser.forms if form.fields]


BOUNDARY = "metascrum-fuzz-boundary"


def _raw(value) -> bytes:
    return value if isinstance(value, bytes) else str(value).encode("utf-8", "surrogatepass")


def multipart(data: dict) -> bytes:
    """A multipart/form-data body sent byte for byte as given: text is written as UTF-8 with
    any lone surrogate encoded as a broken client would (surrogatepass), bytes as they are."""
    body = b""
    for name, value in data.items():
        raw = _raw(value)
        body += (f"--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n"
                 .encode() + raw + b"\r\n")
    return body + f"--{BOUNDARY}--\r\n".encode()


def post_raw(client, action: str, data: dict, charset: str | None = None):
    content_type = f"multipart/form-data; boundary={BOUNDARY}"
    if charset:
        content_type += f"; charset={charset}"
    return client.generic("POST", action, multipart(data), content_type=content_type)


def as_received(value: str | bytes) -> str:
    """What Django reads from a field sent by `multipart`: bytes that are not UTF-8 (an
    overlong sequence, an encoded surrogate) become U+FFFD."""
    return _raw(value).decode("utf-8", "replace")
