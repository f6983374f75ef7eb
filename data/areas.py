"""Samordningsförbund and other areas made of kommuner: definitions, files and links.

A samordningsförbund covers several kommuner; its figures are pooled from theirs like a
county's (see :mod:`metrics.shares`). An :class:`AreaDefinition` is an id, a name and the
member kommun codes; :meth:`AreaDefinition.to_area` makes the
:class:`~data.regions.Area` (level `forbund`) that :meth:`Regions.with_areas` takes.

Definitions live in two JSON files of one format::

    {"format": 1,
     "areas": [{"id": "skelleftea-norsjo",
                "name": "Samordningsförbundet Skellefteå-Norsjö",
                "kommuner": ["2482", "2417"],
                "source": "förbundets kallelse 2015-03-05", "as_of": "2015-03-05",
                "confidence": "high"}]}

- `data/areas.json` ships with the project: the samordningsförbund the tool knows, each
  with where its membership comes from (:class:`Membership`: `source`, `as_of`,
  `confidence`). They are researched from public pages (förbund and kommun sites,
  finsam.se); only members a page names or clearly implies are listed, and today's
  members are used for every year. A shipped area without a source, a valid as-of date
  or a confidence of `high`/`medium` is refused (:func:`check_shipped`);
- `$HE_DATA_DIR/areas_user.json` holds the areas the *operator* shares with every
  visitor (written on Områden in operator mode, or by hand). A visitor's own areas never
  reach a file: they live in the visitor's link and session (see `app_pages/ui/areas.py`).
  The file is only replaced whole and atomically (:func:`data.store.atomic_write`), after
  the new area has passed every check, so a refused or interrupted save leaves the file as
  it was. It also lists the ids of deleted areas (`"retired"`, with their kommuner): an id
  is never given again to an area of other kommuner, so an old bookmark `?region=<id>`
  never shows a different area under a familiar name.

A file that is damaged in part is read for what is valid (:func:`load_valid_definitions`):
each entry that cannot be used is named in a Swedish sentence, the rest are served.

A user-defined area travels in a link as one parameter: the kommun codes joined by `.`,
then `~` and the name, e.g. `2482.2417~Mitt förbund` (:func:`link_text`). Its id is
derived from the name (:func:`area_id`), so a link gives the same area on every machine.

Every check raises :class:`AreaError`, with an English message and a Swedish `.sv`.
"""

from __future__ import annotations

import json
import logging
import os
import re
import threading
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from data.regions import (
    LEVEL_FORBUND,
    LEVEL_KOMMUN,
    LEVEL_LAN,
    LEVEL_RIKET,
    Area,
    Regions,
    load_regions,
)
from data.store import atomic_write, data_dir
from data.text import swedish_list

LOG = logging.getLogger(__name__)

FILE_FORMAT = 1
SHIPPED_AREAS = Path(__file__).resolve().parent / "areas.json"
USER_AREAS_FILE = "areas_user.json"

MAX_NAME = 60
"""Longest area name, in characters (it is shown in selectors and chart titles)."""
MAX_MEMBERS = 60
"""Most kommuner in one area (the largest county, Västra Götaland, has 49)."""
MAX_SHARED_AREAS = 100
"""Most areas in the operator's shared file (each costs every visitor a pooled model)."""
MAX_FILE_BYTES = 2_000_000
"""An area file larger than this is not read at all (100 areas take about 30 kB)."""
MAX_ID = 60
NAME_PUNCTUATION = " -–,.:()&'’/"
"""What a name may hold besides letters and digits ('S:t Eriks', 'Umeå/Vindeln'). A
name is shown in page titles and sentences (Markdown) and in charts (plotly reads <b>,
<a href> …), and may arrive in anyone's link: with none of < > [ ] * _ ` | # ~ \\ @ and
neither 'www.' nor '://', it can never become markup or a link on a page."""
LINK_CODE_SEPARATOR = "."
LINK_NAME_SEPARATOR = "~"
MAX_LINK = 1600
"""Longest link parameter accepted: room for 290 kommun codes and a name."""
LINK_SUFFIX_ID = "-lank"
LINK_SUFFIX_NAME = " (länk)"

