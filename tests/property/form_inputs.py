"""What a person, a broken browser or an attacker might send in place of a form's fields.

`form_data(form)` draws one submission for a form read from a page (`html_forms.Form`): most
fields get a value the page would accept (one of its choices, a date, a number, a line of
text), some get something it would not (a number too large for the database, a NUL byte,
markup, a choice from elsewhere, a very long string), and fields may be left out or sent twice.
Files are random bytes under a random name and type.
"""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import strategies as st

# Values that broke or could break a form somewhere: too large for a database integer, not a
# number at all, a NUL byte (PostgreSQL refuses it in text), markup, path tricks, blanks.
HOSTILE = (
    "",
    " ",
    "0",
    "-1",
    "99999999999999999999999",
    "1e400",
    "NaN",
    "\x00",
    "a\x00b",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "../../etc/passwd",
    "2026-02-30",
    "9999-12-31",
    "0001-01-01",
    "null",
    "é" * 300,
    "x" * 5000,
)

hostile = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=40))
dates = st.dates(datetime.date(1900, 1, 1), datetime.date(2100, 12, 31)).map(str)
times = st.times().map(lambda moment: moment.strftime("%H:%M"))
numbers = st.integers(-(10**25), 10**25).map(str)
small_numbers = st.integers(-5, 200).map(str)
line = st.text(st.characters(codec="utf-8"), max_size=120)

FILE_NAMES = ("notes.pdf", "photo.jpg", "scan.png", "run.exe", "../../x.pdf", "", "a" * 300)
FILE_TYPES = ("application/pdf", "image/jpeg", "image/png", "text/html", "application/x-msdos")


@st.composite
def uploaded_files(draw):
    return SimpleUploadedFile(
        draw(st.sampled_from(FILE_NAMES)) or "file",
        draw(st.binary(max_size=2048)),
        content_type=draw(st.sampled_from(FILE_TYPES)),
    )


def _plausible(field) -> st.SearchStrategy:
    """A value the page itself would offer or accept for this field."""
    kind = field.kind
    if field.choices:
        return st.sampled_from(field.choices)
    if kind == "date":
        return dates
    if kind == "time":
        return times
    if kind == "datetime-local":
        return st.builds(lambda day, at: f"{day}T{at}", dates, times)
    if kind == "number":
        return st.one_of(small_numbers, numbers)
    if kind == "email":
        return st.one_of(st.emails(), st.just("invitee@example.org"))
    if kind in ("hidden", "submit"):
        return st.just(field.value)
    if field.value:
        return st.one_of(st.just(field.value), line)
    return line


def field_value(field) -> st.SearchStrategy:
    """One field's value: usually plausible, sometimes hostile, for a multiple field a list."""
    if field.kind == "file":
        return st.lists(uploaded_files(), max_size=2)
    one = st.one_of(_plausible(field), _plausible(field), _plausible(field), hostile)
    if field.multiple:
        return st.lists(one, max_size=4)
    return one


@st.composite
def form_data(draw, form) -> dict:
    """One submission of `form`: each field present with probability 7/8, any value."""
    data = {}
    for name, field in form.fields.items():
        if name == "csrfmiddlewaretoken":
            continue  # the test client does not check it; a real browser would send it
        if field.kind == "submit" and len(field.choices) > 1:
            # Buttons of one name: a press sends one of them (or, from a script, anything).
            data[name] = draw(st.one_of(st.sampled_from(field.choices), hostile))
            continue
        if draw(st.integers(0, 7)) == 0:
            continue
        value = draw(field_value(field))
        if field.kind == "file" and not value:
            continue
        data[name] = value
    return data
