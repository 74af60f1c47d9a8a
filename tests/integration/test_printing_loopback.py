"""Printing over real TCP to a loopback ESC/POS printer; bytes decoded back to pixels."""

import time
from datetime import datetime

import pytest
from PIL import ImageChops

from devkit.simulator.printer import LoopbackPrinter, decode_job
from kiosk.config import PrinterSettings
from kiosk.printing import (
    Paper,
    PrinterBadReply,
    PrinterBusy,
    PrinterNotConfigured,
    PrinterOffline,
    PrinterOutOfPaper,
    PrinterTimeout,
    PrinterUnavailable,
    TicketPrinter,
    TicketView,
    render_ticket,
)


@pytest.fixture
def ticket_image():
    v = TicketView("Bệnh viện Đa khoa Mẫu", "B-0123", "Khoa Tai Mũi Họng", "208",
                   datetime(2026, 11, 25, 7, 45), "reg-0c5e", eligibility_pending=True)
    return render_ticket(v, 512)


def printer_for(lp, **kw):
    return TicketPrinter(PrinterSettings(kind="network", target=lp.target, status_timeout=0.3, **kw))


def same_pixels(a, b):
    return ImageChops.difference(a.convert("L"), b.convert("L")).getbbox() is None


def test_printed_raster_is_the_rendered_ticket(ticket_image):
    with LoopbackPrinter("ok") as lp:
        result = printer_for(lp).print(ticket_image)
        assert lp.received.wait(3)
    job = decode_job(lp.jobs[0])
    assert job.status_queries == [1, 4] and job.inits == 1 and job.cuts == 1
    assert result.paper is Paper.OK and result.bytes_sent == len(lp.jobs[0]) - 6
    assert same_pixels(job.image(), ticket_image)


def test_tall_ticket_is_split_and_still_the_same_pixels():
    v = TicketView("Bệnh viện " + "Đa khoa Mẫu " * 40, "C-1", "Khoa Nội", "1", datetime(2026, 1, 1),
                   "reg-tall", eligibility_pending=True, priority=True, provisional=True)
    img = render_ticket(v, 384)
    assert img.height > 960
    with LoopbackPrinter("ok") as lp:
        printer_for(lp, width_px=384).print(img)
        assert lp.received.wait(3)
    job = decode_job(lp.jobs[0])
    assert len(job.images) == 2 and same_pixels(job.image(), img)


def test_no_cut_when_cut_is_off(ticket_image):
    with LoopbackPrinter("ok") as lp:
        printer_for(lp, cut=False).print(ticket_image)
        assert lp.received.wait(3)
    assert decode_job(lp.jobs[0]).cuts == 0


def test_low_paper_prints_and_says_so(ticket_image):
    with LoopbackPrinter("low") as lp:
        p = printer_for(lp)
        assert p.print(ticket_image).paper is Paper.LOW
        assert p.last_status.paper is Paper.LOW and p.last_status.ok


def test_out_of_paper_prints_nothing(ticket_image):
    with LoopbackPrinter("out") as lp:
        p = printer_for(lp)
        with pytest.raises(PrinterOutOfPaper):
            p.print(ticket_image)
        assert lp.received.wait(3)
        assert p.status().error_code == "printer_out_of_paper" and not p.last_status.ok
    assert decode_job(lp.jobs[0]).images == []


def test_offline_printer_prints_nothing(ticket_image):
    with LoopbackPrinter("offline") as lp:
        with pytest.raises(PrinterOffline):
            printer_for(lp).print(ticket_image)
        assert lp.received.wait(3)
    assert decode_job(lp.jobs[0]).images == []


def test_garbage_answer_is_a_bad_reply(ticket_image):
    with LoopbackPrinter("garbage") as lp:
        p = printer_for(lp)
        with pytest.raises(PrinterBadReply, match="not an ESC/POS status"):
            p.print(ticket_image)
        assert p.status().error_code == "printer_bad_reply"


