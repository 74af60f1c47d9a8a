"""Spoken announcements composed from clips: Vietnamese number reading, queue numbers, rooms,
the core's sentences, quiet hours (kiosk.voice, Qt-free)."""

from __future__ import annotations

from datetime import time

import pytest

from kiosk.voice.announcement import MAX_SPELLED, counter_number_clips, room_clips, sentence_clips, ticket_clips
from kiosk.voice.library import PromptLibrary
from kiosk.voice.numbers import WORDS, number_clips, spelled_clips, spoken_text
from kiosk.voice.schedule import is_quiet, parse_quiet_hours
from kiosk.voice.sentences import core_sentences, sentence_key


@pytest.mark.parametrize(("n", "said"), [
    (0, "không"), (1, "một"), (5, "năm"), (10, "mười"), (11, "mười một"), (14, "mười bốn"),
    (15, "mười lăm"), (20, "hai mươi"), (21, "hai mươi mốt"), (24, "hai mươi tư"), (25, "hai mươi lăm"),
    (31, "ba mươi mốt"), (55, "năm mươi lăm"), (99, "chín mươi chín"), (100, "một trăm"),
    (101, "một trăm lẻ một"), (104, "một trăm lẻ bốn"), (105, "một trăm lẻ năm"), (110, "một trăm mười"),
    (111, "một trăm mười một"), (115, "một trăm mười lăm"), (121, "một trăm hai mươi mốt"),
    (205, "hai trăm lẻ năm"), (210, "hai trăm mười"), (305, "ba trăm lẻ năm"), (312, "ba trăm mười hai"),
    (401, "bốn trăm lẻ một"), (999, "chín trăm chín mươi chín"), (1000, "một nghìn"),
    (1005, "một nghìn không trăm lẻ năm"), (2024, "hai nghìn không trăm hai mươi tư"),
])
def test_vietnamese_number_reading(n, said):
    assert spoken_text(number_clips(n, "vi"), "vi") == said


def test_linh_instead_of_le_when_asked():
    assert spoken_text(number_clips(101, "vi", zero_ten="linh"), "vi") == "một trăm linh một"


@pytest.mark.parametrize(("n", "said"), [
    (0, "zero"), (7, "seven"), (13, "thirteen"), (40, "forty"), (101, "one hundred and one"),
    (312, "three hundred and twelve"), (1005, "one thousand and five"),
])
def test_english_number_reading(n, said):
    assert spoken_text(number_clips(n, "en"), "en") == said


def test_every_number_up_to_999_has_recorded_words_only():
    for language in ("vi", "en"):
        for n in range(1000):
            assert all(k in WORDS[language] for k in number_clips(n, language)), n


def test_number_out_of_range_is_refused():
    with pytest.raises(ValueError, match="outside"):
        number_clips(1_000_000, "vi")


@pytest.mark.parametrize(("number", "room", "said"), [
    ("NOI-001", "P.101", "N O I 0 0 1 | phòng một trăm lẻ một"),
    ("NHI-012", "P.201", "N H I 0 1 2 | phòng hai trăm lẻ một"),
    ("TMH-105", "Phòng 302", "T M H 1 0 5 | phòng ba trăm lẻ hai"),
    ("K01-007", "P. 310 - Tầng 3", "K 0 1 0 0 7 | phòng ba trăm mười tầng ba"),
    ("SAN-021", "P.210", "S A N 0 2 1 | phòng hai trăm mười"),
])
def test_ticket_announcement_spells_the_number_and_reads_the_room(number, room, said):
    keys = ticket_clips(number, room, "vi")
    assert keys[0] == "p.your-number"
    spelled, room_words = said.split(" | ")
    expected = spelled_clips(spelled.replace(" ", ""))
    assert keys[1:1 + len(expected)] == expected
    assert spoken_text(keys[1 + len(expected):], "vi") == room_words


def test_the_briefs_example_reads_as_in_the_issue():
    keys = ticket_clips("NOI-001", "P.101", "vi")
    assert spoken_text(keys[1:], "vi") == "en nờ o i không không một phòng một trăm lẻ một"


