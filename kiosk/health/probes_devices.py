"""Health probes of the kiosk's devices: card reader, camera, ticket printer.

Each factory takes the settings (or the live object the app already owns)
and returns a zero-argument probe. The registry bounds their time; here they
only need to say clearly what is wrong.
"""

from __future__ import annotations

from kiosk.config import CameraSettings, ReaderSettings
from kiosk.health.model import PartHealth, degraded, failing, ok
from kiosk.health.registry import Probe
from kiosk.printing import Paper, TicketPrinter


def reader_probe(settings: ReaderSettings) -> Probe:
    """pcscd reachable and a reader present (matching ``[reader] name`` when set)."""

    def probe() -> PartHealth:
        try:
            from smartcard.pcsc.PCSCExceptions import EstablishContextException
            from smartcard.System import readers
        except ImportError:
            return failing("reader", "The PC/SC library (pyscard) is not installed.")
        try:
            names = [str(r) for r in readers()]
        except EstablishContextException as e:
            return failing("reader", "The smart-card service (pcscd) is not reachable.", error=str(e))
        except Exception as e:  # ListReaders failures and the like
            return failing("reader", "The smart-card service did not list the readers.",
                           error=f"{e.__class__.__name__}: {e}")
        if not names:
            return failing("reader", "The smart-card service runs but no card reader is connected.")
        wanted = settings.name.strip()
        chosen = [n for n in names if wanted.lower() in n.lower()] if wanted else names
        if not chosen:
            return failing("reader", f"No connected reader matches \"{wanted}\".", readers=names)
        return ok("reader", f"Card reader \"{chosen[0]}\" is connected.", readers=names, selected=chosen[0])

    return probe


def camera_probe(settings: CameraSettings) -> Probe:
    """The camera source (device, file, stream or image folder) opens and gives a frame."""

    def probe() -> PartHealth:
        from readers.errors import ReaderError
        from readers.qr.sources import source_from_setting

        source = source_from_setting(settings.source, settings.width, settings.height, settings.fps)
        what = getattr(source, "description", "camera")
        try:
            source.open()
            frame = source.read()
        except ReaderError as e:
            return failing("camera", str(e), source=what)
        finally:
            try:
                source.close()
            except Exception:  # releasing a broken device: nothing left to check
                pass
        if frame is None or getattr(frame, "size", 0) == 0:
            return failing("camera", f"The {what} opened but sent no picture.", source=what)
        height, width = frame.shape[:2]
        return ok("camera", f"The {what} delivers pictures ({width}x{height}).", source=what,
                  width=int(width), height=int(height))

    return probe


def live_camera_probe(camera) -> Probe:
    """The state of the app's running :class:`~readers.qr.camera.QrCamera`.

    A running kiosk holds the camera device; opening it a second time for a
    probe could fail (device busy) and report a working camera as broken.
    """

    def probe() -> PartHealth:
        state = getattr(camera.state, "value", str(camera.state))
        what = getattr(camera.source, "description", "camera")
        if state == "streaming":
            return ok("camera", f"The {what} delivers pictures.", source=what, state=state)
        if state in ("opening", "reconnecting"):
            return degraded("camera", f"The {what} is (re)connecting.", source=what, state=state)
        if state == "stopped":
            return degraded("camera", f"The {what} is stopped.", source=what, state=state)
        return failing("camera", f"The {what} stopped delivering pictures.", source=what, state=state)

    return probe


def printer_probe(printer: TicketPrinter) -> Probe:
    """Online and paper state of the ticket printer (through its own worker, so never mid-print)."""

    def probe() -> PartHealth:
        if not printer.configured:
            return ok("printer", "No ticket printer is configured; tickets are shown on screen only.",
                      kind="none")
        s = printer.status(timeout=printer.settings.connect_timeout + 2 * printer.settings.status_timeout + 1)
        detail = {"kind": printer.settings.kind, "online": s.online, "paper": s.paper.value}
        if s.error_code == "printer_out_of_paper":
            return failing("printer", "The ticket printer is out of paper.", **detail)
        if s.error_code:
            return failing("printer", _printer_sentence(s.error_code), error=s.error_code,
                           error_detail=s.detail, **detail)
        if s.paper is Paper.LOW:
            return degraded("printer", "The ticket printer's paper is running low.", **detail)
        if s.paper is Paper.UNKNOWN:
            return ok("printer", "The ticket printer is reachable (it does not report its paper).", **detail)
        return ok("printer", "The ticket printer is online and has paper.", **detail)

    return probe


def _printer_sentence(code: str) -> str:
    return {
        "printer_unavailable": "The ticket printer cannot be reached (unplugged, off or wrong address).",
        "printer_offline": "The ticket printer reports it is offline (cover open or an error).",
        "printer_bad_reply": "The device at the printer address does not answer like a ticket printer.",
        "printer_timeout": "The ticket printer did not answer in time.",
        "printer_busy": "The ticket printer is stuck on earlier jobs.",
    }.get(code, "The ticket printer has a problem.")
