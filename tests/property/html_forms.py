"""The forms a page shows, read from its HTML as a browser would read them.

Form fuzzing posts to what the page offers, not to a list kept by hand: each `<form>` gives its
action, its method and its fields (inputs, selects, text areas, with their choices and the
values the page filled in). Buttons with a name count as fields too, since pressing one sends
its value (several views choose a step by the button pressed).
"""

from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

# Inputs a browser never sends, or sends only as a button press.
_NOT_SENT = {"reset", "image"}
_BUTTONS = {"submit", "button"}


@dataclass
class Field:
    """One name a form sends. `kind` is the input type ("text", "date", "select", "textarea",
    "checkbox", "radio", "file", "hidden", "submit"...). `choices` are the values a select,
    radio group, checkbox group or set of buttons offers; `value` what the page filled in."""

    name: str
    kind: str
    choices: list[str] = field(default_factory=list)
    value: str = ""
    multiple: bool = False
    required: bool = False


@dataclass
class Form:
    action: str  # the path the form posts to (the page's own when the form names none)
    method: str  # "post" or "get"
    fields: dict[str, Field] = field(default_factory=dict)

    def add(self, name: str, kind: str, value: str = "", **extra) -> None:
        known = self.fields.get(name)
        if known is None:
            self.fields[name] = Field(name=name, kind=kind, value=value, **extra)
            if kind in ("radio", "checkbox", "submit"):
                self.fields[name].choices.append(value)
            return
        if kind in ("radio", "checkbox", "submit"):
            known.choices.append(value)
            if kind == "checkbox":
                known.multiple = True

    @property
    def signature(self) -> tuple:
        """What makes two forms the same form: where they post and what they send."""
        return (self.method, self.action, tuple(sorted(self.fields)))


class _FormReader(HTMLParser):
    def __init__(self, page_path: str):
        super().__init__(convert_charrefs=True)
        self.page_path = page_path
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: Field | None = None
        self._option_value: str | None = None
        self._option_text: list[str] = []
        self._textarea: Field | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form":
            action = attributes.get("action") or self.page_path
            self._form = Form(
                action=urlsplit(urljoin(self.page_path, action)).path,
                method=(attributes.get("method") or "get").lower(),
            )
            self.forms.append(self._form)
            return
        if self._form is None or "disabled" in attributes:
            return
        name = attributes.get("name")
        if tag == "input" and name:
            kind = (attributes.get("type") or "text").lower()
            if kind in _NOT_SENT:
                return
            if kind in _BUTTONS:
                kind = "submit"
            value = attributes.get("value") or ("on" if kind in ("checkbox", "radio") else "")
            self._form.add(name, kind, value, required="required" in attributes)
        elif tag == "button" and name:
            if (attributes.get("type") or "submit").lower() == "submit":
                self._form.add(name, "submit", attributes.get("value") or "")
        elif tag == "select" and name:
            self._select = Field(
                name=name,
                kind="select",
                multiple="multiple" in attributes,
                required="required" in attributes,
            )
            self._form.fields[name] = self._select
        elif tag == "option" and self._select is not None:
            self._option_value = attributes.get("value")
            self._option_text = []
            if "selected" in attributes:
                self._select.value = self._option_value or ""
        elif tag == "textarea" and name:
            self._textarea = Field(name=name, kind="textarea", required="required" in attributes)
            self._form.fields[name] = self._textarea

    def handle_data(self, data):
        if self._option_value is None and self._select is not None:
            self._option_text.append(data)
        if self._textarea is not None:
            self._textarea.value += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "option" and self._select is not None:
            value = self._option_value
            if value is None:
                value = "".join(self._option_text).strip()
            self._select.choices.append(value)
            self._option_value = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def forms_on(html: str, page_path: str) -> list[Form]:
    """Every form of a page, in page order."""
    reader = _FormReader(page_path)
    reader.feed(html)
    return reader.forms