def test_english_ticket_announcement():
    keys = ticket_clips("NOI-001", "P.101", "en")
    assert spoken_text(keys[1:], "en") == "N O I zero zero one room one hundred and one"


def test_a_room_with_an_unrecorded_word_points_to_the_screen():
    assert room_clips("Phòng khám Nội 5", "vi") == ["p.room-on-screen"]
    assert room_clips("", "vi") == ["p.room-on-screen"]


def test_a_long_number_is_never_spelled_out():
    """An ID (12 digits) or card number that ended up in a ticket field is not read aloud."""
    assert ticket_clips("036091234567", "P.101", "vi")[0] == "p.number-on-screen"
    assert not any(k.startswith("d") for k in ticket_clips("036091234567", "", "vi"))
    assert counter_number_clips("0360912345678") == []
    assert len("K01-Q003") <= MAX_SPELLED
    assert counter_number_clips("K01-Q003") == ["p.your-counter-number", *spelled_clips("K01Q003")]


def _library(tmp_path, texts: dict[str, dict[str, str]]) -> PromptLibrary:
    clips = {lang: {k: {"file": f"{lang}/{k}.wav", "text": t} for k, t in table.items()}
             for lang, table in texts.items()}
    return PromptLibrary(tmp_path, clips)


def test_core_sentences_are_looked_up_and_unknown_ones_left_out(tmp_path):
    expired = "Thẻ bảo hiểm y tế đã hết hạn."
    counter = "Vui lòng đến quầy tiếp đón."
    assert expired in core_sentences()["vi"] and counter in core_sentences()["vi"]
    lib = _library(tmp_path, {"vi": {sentence_key("vi", expired): expired, sentence_key("vi", counter): counter}})
    keys = sentence_clips(f"{expired} {counter} Ghi chú của cổng: Nguyễn Văn An.", "vi", lib)
    assert keys == [sentence_key("vi", expired), sentence_key("vi", counter)]


def test_the_benefit_sentence_is_joined_around_its_percentage(tmp_path):
    lib = _library(tmp_path, {"vi": {}, "en": {}})
    keys = sentence_clips("Bảo hiểm y tế chi trả 80 % chi phí trong phạm vi quyền lợi.", "vi", lib)
    assert keys == ["p.benefit-pays", *number_clips(80, "vi"), "p.benefit-percent"]
    keys = sentence_clips("Health insurance pays 100 % of the costs within your benefits.", "en", lib)
    assert keys == ["p.benefit-pays", *number_clips(100, "en"), "p.benefit-percent"]


def test_core_sentences_hold_no_run_time_data():
    for sentences in core_sentences().values():
        assert len(sentences) > 20
        for s in sentences:
            assert not any(ch.isdigit() for ch in s), s      # no dates, no numbers of any kind


@pytest.mark.parametrize(("window", "at", "quiet"), [
    ("22:00-06:00", time(23, 30), True), ("22:00-06:00", time(5, 59), True),
    ("22:00-06:00", time(6, 0), False), ("22:00-06:00", time(12, 0), False),
    ("12:00-13:30", time(12, 45), True), ("12:00-13:30", time(13, 30), False),
    ("", time(3, 0), False),
])
def test_quiet_hours(window, at, quiet):
    assert is_quiet(at, parse_quiet_hours(window)) is quiet


@pytest.mark.parametrize(("text", "key"), [
    ('[voice]\nquiet_hours = "25:00-06:00"\n', "voice.quiet_hours"),
    ('[voice]\nquiet_hours = "22:00"\n', "voice.quiet_hours"),
    ("[voice]\nvolume = 1.5\n", "voice.volume"),
    ('[voice]\nenabled = "yes"\n', "voice.enabled"),
])
def test_bad_voice_settings_name_the_key(tmp_path, text, key):
    from kiosk.config import load_config
    from kiosk.errors import ConfigError
    f = tmp_path / "k.toml"
    f.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_config(f, environ={})
    assert key in info.value.detail


def test_voice_settings_load():
    from kiosk.config import load_config
    voice = load_config(environ={}).voice
    assert voice.enabled and voice.volume == 0.8 and voice.quiet_hours == "" and voice.prompts_dir == ""
