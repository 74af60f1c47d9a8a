"""Record the spoken prompts at build time: ``python -m ui.voice.build [OUTDIR]`` (``make prompts``).

Every clip the kiosk can play is synthesised here with Debian's
``espeak-ng`` (voices ``vi`` and ``en``), resampled from espeak-ng's
22,050 Hz to :data:`SAMPLE_RATE` (16 kHz, wideband speech) by SoX's
``rate`` effect, its silent ends trimmed, into
``OUTDIR/<language>/<key>.wav`` (default ``build/prompts``), listed in
``OUTDIR/manifest.json``; the kiosk needs no speech engine at run time. The texts: the screen prompts and
phrases of :mod:`ui.voice.prompts` with their English from
``ui/i18n/kiosk_en.ts``, the core's fixed patient sentences
(:func:`kiosk.voice.sentences.core_sentences`), and the words numbers, queue
numbers and rooms are joined from. A clip whose text and voice did not change
is kept, so a second run only reads the manifest.

Exit codes: 0 done, 2 a prompt has no English translation, 3 no espeak-ng or no sox.
"""

from __future__ import annotations

import argparse
import array
import hashlib
import json
import shutil
import subprocess
import sys
import wave
import xml.etree.ElementTree as ET
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from kiosk.voice.announcement import prompt_key
from kiosk.voice.library import MANIFEST
from kiosk.voice.numbers import WORDS
from kiosk.voice.sentences import core_sentences, sentence_key
from ui.voice.prompts import CONTEXT, all_prompts

ROOT = Path(__file__).resolve().parents[2]
TS_FILE = ROOT / "ui" / "i18n" / "kiosk_en.ts"
VOICES = {"vi": "vi", "en": "en"}
SPEED_WPM = 150          # a little slower than espeak-ng's 175: many listeners are elderly
SILENCE_LEVEL = 400      # |sample| below this counts as silence when trimming a clip's ends
KEEP_MS = 60             # silence kept at each end, so joined clips do not run together
# espeak-ng speaks at 22,050 Hz; synthetic speech holds nothing a listener needs above 8 kHz (wideband
# telephony is 16 kHz), so the clips are resampled to 16 kHz: 27 % fewer bytes in the bundle and the .deb.
SAMPLE_RATE = 16000
HEADROOM_DB = 1          # the same small turn-down for every clip, so resampling never clips


class PromptBuildError(Exception):
    """The prompts cannot be built; ``exit_code`` says why (2 translation, 3 engine)."""

    def __init__(self, message: str, exit_code: int) -> None:
        super().__init__(message)
        self.exit_code = exit_code


def english_prompts(ts_file: Path = TS_FILE) -> dict[str, str]:
    """Vietnamese source → finished English translation, for the ``VoicePrompt`` context of the .ts."""
    found: dict[str, str] = {}
    for context in ET.parse(ts_file).getroot().iter("context"):
        if context.findtext("name") != CONTEXT:
            continue
        for message in context.iter("message"):
            translation = message.find("translation")
            if translation is None or translation.get("type") in ("unfinished", "vanished", "obsolete"):
                continue
            if translation.text:
                found[message.findtext("source") or ""] = translation.text
    return found


def clip_texts(ts_file: Path = TS_FILE) -> dict[str, dict[str, str]]:
    """Every clip to record: language → clip key → text. :class:`PromptBuildError` when a prompt
    has no English."""
    english = english_prompts(ts_file)
    texts: dict[str, dict[str, str]] = {"vi": {}, "en": {}}
    missing = []
    for name, vi in all_prompts().items():
        texts["vi"][prompt_key(name)] = vi
        if vi in english:
            texts["en"][prompt_key(name)] = english[vi]
        else:
            missing.append(name)
    if missing:
        raise PromptBuildError(f"{len(missing)} spoken prompt(s) have no English in {ts_file.name} "
                               f"(context {CONTEXT}): {', '.join(missing)}", 2)
    for language in texts:
        texts[language].update(WORDS[language])
    for language, sentences in core_sentences().items():
        for sentence in sentences:
            texts[language][sentence_key(language, sentence)] = sentence
    return texts


def tool_version(tool: str, fallback: str) -> str:
    """``TOOL --version``'s first line (espeak-ng's and sox's are part of each clip's fingerprint)."""
    done = subprocess.run([tool, "--version"], capture_output=True, text=True, timeout=30)
    return done.stdout.strip().splitlines()[0] if done.stdout.strip() else fallback


def synthesise(espeak: str, sox: str, language: str, text: str, out: Path) -> None:
    """One clip: espeak-ng to a WAV, resampled to :data:`SAMPLE_RATE`, its silent ends trimmed."""
    raw, resampled = out.with_suffix(".raw.wav"), out.with_suffix(".rate.wav")
    try:
        subprocess.run([espeak, "-v", VOICES[language], "-s", str(SPEED_WPM), "-w", str(raw), "--", text],
                       check=True, capture_output=True, timeout=60)
        resample(sox, raw, resampled, SAMPLE_RATE)
        trim_silence(resampled, out)
    finally:
        raw.unlink(missing_ok=True)
        resampled.unlink(missing_ok=True)