_ID = re.compile(r"^(?=[a-z0-9-]*[a-z])[a-z0-9]+(-[a-z0-9]+)*$")
_LEVEL_WORDS = {
    LEVEL_KOMMUN: "en kommun",
    LEVEL_LAN: "ett län",
    LEVEL_RIKET: "riket",
    LEVEL_FORBUND: "ett annat område",
}
_WRITE_LOCK = threading.Lock()
"""Serialises read-check-write of the user file between the app's sessions (threads)."""


class AreaError(ValueError):
    """An area definition, area file or area link that cannot be used.

    `str(err)` is English (CLI, logs); `err.sv` the Swedish sentence for the app;
    `err.problem` a short stable code for tests.
    """

    def __init__(self, problem: str, message: str, sv: str) -> None:
        super().__init__(message)
        self.problem = problem
        self.sv = sv


@dataclass(frozen=True)
class Membership:
    """Where a shipped förbund's list of members comes from.

    `source` names the public pages or documents (in Swedish, for the pages); `as_of` is
    the date the membership is documented for: `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (for an
    undated current page, the year it was last read); `confidence` is `high` (a page
    lists the members) or `medium` (the members follow from a page, e.g. a county-wide
    förbund, but no current list names them all).
    """

    source: str
    as_of: str
    confidence: str

    def as_json(self) -> dict[str, str]:
        return {"source": self.source, "as_of": self.as_of, "confidence": self.confidence}


CONFIDENCES: tuple[str, ...] = ("high", "medium")
_AS_OF = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


@dataclass(frozen=True)
class AreaDefinition:
    """An area made of kommuner: its id (also its code in URLs), name and members; a
    shipped förbund also says where its membership comes from."""

    id: str
    name: str
    kommuner: tuple[str, ...]
    membership: Membership | None = field(default=None, compare=False)
    """Metadata, not identity: a link to a shipped förbund is that förbund."""

    def to_area(self) -> Area:
        return Area(code=self.id, name=self.name, level=LEVEL_FORBUND, members=self.kommuner)

    def as_json(self) -> dict[str, Any]:
        document: dict[str, Any] = {
            "id": self.id,
            "name": self.name,
            "kommuner": list(self.kommuner),
        }
        if self.membership is not None:
            document.update(self.membership.as_json())
        return document


def clean_name(name: str) -> str:
    """A name as stored: trimmed, inner runs of whitespace made one space."""
    return " ".join(name.split())


def area_id(name: str) -> str:
    """The id derived from a name: 'Skellefteå–Norsjö 2' → 'skelleftea-norsjo-2'."""
    folded = "".join(
        unicodedata.normalize("NFKD", ch).encode("ascii", "ignore").decode("ascii") or " "
        for ch in name
    )
    return re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")[:MAX_ID].strip("-")


def new_definition(name: str, kommuner: Iterable[str]) -> AreaDefinition:
    """A user's area: the name cleaned, the id derived from it, kommuner as given.

    Nothing is checked here; :func:`check_definition` says what is wrong, if anything.
    """
    cleaned = clean_name(name)
    return AreaDefinition(
        id=area_id(cleaned), name=cleaned, kommuner=tuple(k.strip() for k in kommuner)
    )


def _kommun_label(regions: Regions, code: str) -> str:
    area = regions.get(code)
    return f"{area.name} ({code})" if area else code


def check_definition(definition: AreaDefinition, regions: Regions) -> None:
    """Raise :class:`AreaError` for the first thing wrong with a new area.

    `regions` holds every area the new one must not clash with: kommuner, län, riket and
    the förbund already defined.
    """
    _check_name(definition.name)
    _check_unique(definition, regions)
    _check_id(definition.id)
    _check_kommuner(definition.kommuner, regions)


