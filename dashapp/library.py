"""The scenario library: shipped scenarios (read-only) plus the user's own TOML files.

A scenario is addressed by a *key*: the file stem, sanitised to ``[a-z0-9_-]``.  Shipped keys and
user keys never collide (a user file cannot take a shipped name), so a URL such as
``/losses?scenario=manufacturing`` is unambiguous.  Every write goes through
:func:`bizcase.save_scenario` (temporary file, then rename) and every read through the same
pydantic models as the command line.
"""

from __future__ import annotations

import base64
import binascii
import os
import re
import sys
import tempfile
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import platformdirs

from bizcase import Scenario, load_scenario, parse_scenario_toml, save_scenario
from bizcase.model.errors import ScenarioError
from bizcase.model.io import shipped_scenario
from bizcase.model.texts import LANGUAGES
from dashapp.tomlsave import preserving_toml

#: Largest scenario file accepted by an upload, bytes (the server also caps whole requests).
MAX_UPLOAD_BYTES = 512 * 1024
#: Flask's MAX_CONTENT_LENGTH: an upload travels base64-encoded inside a JSON callback body.
MAX_REQUEST_BYTES = 1024 * 1024
KEY_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]{0,59}$")
#: Names Windows keeps for devices, with or without an extension: never a key (a file
#: ``nul.toml`` cannot be opened there, and a library folder may be shared with Windows).
WINDOWS_RESERVED = frozenset(
    ["con", "prn", "aux", "nul"] + [f"{d}{n}" for d in ("com", "lpt") for n in "123456789"]
)
#: Folder of the per-key lock files, inside the user's library (hidden: not a scenario).
LOCK_DIR = ".locks"
#: The temporary files :func:`bizcase.save_scenario` writes before its rename.
TEMP_PATTERN = re.compile(r"^\.(?P<name>[^/]+\.toml)\..+\.tmp$")
SHIPPED = "shipped"
USER = "user"


class LibraryError(Exception):
    """A library operation that cannot be done (unknown key, name taken, read-only file).

    ``code`` is a stable identifier the UI translates; ``detail`` is shown verbatim.
    """

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code
        self.detail = detail


@dataclass(frozen=True)
class Entry:
    """One scenario of the library."""

    key: str
    title: str
    kind: str  # SHIPPED or USER
    path: Path
    #: the scenario's name per language, ``(lang, name)`` pairs (the file's translations)
    titles: tuple[tuple[str, str], ...] = ()

    def title_in(self, lang: str) -> str:
        """The entry's title in ``lang``: the scenario's translated name, else :attr:`title`."""
        return dict(self.titles).get(lang) or self.title


def shipped_dir() -> Path:
    """The folder of the shipped scenarios, wherever bizcase is installed (wheel or checkout)."""
    return shipped_scenario("manufacturing").parent


def default_library_dir() -> Path:
    """The user's scenario folder: ``<user data dir>/bizcase/scenarios``."""
    return platformdirs.user_data_path("bizcase", appauthor=False) / "scenarios"


def is_reserved(name: str) -> bool:
    """Whether ``name`` is a Windows device name, with or without an extension.

    >>> [is_reserved(n) for n in ("con", "Com1.toml", "lpt9.tar.gz", "console", "com10")]
    [True, True, True, False, False]
    """
    stem = name.strip().lower().split(".", 1)[0].rstrip(" ")
    return stem in WINDOWS_RESERVED


def text_shown(text: str) -> str:
    """A name as a message shows it: the first 60 characters, upper case kept."""
    return text.strip()[:60]


_CYRILLIC = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюяіїєґ",
        "a b v g d e e zh z i y k l m n o p r s t u f kh ts ch sh shch _ y _ e yu ya i yi ye g".split(
            " "
        ),
        strict=True,
    )
)
_CYRILLIC = {k: ("" if v == "_" else v) for k, v in _CYRILLIC.items()}


def sanitise_key(text: str) -> str:
    """A safe file stem from a name typed by a user: lower case, ``[a-z0-9_-]``, ≤ 60 characters.

    Raises ``LibraryError("bad_name")`` when nothing usable is left.

    >>> sanitise_key("  Plant v2 (draft).toml ")
    'plant_v2_draft'
    >>> sanitise_key("Областная больница")
    'oblastnaya_bolnitsa'
    >>> sanitise_key("../../etc/passwd")
    'etc_passwd'
    >>> sanitise_key("NUL.txt")
    Traceback (most recent call last):
    dashapp.library.LibraryError: reserved_name: NUL.txt
    """
    if is_reserved(text):
        raise LibraryError("reserved_name", text_shown(text))
    # A name in Cyrillic ("Больница №1") keeps a readable key: transliterated, then ASCII.
    text = "".join(_CYRILLIC.get(ch, ch) for ch in text.lower())
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    text = text.strip().lower()
    if text.endswith(".toml"):
        text = text[: -len(".toml")]
    text = re.sub(r"[^a-z0-9_-]+", "_", text)
    text = re.sub(r"_+", "_", text).strip("_-")[:60].strip("_-")
    if not KEY_PATTERN.match(text):
        raise LibraryError("bad_name", "use letters, digits, '-' or '_'")
    if text in WINDOWS_RESERVED:  # what is left after sanitising may be one too ("con?" → con)
        raise LibraryError("reserved_name", text)
    return text


