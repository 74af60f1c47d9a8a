"""The probe registry: concurrency, time bounds, probe bugs, the report model."""

import threading
import time

from kiosk.health import HealthReport, ProbeRegistry, Status, degraded, failing, ok


def test_report_is_worst_of_parts_and_serialises():
    reg = ProbeRegistry(kiosk_id="K07")
    reg.register("a", lambda: ok("a", "fine", n=1))
    reg.register("b", lambda: degraded("b", "meh"))
    report = reg.run()
    assert report.status is Status.DEGRADED and report.kiosk_id == "K07"
    d = report.as_dict()
    assert d["status"] == "degraded" and [p["part"] for p in d["parts"]] == ["a", "b"]
    assert d["parts"][0]["detail"] == {"n": 1} and d["parts"][0]["checked_at"].endswith("+00:00")
    reg.register("c", lambda: failing("c", "broken"))
    assert reg.run().status is Status.FAILING
    assert HealthReport(()).status is Status.OK


def test_hanging_probe_fails_at_its_bound_and_others_still_report():
    release = threading.Event()
    reg = ProbeRegistry(default_timeout=0.3)
    reg.register("stuck", lambda: (release.wait(10), ok("stuck", "late"))[1])
    reg.register("quick", lambda: ok("quick", "fine"))
    started = time.monotonic()
    report = reg.run()
    elapsed = time.monotonic() - started
    release.set()
    assert elapsed < 2.0
    stuck = report.part("stuck")
    assert stuck.status is Status.FAILING and "did not answer within 0.3 s" in stuck.reason
    assert report.part("quick").status is Status.OK


def test_probes_run_side_by_side():
    barrier = threading.Barrier(3, timeout=2)

    def meet(name):
        def probe():
            barrier.wait()  # only passes when all three run at the same time
            return ok(name, "met")
        return probe

    reg = ProbeRegistry(default_timeout=3)
    for n in "xyz":
        reg.register(n, meet(n))
    assert reg.run().status is Status.OK


def test_probe_that_raises_is_a_failing_part():
    reg = ProbeRegistry()
    reg.register("buggy", lambda: 1 / 0)
    part = reg.run().part("buggy")
    assert part.status is Status.FAILING and "ZeroDivisionError" in part.reason


def test_registry_is_pluggable_and_only_filters():
    reg = ProbeRegistry()
    reg.register("a", lambda: ok("a", "a"))
    reg.register("queue", lambda: ok("wrong-name", "named by the registry"))
    assert reg.names() == ["a", "queue"]
    assert reg.run(["queue"]).part("queue").reason == "named by the registry"
    reg.unregister("a")
    assert [p.part for p in reg.run().parts] == ["queue"]