def test_printer_without_status_support_still_prints(ticket_image):
    with LoopbackPrinter("silent") as lp:
        result = printer_for(lp).print(ticket_image)
        assert lp.received.wait(3)
    assert result.paper is Paper.UNKNOWN
    job = decode_job(lp.jobs[0])
    assert job.status_queries == [1]  # not asked twice
    assert same_pixels(job.image(), ticket_image)


def test_unplugged_printer_is_unavailable_fast(ticket_image):
    with LoopbackPrinter("ok") as lp:
        target = lp.target
    p = TicketPrinter(PrinterSettings(kind="network", target=target))
    started = time.monotonic()
    with pytest.raises(PrinterUnavailable, match="cannot open network printer"):
        p.print(ticket_image)
    assert time.monotonic() - started < 3
    assert p.status().error_code == "printer_unavailable"


def test_hangup_is_unavailable(ticket_image):
    with LoopbackPrinter("hangup") as lp:
        with pytest.raises(PrinterUnavailable):
            printer_for(lp).print(ticket_image)


def test_submit_returns_at_once_and_the_wait_is_bounded(ticket_image):
    # A printer that accepts the connection and never answers nor reads.
    import socket
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen(1)
    try:
        p = TicketPrinter(PrinterSettings(kind="network", target=f"127.0.0.1:{srv.getsockname()[1]}",
                                          status_timeout=2.0, job_timeout=5.0))
        started = time.monotonic()
        fut = p.submit(ticket_image)
        assert time.monotonic() - started < 0.2 and not fut.done()
        with pytest.raises(PrinterTimeout, match="did not finish within 0.3 s"):
            p._wait(fut, 0.3)
        assert p.last_status.error_code == "printer_timeout"
        # Jobs queue behind the stuck one; beyond the limit they are refused at once.
        futures = [p.submit(ticket_image) for _ in range(6)]
        assert isinstance(futures[-1].exception(timeout=0.1), PrinterBusy)
    finally:
        srv.close()


def test_on_done_callback_gets_result_or_typed_error(ticket_image):
    got = []
    with LoopbackPrinter("out") as lp:
        p = printer_for(lp)
        fut = p.submit(ticket_image)
        p.on_done(fut, lambda result, error: got.append((result, error)))
        fut.exception(timeout=3)
    deadline = time.monotonic() + 2
    while not got and time.monotonic() < deadline:
        time.sleep(0.01)
    assert got and got[0][0] is None and isinstance(got[0][1], PrinterOutOfPaper)


def test_not_configured_is_typed_and_immediate(ticket_image):
    p = TicketPrinter(PrinterSettings())
    with pytest.raises(PrinterNotConfigured):
        p.print(ticket_image)
    assert p.status().error_code == "printer_not_configured"


def test_file_printer_gets_the_same_bytes(tmp_path, ticket_image):
    out = tmp_path / "ticket.bin"
    result = TicketPrinter(PrinterSettings(kind="file", target=str(out))).print(ticket_image)
    job = decode_job(out.read_bytes())
    assert result.paper is Paper.UNKNOWN and job.status_queries == []
    assert same_pixels(job.image(), ticket_image)


def test_bad_targets_are_one_sentence(ticket_image):
    for kind, target in (("usb", "zz:01"), ("network", "host:port"), ("usb", "04b8:0e15"),
                         ("serial", "/nonexistent/ttyUSB9"), ("file", "/nonexistent/dir/x")):
        with pytest.raises(PrinterUnavailable) as err:
            TicketPrinter(PrinterSettings(kind=kind, target=target)).print(ticket_image)
        assert "\n" not in err.value.detail