def _check_name(name: str) -> None:
    if not name.strip():
        raise AreaError("empty_name", "the area has no name", "Ge området ett namn.")
    if len(name) > MAX_NAME:
        raise AreaError(
            "long_name",
            f"the name has {len(name)} characters; at most {MAX_NAME} are allowed",
            f"Namnet är för långt ({len(name)} tecken); det får vara högst {MAX_NAME} tecken.",
        )
    if any(unicodedata.category(ch).startswith("C") for ch in name) or not any(
        ch.isalpha() for ch in name
    ):
        raise AreaError(
            "bad_name",
            f"the name {name!r} needs a letter and may not contain control characters",
            "Namnet måste innehålla minst en bokstav och får inte innehålla radbrytningar "
            "eller andra styrtecken.",
        )
    odd = sorted({ch for ch in name if not (_is_letter_or_digit(ch) or ch in NAME_PUNCTUATION)})
    if odd:
        shown = " ".join(odd)
        raise AreaError(
            "name_characters",
            f"the name {name!r} has characters other than letters, digits and "
            f"{NAME_PUNCTUATION.strip()}: {shown}",
            f"Namnet får bara innehålla bokstäver, siffror, mellanslag och "
            f"{' '.join(NAME_PUNCTUATION.strip())}. Ta bort {shown}.",
        )
    if "www." in name.casefold() or "://" in name:
        raise AreaError(
            "name_characters",
            f"the name {name!r} looks like a web address",
            "Namnet får inte se ut som en webbadress.",
        )


def _is_letter_or_digit(ch: str) -> bool:
    """Letters and digits of any script, and accents written as separate marks."""
    return ch.isalnum() or unicodedata.category(ch).startswith("M")


def _check_id(identifier: str) -> None:
    if len(identifier) > MAX_ID or not _ID.fullmatch(identifier):
        raise AreaError(
            "bad_id",
            f"invalid area id {identifier!r}: use a-z, digits and single dashes, with a letter",
            f"Områdets kortnamn ”{identifier}” är ogiltigt: det får bara innehålla a–z, "
            "siffror och bindestreck, och minst en bokstav.",
        )


def _check_kommuner(kommuner: Sequence[str], regions: Regions) -> None:
    if not kommuner:
        raise AreaError(
            "no_kommuner", "the area has no kommuner", "Välj minst en kommun till området."
        )
    if len(kommuner) > MAX_MEMBERS:
        raise AreaError(
            "too_many_kommuner",
            f"the area has {len(kommuner)} kommuner; at most {MAX_MEMBERS} are allowed",
            f"Ett område får ha högst {MAX_MEMBERS} kommuner (det här har {len(kommuner)}).",
        )
    repeated = sorted({k for k in kommuner if kommuner.count(k) > 1})
    if repeated:
        labels = [_kommun_label(regions, k) for k in repeated]
        word = "Kommunen" if len(labels) == 1 else "Kommunerna"
        raise AreaError(
            "duplicate_kommuner",
            f"kommun(er) listed more than once: {', '.join(repeated)}",
            f"{word} {swedish_list(labels)} finns med mer än en gång.",
        )
    unknown = [k for k in kommuner if (regions.get(k) is None or not regions[k].is_kommun)]
    if unknown:
        word = "Okänd kommunkod" if len(unknown) == 1 else "Okända kommunkoder"
        raise AreaError(
            "unknown_kommuner",
            f"not kommun code(s): {', '.join(unknown)}",
            f"{word}: {swedish_list(unknown)}. En kommunkod har fyra siffror, t.ex. 2417.",
        )


def _check_unique(definition: AreaDefinition, regions: Regions) -> None:
    taken = regions.get(definition.id)
    if taken is not None:
        if taken.level in (LEVEL_KOMMUN, LEVEL_LAN, LEVEL_RIKET):
            raise AreaError(
                "code_clash",
                f"area id {definition.id!r} is the code of {taken.name}",
                f"Kortnamnet ”{definition.id}” är redan koden för {taken.name}.",
            )
        raise AreaError(
            "id_taken",
            f"area id {definition.id!r} is taken by {taken.name!r}",
            f"Namnet ger samma kortnamn (”{definition.id}”) som området ”{taken.name}”. "
            "Välj ett annat namn.",
        )
    folded = definition.name.casefold()
    same_name = next((a for a in regions.all() if a.name.casefold() == folded), None)
    if same_name is not None:
        raise AreaError(
            "name_taken",
            f"the name {definition.name!r} is taken by {same_name.code}",
            f"Namnet ”{definition.name}” används redan av {_LEVEL_WORDS[same_name.level]}.",
        )


