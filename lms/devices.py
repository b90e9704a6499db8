"""A browser's user-agent string in plain words ("Firefox on Windows"), for sign-in history.

A volunteer reading their recent sign-ins recognizes "Safari on iPhone", not a 150-character
user-agent string; and history keeps only these few words, not the string, which is longer
than needed and can help fingerprint a person. The rules are deliberately small: the common
browsers and systems, checked in the order that keeps look-alikes apart (Edge and Opera say
"Chrome" too, Chrome says "Safari", Android says "Linux"). Anything else is "Unknown browser"
or "a browser on <system>". The words are stored as they are, in English, like the names of
the browsers and systems themselves, so a row reads the same whatever language the page had.
"""

MAX_DEVICE = 200
UNKNOWN = "Unknown browser"

# (marker in the user agent, browser name), first match wins.
_BROWSERS = [
    ("Edg/", "Edge"),
    ("EdgA/", "Edge"),
    ("EdgiOS/", "Edge"),
    ("OPR/", "Opera"),
    ("SamsungBrowser/", "Samsung Internet"),
    ("Firefox/", "Firefox"),
    ("FxiOS/", "Firefox"),
    ("CriOS/", "Chrome"),
    ("Chromium/", "Chromium"),
    ("Chrome/", "Chrome"),
    ("Safari/", "Safari"),
]

# (marker, system name), first match wins.
_SYSTEMS = [
    ("iPhone", "iPhone"),
    ("iPad", "iPad"),
    ("Android", "Android"),
    ("CrOS", "ChromeOS"),
    ("Windows", "Windows"),
    ("Macintosh", "macOS"),
    ("Mac OS X", "macOS"),
    ("Linux", "Linux"),
]


def _first(markers, text):
    for marker, name in markers:
        if marker in text:
            return name
    return None


def describe_device(user_agent: str | None) -> str:
    """The browser and system in plain words ("Firefox on Windows"), at most `MAX_DEVICE`
    characters."""
    text = user_agent or ""
    browser = _first(_BROWSERS, text)
    system = _first(_SYSTEMS, text)
    if browser is None and system is None:
        return UNKNOWN
    if system is None:
        return browser
    if browser is None:
        return f"A browser on {system}"
    return f"{browser} on {system}"[:MAX_DEVICE]