@contextmanager
def key_lock(user_dir: Path, key: str) -> Iterator[None]:
    """Hold the lock of ``key``: one writer of a name at a time, across threads and processes.

    An advisory lock (``flock``; ``msvcrt.locking`` on Windows) on ``<user_dir>/.locks/KEY.lock``.
    Lock files stay: removing one while another process waits on it would give two holders.
    """
    folder = user_dir / LOCK_DIR
    folder.mkdir(parents=True, exist_ok=True)
    fd = os.open(folder / f"{key}.lock", os.O_RDWR | os.O_CREAT, 0o600)
    try:
        _lock(fd)
        try:
            yield
        finally:
            _unlock(fd)
    finally:
        os.close(fd)


if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _lock(fd: int) -> None:
        while True:
            try:
                msvcrt.locking(fd, msvcrt.LK_LOCK, 1)
                return
            except OSError:  # LK_LOCK gives up after ten seconds: keep waiting
                continue

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _lock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_EX)

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)


class Library:
    """Shipped scenarios plus a user folder.  Holds paths only: no per-user state."""

    def __init__(self, user_dir: Path, shipped: Path | None = None) -> None:
        self.user_dir = Path(user_dir)
        self.shipped = shipped if shipped is not None else shipped_dir()

    # -- reading -----------------------------------------------------------------------------

    def entries(self) -> list[Entry]:
        """Every readable scenario: shipped first, then the user's, each sorted by key."""
        out: list[Entry] = []
        shipped_keys: set[str] = set()
        for kind, folder in ((SHIPPED, self.shipped), (USER, self.user_dir)):
            if not folder.is_dir():
                continue
            for path in sorted(folder.glob("*.toml")):
                key = path.stem
                if (
                    not KEY_PATTERN.match(key)
                    or key in WINDOWS_RESERVED
                    or (kind == USER and key in shipped_keys)
                ):
                    continue
                titles = _titles(str(path), path.stat().st_mtime_ns)
                if titles is None:
                    continue  # unreadable files are skipped, not fatal
                out.append(Entry(key, dict(titles)["en"], kind, path, titles))
                if kind == SHIPPED:
                    shipped_keys.add(key)
        return out

    def find(self, key: str) -> Entry:
        """The entry of ``key``; ``LibraryError("unknown")`` when there is none."""
        if not isinstance(key, str) or not KEY_PATTERN.match(key) or key in WINDOWS_RESERVED:
            raise LibraryError("unknown", repr(key)[:80])
        for kind, folder in ((SHIPPED, self.shipped), (USER, self.user_dir)):
            path = folder / f"{key}.toml"
            if path.is_file():
                titles = _titles(str(path), path.stat().st_mtime_ns) or ()
                return Entry(key, dict(titles).get("en", key), kind, path, titles)
        raise LibraryError("unknown", key)

    def load(self, key: str) -> Scenario:
        """The validated scenario of ``key`` (cached per file version)."""
        entry = self.find(key)
        return _load(str(entry.path), entry.path.stat().st_mtime_ns)

    def text(self, key: str) -> str:
        """The file's text, comments included (for downloads of unedited scenarios)."""
        return self.find(key).path.read_text(encoding="utf-8")

    def default_key(self) -> str | None:
        """``manufacturing`` when shipped, else the first scenario, else ``None``."""
        entries = self.entries()
        keys = [e.key for e in entries]
        if "manufacturing" in keys:
            return "manufacturing"
        return keys[0] if keys else None

    # -- writing -----------------------------------------------------------------------------

    def _user_path(self, key: str) -> Path:
        key = sanitise_key(key)
        if (self.shipped / f"{key}.toml").exists():
            raise LibraryError("shipped_name", key)
        return self.user_dir / f"{key}.toml"

    def save_as(
        self,
        scenario: Scenario,
        name: str,
        *,
        overwrite: bool = False,
        template: str | None = None,
    ) -> str:
        """Save ``scenario`` as a new user file named after ``name``; returns its key.

        ``LibraryError("exists")`` when the name is taken (unless ``overwrite``): the check and
        the write happen under the name's lock, so of two saves of one name exactly one wins.
        ``template`` is the text of the file the scenario came from: its comments and layout are
        kept (:func:`dashapp.tomlsave.preserving_toml`).
        """
        path = self._user_path(name)
        with key_lock(self.user_dir, path.stem):
            if path.exists() and not overwrite:
                raise LibraryError("exists", path.stem)
            _write(path, scenario, template)
        return path.stem

    def add(self, scenario: Scenario, name: str, template: str | None = None) -> str:
        """Save ``scenario`` under ``name``, or ``name_2``, ``name_3`` … when taken; its key.

        Each candidate is checked and written under its own lock, so concurrent adds of one
        name all succeed, each under a different key.
        """
        base = sanitise_key(name)
        for n in range(1, 10_000):
            key = base if n == 1 else f"{base[:55]}_{n}"
            try:
                return self.save_as(scenario, key, template=template)
            except LibraryError as exc:
                if exc.code not in ("exists", "shipped_name"):
                    raise
        raise LibraryError("exists", base)

    def save(self, key: str, scenario: Scenario) -> str:
        """Overwrite the user scenario ``key`` (shipped scenarios are read-only)."""
        entry = self.find(key)
        if entry.kind != USER:
            raise LibraryError("read_only", key)
        with key_lock(self.user_dir, entry.key):
            if not entry.path.is_file():  # deleted by someone else meanwhile
                raise LibraryError("unknown", key)
            _write(entry.path, scenario, entry.path.read_text(encoding="utf-8"))
        return key

    def delete(self, key: str) -> None:
        """Delete a user scenario (shipped scenarios are read-only)."""
        entry = self.find(key)
        if entry.kind != USER:
            raise LibraryError("read_only", key)
        with key_lock(self.user_dir, entry.key):
            try:
                entry.path.unlink()
            except FileNotFoundError:
                raise LibraryError("unknown", key) from None

    def free_key(self, name: str) -> str:
        """``name`` sanitised, with ``_2``, ``_3`` … appended until no file has it.

        A hint only (another writer may take it next): :meth:`add` is the safe way to save.
        """
        base = sanitise_key(name)
        taken = {e.key for e in self.entries()}
        key, n = base, 1
        while key in taken or (self.shipped / f"{key}.toml").exists():
            n += 1
            key = f"{base[:55]}_{n}"
        return key

    def upload(self, contents: str, filename: str) -> str:
        """Validate an uploaded file (a ``data:…;base64,`` URL) and add it; returns its key.

        The key is the file's name, or the first free ``name_2``, ``name_3`` … (:meth:`add`).
        Nothing is written unless the file is a valid scenario: ``ScenarioError`` (with
        ``problems``) or ``LibraryError`` otherwise.
        """
        raw = decode_upload(contents)
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise ScenarioError(f"{filename}: not UTF-8 text; a scenario is a TOML file") from None
        name = filename or "upload"
        if is_reserved(Path(name).name):
            raise LibraryError("reserved_name", text_shown(Path(name).name))
        scenario = parse_scenario_toml(text, name)
        return self.add(scenario, Path(name).stem or "upload")

    def clean_stale_temporaries(self) -> list[Path]:
        """Remove temporary files that an interrupted save left (``.NAME.toml.*.tmp``).

        A temporary file whose name's lock can be taken belongs to no save in progress (every
        save holds it while writing), so it is stale.  Returns the files removed.
        """
        removed: list[Path] = []
        if not self.user_dir.is_dir():
            return removed
        for path in sorted(self.user_dir.glob(".*.tmp")):
            match = TEMP_PATTERN.match(path.name)
            if match is None:
                continue
            stem = match.group("name")[: -len(".toml")]
            if not KEY_PATTERN.match(stem):
                continue
            with key_lock(self.user_dir, stem):
                try:
                    path.unlink()
                    removed.append(path)
                except FileNotFoundError:
                    pass
        return removed