@pytest.mark.skipif(not hasattr(__import__("os"), "openpty"), reason="needs a pseudo-terminal")
def test_serial_printer_on_a_pseudo_terminal(ticket_image):
    """A real serial device (a pty): status answered at once, raster decoded back to the same pixels."""
    import os
    import threading
    import tty
    master, slave = os.openpty()
    tty.setraw(slave)
    got = bytearray()

    def printer_side():
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:
                return
            got.extend(chunk)
            os.write(master, b"\x12" * chunk.count(b"\x10\x04"))  # status: online, paper ok

    threading.Thread(target=printer_side, daemon=True).start()
    try:
        p = TicketPrinter(PrinterSettings(kind="serial", target=os.ttyname(slave), status_timeout=2.0))
        result = p.print(ticket_image)
        assert result.paper is Paper.OK and result.seconds < 1.5  # one-byte answers are not waited out
        deadline = time.monotonic() + 3
        while len(got) < result.bytes_sent + 6 and time.monotonic() < deadline:
            time.sleep(0.01)
        job = decode_job(bytes(got))
        assert job.status_queries == [1, 4] and job.cuts == 1
        assert same_pixels(job.image(), ticket_image)
    finally:
        os.close(slave)
        os.close(master)


def test_print_test_command(tmp_path, capsys):
    from PIL import Image

    from kiosk.cli import main
    png = tmp_path / "t.png"
    with LoopbackPrinter("ok") as lp:
        toml = tmp_path / "k.toml"
        toml.write_text(f'[printer]\nkind = "network"\ntarget = "{lp.target}"\n', encoding="utf-8")
        assert main(["--config", str(toml), "print-test", "--png", str(png)]) == 0
        assert lp.received.wait(3)
        lp.mode = "out"
        assert main(["--config", str(toml), "print-test"]) == 6
    out, err = capsys.readouterr()
    assert "Ticket printed on the network printer" in out and "paper ok" in out
    assert err.strip() == "kiosk: the paper sensor reports no paper; ticket not printed"
    assert same_pixels(decode_job(lp.jobs[0]).image(), Image.open(png).convert("1"))


def test_image_wider_than_the_paper_is_refused_before_connecting(ticket_image):
    from kiosk.printing import PrinterError
    with LoopbackPrinter("ok") as lp:
        with pytest.raises(PrinterError) as err:
            printer_for(lp, width_px=384).print(ticket_image)  # a 512-dot ticket
        assert err.value.code == "printer_image_too_wide" and lp.jobs == []


def test_ticket_printing_prints_a_checked_in_patients_ticket(tmp_path):
    """A real check-in against the simulator, then the app-facing TicketPrinting on the loopback printer."""
    import io
    from datetime import date

    from PIL import Image

    from devkit.simulator.app import build_simulator, hospital_url
    from devkit.simulator.citizens import CITIZENS
    from devkit.simulator.server import Fault
    from kiosk.checkin import identity_from_qr
    from kiosk.cli.checkin_cmd import perform_checkin
    from kiosk.config import load_config
    from kiosk.printing import TicketPrinting
    from kiosk.services import KioskServices

    with build_simulator() as sim, LoopbackPrinter("ok") as lp:
        toml = tmp_path / "k.toml"
        toml.write_text(f'[gateway]\nurl = "{sim.url}"\n[hospital]\nurl = "{hospital_url(sim)}"\n'
                        f'[printer]\nkind = "network"\ntarget = "{lp.target}"\nwidth_px = 576\n', encoding="utf-8")
        cfg = load_config(toml)
        sim.faults.set("gateway.*", Fault("http500"))  # eligibility pending: the mark must be printed
        with KioskServices.open(cfg) as services:
            flow = services.new_checkin()
            report = perform_checkin(flow, identity_from_qr(CITIZENS[0].qr_text(), date.today()))
            printing = TicketPrinting(cfg, eligibility_pending=lambda t: flow.eligibility_pending)
            assert report.ticket is not None and flow.eligibility_pending
            assert printing.print_ticket(report.ticket, "en") == "printed"
            png = printing.preview_png(report.ticket, "en")
        assert lp.received.wait(3)
    printed = decode_job(lp.jobs[0]).image()
    shown = Image.open(io.BytesIO(png))
    assert printed.width == 576 and same_pixels(printed, shown)
    view = printing.view(report.ticket, "en")
    assert view.eligibility_pending and view.number == report.ticket.number
    assert view.department == report.ticket.department.name_en