def resample(sox: str, source: Path, target: Path, rate: int) -> None:
    """``source`` at ``rate`` Hz, 16-bit, through SoX's ``rate`` effect at its very high quality
    (``-v``: a linear-phase band-limiting filter). espeak-ng speaks up to full scale and the filter's
    ripple overshoots it (45 of 250 clips clipped a few samples), so every clip is first turned down
    by the same :data:`HEADROOM_DB`. No dither (``-D``): silence stays digital zero, which trims and
    compresses."""
    subprocess.run([sox, "-D", "-V1", str(source), "-b", "16", str(target), "gain", str(-HEADROOM_DB),
                    "rate", "-v", str(rate)], check=True, capture_output=True, timeout=60)


def trim_silence(source: Path, target: Path) -> None:
    """Copy a 16-bit mono WAV, dropping silence beyond :data:`KEEP_MS` at both ends."""
    with wave.open(str(source), "rb") as w:
        params = w.getparams()
        samples = array.array("h", w.readframes(w.getnframes()))
    loud = [i for i, s in enumerate(samples) if abs(s) >= SILENCE_LEVEL]
    keep = params.framerate * KEEP_MS // 1000
    if loud:
        samples = samples[max(0, loud[0] - keep): loud[-1] + keep]
    with wave.open(str(target), "wb") as w:
        w.setnchannels(params.nchannels)
        w.setsampwidth(params.sampwidth)
        w.setframerate(params.framerate)
        w.writeframes(samples.tobytes())


def build(out_dir: Path, ts_file: Path = TS_FILE, espeak: str | None = None, jobs: int = 2,
          sox: str | None = None) -> dict:
    """Record every clip into ``out_dir`` (unchanged ones kept) and write the manifest; returns it."""
    espeak = espeak or shutil.which("espeak-ng")
    if not espeak:
        raise PromptBuildError("espeak-ng not found: install it (make setup does, via packaging/system-deps.sh)", 3)
    sox = sox or shutil.which("sox")
    if not sox:
        raise PromptBuildError("sox not found: install it (make setup does, via packaging/system-deps.sh)", 3)
    texts = clip_texts(ts_file)
    engine = tool_version(espeak, "espeak-ng")
    resampler = tool_version(sox, "sox").split(": ")[-1].strip()   # "/usr/bin/sox:      SoX v14.4.2": no path
    try:
        old = json.loads((out_dir / MANIFEST).read_text(encoding="utf-8"))["clips"]
    except (OSError, ValueError, KeyError):
        old = {}
    clips: dict[str, dict[str, dict[str, str]]] = {}
    todo = []
    for language, table in texts.items():
        (out_dir / language).mkdir(parents=True, exist_ok=True)
        clips[language] = {}
        for key, text in sorted(table.items()):
            recipe = f"{engine}\n{VOICES[language]}\n{SPEED_WPM}\n{resampler}\n{SAMPLE_RATE}\n{HEADROOM_DB}"
            fingerprint = hashlib.sha1(f"{recipe}\n{text}".encode()).hexdigest()
            rel = f"{language}/{key}.wav"
            clips[language][key] = {"file": rel, "text": text, "fingerprint": fingerprint}
            previous = old.get(language, {}).get(key, {})
            if previous.get("fingerprint") != fingerprint or not (out_dir / rel).exists():
                todo.append((language, text, out_dir / rel))
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        list(pool.map(lambda job: synthesise(espeak, sox, *job), todo))
    for language in clips:   # clips no longer in the catalogue
        for wav in (out_dir / language).glob("*.wav"):
            if wav.stem not in clips[language]:
                wav.unlink()
    manifest = {"engine": engine, "speed_wpm": SPEED_WPM, "resampler": resampler, "sample_rate": SAMPLE_RATE,
                "clips": clips}
    (out_dir / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True),
                                    encoding="utf-8")
    print(f"prompts: {sum(len(c) for c in clips.values())} clips in {out_dir} ({len(todo)} recorded now)")
    return manifest


def main(argv: list[str] | None = None) -> int:
    """``python -m ui.voice.build [OUTDIR]``."""
    parser = argparse.ArgumentParser(prog="python -m ui.voice.build", description=__doc__.splitlines()[0])
    parser.add_argument("out", nargs="?", default=str(ROOT / "build" / "prompts"), help="output folder")
    args = parser.parse_args(argv)
    try:
        build(Path(args.out))
    except PromptBuildError as e:
        print(f"prompts not built: {e}", file=sys.stderr)
        return e.exit_code
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired, OSError) as e:
        print(f"prompts not built: espeak-ng or sox failed ({e.__class__.__name__})", file=sys.stderr)
        return 3
    return 0


if __name__ == "__main__":
    sys.exit(main())