# --- files ---------------------------------------------------------------------------


def user_areas_path(directory: str | os.PathLike[str] | None = None) -> Path:
    """Where the users' areas are saved: `areas_user.json` in the data directory."""
    return data_dir(directory) / USER_AREAS_FILE


def _file_error(path: Path, problem: str, message: str, sv: str) -> AreaError:
    return AreaError(
        problem,
        f"{path}: {message}",
        f"Filen med områden ({path.name}) går inte att använda: {sv}",
    )


def _read_document(path: Path) -> dict[str, Any]:
    """The JSON object of an area file ({} if there is no file), checked for its frame."""
    if not path.exists():
        return {}
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise _file_error(
                path,
                "too_large",
                f"larger than {MAX_FILE_BYTES} bytes",
                "den är för stor för att vara en lista med områden.",
            )
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, RecursionError) as err:
        raise _file_error(
            path, "unreadable", f"not readable JSON ({err})", "den är inte läsbar JSON."
        ) from err
    if not isinstance(document, dict) or document.get("format") != FILE_FORMAT:
        raise _file_error(
            path,
            "format",
            f"expected an object with format {FILE_FORMAT}",
            f"den har inte formatet {FILE_FORMAT}.",
        )
    if not isinstance(document.get("areas"), list):
        raise _file_error(path, "format", "'areas' is not a list", "”areas” saknas.")
    return document


def read_definitions(path: Path) -> list[AreaDefinition]:
    """The definitions in an area file, checked for form only ([] if there is no file)."""
    entries = _read_document(path).get("areas", [])
    return [_definition_from_json(path, index, entry) for index, entry in enumerate(entries, 1)]


def read_retired(path: Path) -> dict[str, tuple[str, ...]]:
    """The ids of areas deleted from the file, with the kommuner they had ({} if none)."""
    retired = _read_document(path).get("retired", [])
    if not isinstance(retired, list):
        return {}
    return {
        entry["id"]: tuple(entry["kommuner"])
        for entry in retired
        if isinstance(entry, dict)
        and isinstance(entry.get("id"), str)
        and isinstance(entry.get("kommuner"), list)
        and all(isinstance(k, str) for k in entry["kommuner"])
    }


def _definition_from_json(path: Path, index: int, entry: object) -> AreaDefinition:
    if (
        not isinstance(entry, dict)
        or not isinstance(entry.get("id"), str)
        or not isinstance(entry.get("name"), str)
        or not isinstance(entry.get("kommuner"), list)
        or not all(isinstance(k, str) for k in entry["kommuner"])
    ):
        raise _file_error(
            path,
            "format",
            f"area {index} needs 'id', 'name' (text) and 'kommuner' (a list of codes)",
            f"område {index} saknar id, namn eller en lista med kommunkoder.",
        )
    return AreaDefinition(
        id=entry["id"],
        name=entry["name"],
        kommuner=tuple(entry["kommuner"]),
        membership=_membership_from_json(path, index, entry),
    )


def _membership_from_json(path: Path, index: int, entry: dict) -> Membership | None:
    """The entry's `source`, `as_of` and `confidence`, if it has any of them (as text)."""
    fields = ("source", "as_of", "confidence")
    if not any(field in entry for field in fields):
        return None
    if not all(isinstance(entry.get(field), str) for field in fields):
        raise _file_error(
            path,
            "format",
            f"area {index}: 'source', 'as_of' and 'confidence' must all be text",
            f"område {index} har en ofullständig källa.",
        )
    return Membership(entry["source"], entry["as_of"], entry["confidence"])