def _write(path: Path, scenario: Scenario, template: str | None) -> None:
    """Write ``scenario`` atomically (temporary file in the folder, then rename), into the
    template's text when there is one, so the file keeps its comments."""
    if template is None:
        save_scenario(scenario, path)
        return
    text = preserving_toml(template, scenario)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def decode_upload(contents: str) -> bytes:
    """Bytes of a ``dcc.Upload`` data URL, refusing files over :data:`MAX_UPLOAD_BYTES`."""
    if not isinstance(contents, str) or "," not in contents:
        raise LibraryError("bad_upload", "not a file")
    payload = contents.split(",", 1)[1]
    if len(payload) > (MAX_UPLOAD_BYTES * 4) // 3 + 4:
        raise LibraryError("too_large", f"{MAX_UPLOAD_BYTES // 1024} KiB")
    try:
        raw = base64.b64decode(payload, validate=True)
    except (binascii.Error, ValueError):
        raise LibraryError("bad_upload", "not base64") from None
    if len(raw) > MAX_UPLOAD_BYTES:
        raise LibraryError("too_large", f"{MAX_UPLOAD_BYTES // 1024} KiB")
    return raw


@lru_cache(maxsize=64)
def _load(path: str, mtime_ns: int) -> Scenario:
    return load_scenario(path)


@lru_cache(maxsize=256)
def _titles(path: str, mtime_ns: int) -> tuple[tuple[str, str], ...] | None:
    """The scenario's name in each language, or None for an unreadable file."""
    try:
        scenario = _load(path, mtime_ns)
    except ScenarioError:
        return None
    return tuple((lang, scenario.text("name", lang)) for lang in LANGUAGES)
