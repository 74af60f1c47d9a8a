"""What the kiosk says, as clip keys: screen prompts, the core's sentences, the ticket and the room.

Every function returns only keys of recorded clips, so nothing that was not
recorded at build time (a name, an ID number, a gateway note) can ever be
spoken. A queue number is spelled character by character ("N-O-I không
không một") and at most :data:`MAX_SPELLED` characters long; a room is read
as words and numbers ("phòng một trăm lẻ một"), or, when a part of its name
was not recorded, the patient is asked to read it on the screen.
"""

from __future__ import annotations

import logging
import re

from kiosk.voice.library import PromptLibrary
from kiosk.voice.numbers import number_clips, spelled_clips
from kiosk.voice.sentences import BENEFIT_PATTERN, sentence_key, split_sentences

log = logging.getLogger(__name__)

MAX_SPELLED = 10
"""Longest queue number spelled: an ID (12 digits) or card number (15) is never read out."""

MAX_ROOM_NUMBER = 9999

# Room words a hospital's department list uses, normalised (lower case, no dot) → clip key.
ROOM_WORDS: dict[str, str] = {
    "p": "w.room", "phòng": "w.room", "phong": "w.room", "room": "w.room", "r": "w.room",
    "tầng": "w.floor", "tang": "w.floor", "lầu": "w.floor", "lau": "w.floor", "floor": "w.floor", "t": "w.floor",
    "khu": "w.area", "zone": "w.area", "nhà": "w.building", "nha": "w.building", "building": "w.building",
    "tòa": "w.building", "toà": "w.building", "toa": "w.building",
}
_TOKEN = re.compile(r"\d+|[^\W\d_]+")


def prompt_key(name: str) -> str:
    """The clip key of a screen prompt or a spoken phrase named ``name``."""
    return f"p.{name}"


def ticket_clips(number: str, room: str, language: str) -> list[str]:
    """"Your number is N-O-I 0 0 1, room 101" (clip keys); unspeakable parts point to the screen."""
    spelled = spelled_clips(number) if len(number) <= MAX_SPELLED else None
    keys = [prompt_key("your-number")] + spelled if spelled else [prompt_key("number-on-screen")]
    return keys + room_clips(room, language)


def counter_number_clips(number: str) -> list[str]:
    """"Your number at the counter is K 0 1 Q 0 0 3" (clip keys; [] when it cannot be spelled)."""
    spelled = spelled_clips(number) if number and len(number) <= MAX_SPELLED else None
    return [prompt_key("your-counter-number")] + spelled if spelled else []


def room_clips(room: str, language: str) -> list[str]:
    """"phòng một trăm lẻ một" for ``P.101``; a room word first (P., Phòng) is the "phòng" said anyway."""
    tokens = _TOKEN.findall(room or "")
    keys: list[str] = ["w.room"]
    for i, token in enumerate(tokens):
        word = token.lower()
        if token.isdigit():
            if len(token) > 1 and token.startswith("0") or int(token) > MAX_ROOM_NUMBER:
                spelled = spelled_clips(token)
                keys += spelled or []
            else:
                keys += number_clips(int(token), language)
        elif word in ROOM_WORDS:
            if not (i == 0 and ROOM_WORDS[word] == "w.room"):
                keys.append(ROOM_WORDS[word])
        elif len(token) == 1 and spelled_clips(token):
            keys += spelled_clips(token) or []
        else:
            return [prompt_key("room-on-screen")]
    if len(keys) == 1:
        return [prompt_key("room-on-screen")]
    return keys


def sentence_clips(text: str, language: str, library: PromptLibrary) -> list[str]:
    """The core's shown sentence(s), each a recorded clip; the benefit sentence joined around its
    percentage; a sentence that was not recorded is left out (counted in the log, never quoted)."""
    keys: list[str] = []
    unknown = 0
    for sentence in split_sentences(text):
        benefit = BENEFIT_PATTERN[language].fullmatch(sentence)
        if benefit:
            keys += [prompt_key("benefit-pays"), *number_clips(int(benefit.group(1)), language),
                     prompt_key("benefit-percent")]
            continue
        key = sentence_key(language, sentence)
        if library.has(language, key):
            keys.append(key)
        else:
            unknown += 1
    if unknown:
        log.info("voice: %d shown sentence(s) have no recording and are not spoken", unknown)
    return keys