def check_shipped(definition: AreaDefinition) -> None:
    """Raise :class:`AreaError` unless a shipped förbund says where its members come from:
    a source, an as-of date (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`, a real date) and a
    confidence of `high` or `medium`."""
    membership = definition.membership
    if membership is None or not membership.source.strip():
        raise AreaError(
            "no_source",
            f"shipped area {definition.id!r} has no source",
            f"Förbundet ”{definition.name}” saknar källa för sina medlemmar.",
        )
    if not _AS_OF.fullmatch(membership.as_of) or not _real_date(membership.as_of):
        raise AreaError(
            "bad_as_of",
            f"shipped area {definition.id!r}: as_of {membership.as_of!r} is not "
            "YYYY, YYYY-MM or YYYY-MM-DD",
            f"Förbundet ”{definition.name}” har ett ogiltigt datum för medlemmarna.",
        )
    if membership.confidence not in CONFIDENCES:
        raise AreaError(
            "bad_confidence",
            f"shipped area {definition.id!r}: confidence {membership.confidence!r} is not "
            f"one of {', '.join(CONFIDENCES)}",
            f"Förbundet ”{definition.name}” har en okänd säkerhet för medlemmarna.",
        )


def _real_date(text: str) -> bool:
    parts = [int(p) for p in text.split("-")]
    try:
        date(*parts, *[1] * (3 - len(parts)))
    except ValueError:
        return False
    return True


def _checked(path: Path, definition: AreaDefinition, known: Regions) -> None:
    try:
        check_definition(definition, known)
    except AreaError as err:
        raise _file_error(
            path, err.problem, f"area {definition.id!r}: {err}", f"”{definition.id}”: {err.sv}"
        ) from err


def load_definitions(path: Path, regions: Regions) -> list[AreaDefinition]:
    """The definitions of an area file, each checked against `regions` and those before it."""
    definitions = read_definitions(path)
    known = regions
    for definition in definitions:
        _checked(path, definition, known)
        known = known.with_areas([definition.to_area()])
    return definitions


@dataclass(frozen=True)
class LoadedAreas:
    """What could be used of an area file, and an :class:`AreaError` for each thing that
    could not (the whole file, or one entry)."""

    definitions: tuple[AreaDefinition, ...] = ()
    errors: tuple[AreaError, ...] = ()

    @property
    def problems(self) -> tuple[str, ...]:
        """A Swedish sentence for each thing left out (for the app)."""
        return tuple(err.sv for err in self.errors)

    @property
    def skipped(self) -> str:
        """What was left out, in one English line (for command lines and logs)."""
        return "; ".join(str(err) for err in self.errors)


def load_valid_definitions(
    path: Path,
    regions: Regions,
    limit: int | None = None,
    check: Callable[[AreaDefinition], None] | None = None,
) -> LoadedAreas:
    """Every valid definition of an area file (the first `limit`, if given; each also
    passing `check`, if given); never raises for a bad file or entry."""
    try:
        entries = _read_document(path).get("areas", [])
    except AreaError as err:
        return LoadedAreas(errors=(err,))
    errors: list[AreaError] = []
    if limit is not None and len(entries) > limit:
        errors.append(
            AreaError(
                "too_many_areas",
                f"{path}: {len(entries)} areas; only the first {limit} are used",
                f"Filen med områden ({path.name}) har {len(entries)} områden; bara de {limit} "
                "första visas.",
            )
        )
        entries = entries[:limit]
    definitions: list[AreaDefinition] = []
    known = regions
    for index, entry in enumerate(entries, 1):
        try:
            definition = _definition_from_json(path, index, entry)
            _checked(path, definition, known)
            if check is not None:
                check(definition)
        except AreaError as err:
            errors.append(err)
            continue
        definitions.append(definition)
        known = known.with_areas([definition.to_area()])
    return LoadedAreas(tuple(definitions), tuple(errors))


def write_definitions(
    path: Path,
    definitions: Sequence[AreaDefinition],
    retired: Mapping[str, Sequence[str]] | None = None,
) -> None:
    """Replace the area file at `path` atomically with `definitions` (and retired ids).

    An OSError (read-only or full directory) becomes an :class:`AreaError` with a Swedish
    sentence; the old file is then left exactly as it was.
    """
    document: dict[str, Any] = {"format": FILE_FORMAT, "areas": [d.as_json() for d in definitions]}
    if retired:
        document["retired"] = [{"id": i, "kommuner": list(k)} for i, k in retired.items()]
    data = (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    try:
        atomic_write(path, lambda handle: handle.write(data))
    except OSError as err:
        raise AreaError(
            "write_failed",
            f"{path}: could not be written ({err.strerror or err})",
            "Ändringen kunde inte sparas: datakatalogen går inte att skriva till (den är "
            "skrivskyddad eller full). Inget har ändrats. Kontakta den som driftar verktyget.",
        ) from err


def load_shipped(path: Path, regions: Regions) -> list[AreaDefinition]:
    """The förbund of a shipped area file: each checked like any area and for its source."""
    definitions = load_definitions(path, regions)
    for definition in definitions:
        try:
            check_shipped(definition)
        except AreaError as err:
            raise _file_error(
                path, err.problem, f"area {definition.id!r}: {err}", f"”{definition.id}”: {err.sv}"
            ) from err
    return definitions


@lru_cache(maxsize=1)
def shipped_areas() -> LoadedAreas:
    """The förbund that ship with the project (`data/areas.json`), and what was wrong in it."""
    loaded = load_valid_definitions(SHIPPED_AREAS, load_regions(), check=check_shipped)
    for problem in loaded.problems:
        LOG.warning("shipped areas: %s", problem)
    return loaded


def shipped_definitions() -> tuple[AreaDefinition, ...]:
    """The valid förbund of `data/areas.json` (a bad entry is left out, see
    :func:`shipped_areas`)."""
    return shipped_areas().definitions


def shipped_membership(identifier: str) -> Membership | None:
    """Where a shipped förbund's members come from (None for any other area)."""
    return next((d.membership for d in shipped_definitions() if d.id == identifier), None)


@lru_cache(maxsize=1)
def forbund_regions() -> Regions:
    """SCB's riket, län and kommuner plus the shipped förbund: the registry to start from."""
    return load_regions().with_areas(d.to_area() for d in shipped_definitions())


def with_definitions(regions: Regions, definitions: Iterable[AreaDefinition]) -> Regions:
    return regions.with_areas(d.to_area() for d in definitions)


def load_user_definitions(path: Path, regions: Regions) -> list[AreaDefinition]:
    """The users' saved areas, checked against `regions` (e.g. :func:`forbund_regions`)."""
    return load_definitions(path, regions)


def fresh_id(
    definition: AreaDefinition, retired: Mapping[str, Sequence[str]], regions: Regions
) -> AreaDefinition:
    """The definition under an id that never named an area of other kommuner: its own id,
    else the id with the first free number ('mitt-forbund-2'); none of `regions`' codes."""

    def free(identifier: str) -> bool:
        members = retired.get(identifier)
        unused = identifier == definition.id or identifier not in regions
        return unused and (members is None or sorted(members) == sorted(definition.kommuner))

    candidate, number = definition.id, 2
    while not free(candidate):
        suffix = f"-{number}"
        candidate = definition.id[: MAX_ID - len(suffix)].rstrip("-") + suffix
        number += 1
    return AreaDefinition(candidate, definition.name, definition.kommuner)


def check_count(count: int, limit: int) -> None:
    """AreaError if `count` areas are already saved where at most `limit` may be."""
    if count >= limit:
        raise AreaError(
            "too_many_areas",
            f"{count} areas saved; at most {limit} are allowed",
            f"Det får finnas högst {limit} sparade områden. Ta bort ett område först.",
        )


def add_user_area(definition: AreaDefinition, regions: Regions, path: Path) -> AreaDefinition:
    """Check a new area against every known one and save it in the shared file; return it
    as saved (its id may carry a number, see :func:`fresh_id`).

    Raises :class:`AreaError` (and writes nothing) if the new area or the file is bad, the
    file is full (:data:`MAX_SHARED_AREAS`) or cannot be written.
    """
    with _WRITE_LOCK:
        saved = load_user_definitions(path, regions)
        retired = read_retired(path)
        check_count(len(saved), MAX_SHARED_AREAS)
        known = with_definitions(regions, saved)
        check_definition(definition, known)
        definition = fresh_id(definition, retired, known)
        retired.pop(definition.id, None)
        write_definitions(path, [*saved, definition], retired)
        return definition


def remove_user_area(identifier: str, regions: Regions, path: Path) -> AreaDefinition:
    """Delete a shared area by id and return it (AreaError if there is none by that id);
    its id is retired with its kommuner."""
    with _WRITE_LOCK:
        saved = load_user_definitions(path, regions)
        removed = next((d for d in saved if d.id == identifier), None)
        if removed is None:
            raise AreaError(
                "not_found",
                f"no saved area with id {identifier!r}",
                "Området finns inte bland de sparade områdena (längre).",
            )
        retired = {**read_retired(path), removed.id: removed.kommuner}
        write_definitions(path, [d for d in saved if d.id != identifier], retired)
        return removed


# --- links ---------------------------------------------------------------------------


def link_text(definition: AreaDefinition) -> str:
    """The URL parameter of an area: '2482.2417~Mitt förbund'."""
    codes = LINK_CODE_SEPARATOR.join(definition.kommuner)
    return f"{codes}{LINK_NAME_SEPARATOR}{definition.name}"


def parse_link(text: str) -> AreaDefinition:
    """The area a link parameter describes (its form only: see :func:`resolve_link`)."""
    if len(text) > MAX_LINK:
        raise AreaError(
            "link_too_long",
            f"area parameter of {len(text)} characters (at most {MAX_LINK})",
            "Länkens område är för långt för att vara ett område.",
        )
    codes, separator, name = text.partition(LINK_NAME_SEPARATOR)
    if not separator:
        raise AreaError(
            "link_format",
            f"area parameter {text!r} lacks '{LINK_NAME_SEPARATOR}' between codes and name",
            "Länkens område har fel form: väntade kommunkoder och ett namn, "
            "t.ex. 2482.2417~Mitt förbund.",
        )
    members = codes.split(LINK_CODE_SEPARATOR) if codes.strip() else []
    return new_definition(name, members)


def resolve_link(text: str, regions: Regions) -> AreaDefinition:
    """The area a link describes, checked against the areas known here.

    An area here with the link's name (or id) and the same kommuner is the link's area,
    under its own id. If the id or name is taken by a different area (e.g. someone saved
    another 'Mitt förbund' here), the link's area is shown as 'Mitt förbund (länk)'.
    """
    definition = parse_link(text)
    known = _same_area(definition, regions)
    if known is not None:
        return known
    try:
        check_definition(definition, regions)
    except AreaError as err:
        if err.problem not in ("id_taken", "name_taken") or not _named_like_a_forbund(
            definition, regions
        ):
            raise
        renamed = AreaDefinition(
            id=definition.id[: MAX_ID - len(LINK_SUFFIX_ID)] + LINK_SUFFIX_ID,
            name=definition.name[: MAX_NAME - len(LINK_SUFFIX_NAME)].rstrip() + LINK_SUFFIX_NAME,
            kommuner=definition.kommuner,
        )
        known = _same_area(renamed, regions)
        if known is not None:
            return known
        check_definition(renamed, regions)
        return renamed
    return definition


def _named_like_a_forbund(definition: AreaDefinition, regions: Regions) -> bool:
    """True if the definition's id or name is taken by a förbund (not a kommun or län)."""
    folded = definition.name.casefold()
    return any(
        area.code == definition.id or area.name.casefold() == folded
        for area in regions.of_level(LEVEL_FORBUND)
    )


def _same_area(definition: AreaDefinition, regions: Regions) -> AreaDefinition | None:
    """The förbund of `regions` with the definition's id or name and the same kommuner."""
    folded = definition.name.casefold()
    for area in regions.of_level(LEVEL_FORBUND):
        named = area.code == definition.id or area.name.casefold() == folded
        if named and sorted(area.members) == sorted(definition.kommuner):
            return AreaDefinition(id=area.code, name=area.name, kommuner=area.members)
    return None
