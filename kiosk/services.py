"""The kiosk application in one object: every long-lived part, opened from the config.

:class:`KioskServices` is the one doorway every front end uses (the Qt kiosk
and station, every CLI command, the dev kit's demo and screenshots, the
benchmarks and the tests), the way Anki's ``Collection`` is for its GUI::

    with KioskServices.open(config) as services:      # queue opened, its worker started
        flow = services.new_checkin()                 # one patient session after another
        ...

It owns the gateway and hospital clients (the gateway wrapped in a
:class:`~kiosk.health.links.RecordedGateway`, so the health view knows the
link without spending a login), the offline queue with its ONE sync worker
(one per queue file across processes: a second process opening the same
folder stands by, see :mod:`offline_cache.sender_lock`), the ticket printer,
the health probes and monitoring, and the chip service
(:class:`kiosk.chip.service.ChipCheckIn`: one PC/SC worker thread, the card
watcher), built on first use.

Parts are built on first use, under one lock, so ``kiosk run`` can show the
idle screen before anything slow (the queue's integrity check and key, the
printer library, the health endpoint) happens: ``open(config, start=False)``,
then :meth:`start` and :meth:`start_monitoring` from a background thread.
A check-in step that needs a part meanwhile simply waits for it.
"""

from __future__ import annotations

import logging
import threading
import weakref
from collections.abc import Callable
from datetime import date, datetime
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from kiosk.checkin.benefit_step import BenefitStep
from kiosk.checkin.flow import CheckIn, StateListener
from kiosk.checkin.ports import (
    CounterRecorder,
    DepartmentSource,
    DirectRegistrationSink,
    EligibilityChecker,
    HospitalDepartments,
    RegistrationSink,
)
from kiosk.checkin.state import State
from kiosk.config import Config

if TYPE_CHECKING:  # the heavy parts are imported where they are built
    from kiosk.health.links import LinkRecord
    from kiosk.health.monitoring import Monitoring
    from kiosk.health.registry import ProbeRegistry
    from kiosk.hospital.client import HospitalClient
    from kiosk.lobby.model import Lobby
    from kiosk.metrics import KioskMetrics
    from kiosk.offline import OfflineQueue
    from kiosk.printing import TicketPrinting
    from kiosk.redaction import Redactor
    from offline_cache import KioskDatabase

log = logging.getLogger(__name__)

ChipFactory = Callable[["KioskServices"], Any]


def _default_chip(services: KioskServices) -> Any:
    # Imported on first use: pyscard and the CSCA store stay off the idle screen's path.
    from kiosk.chip.service import ChipCheckIn
    return ChipCheckIn.from_config(services.config, on_read=services.metrics.chip_read)


class KioskServices:
    """Everything one kiosk (or station, or CLI command) runs on; close it to stop and release all.

    Build it with :meth:`open`. Attributes are built lazily and cached:
    :attr:`hospital`, :attr:`gateway`, :attr:`queue` (None with
    ``offline_queue=False``), :attr:`sink`, :attr:`departments`,
    :attr:`counter_recorder`, :attr:`printing`, :attr:`chip`.
    """

    def __init__(self, config: Config, *, offline_queue: bool = True,
                 gateway: EligibilityChecker | None = None, sink: RegistrationSink | None = None,
                 departments: DepartmentSource | None = None,
                 clock: Callable[[], datetime] = datetime.now, keyring_backend: Any | None = None,
                 idle_poll: float = 30.0, redactor: Redactor | None = None,
                 chip_factory: ChipFactory | None = None, as_of: date | None = None,
                 record_metrics: bool = True) -> None:
        """Prefer :meth:`open`; this builds nothing yet but reads the benefit rules (a few ms).

        A bad rules data file stops here, before anything opens, with one
        :class:`~kiosk.errors.ConfigError` sentence naming the entry.
        """
        from kiosk.rules import load_benefit_rules
        self.config = config
        self.rules = load_benefit_rules(config)
        self.as_of = as_of   # the date the rules are evaluated at (None: today in facility.time_zone)
        self.benefit = BenefitStep(self.rules, self.today, appointments=_Deferred(self, "hospital"))
        self.clock = clock
        self.redactor = redactor
        self._offline_queue = offline_queue and sink is None
        self._given_gateway, self._given_sink, self._given_departments = gateway, sink, departments
        self._keyring_backend, self._idle_poll = keyring_backend, idle_poll
        self._chip_factory = chip_factory
        self._lock = threading.RLock()
        self._parts: dict[str, Any] = {}
        self._flows: weakref.WeakSet[CheckIn] = weakref.WeakSet()
        self._monitoring: Monitoring | None = None
        self._metrics: KioskMetrics | None = None
        self._metrics_lock = threading.Lock()   # not the parts' lock: a flow's listener may need it any time
        self._record_metrics = record_metrics
        self._closed = False

    @classmethod
    def open(cls, config: Config, *, start: bool = True, **options: Any) -> KioskServices:
        """Open the services for ``config``; ``start`` opens the queue and starts its worker now.

        Options: ``offline_queue`` (False: register directly with the
        hospital), ``gateway`` / ``sink`` / ``departments`` (tests, benchmarks),
        ``clock``, ``keyring_backend``, ``idle_poll``, ``redactor`` (told every
        name and number a session learns), ``chip_factory(services)`` (builds
        the chip service on first use of :attr:`chip`), ``as_of`` (the date the
        benefit rules are evaluated at; ``kiosk checkin --as-of``),
        ``record_metrics`` (False: :attr:`metrics` keeps nothing and
        prometheus_client is never imported, for a one-shot command no scrape reads).
        """
        services = cls(config, **options)
        if start:
            try:
                services.start()
            except BaseException:
                services.close()
                raise
        return services

    # --- parts, built on first use ------------------------------------------------------------
    def _part(self, name: str, build: Callable[[], Any]) -> Any:
        with self._lock:
            if name not in self._parts:
                if self._closed:
                    raise RuntimeError("the kiosk services are closed")
                self._parts[name] = build()
            return self._parts[name]

    @property
    def metrics(self) -> KioskMetrics:
        """This kiosk's Prometheus metrics (its own registry), fed by the parts' observers."""
        with self._metrics_lock:
            if self._metrics is None and not self._record_metrics:   # a one-shot command: nothing scrapes it
                from kiosk.metrics.unrecorded import UnrecordedMetrics
                self._metrics = UnrecordedMetrics()  # type: ignore[assignment]
            if self._metrics is None:
                from kiosk.metrics import KioskMetrics
                self._metrics = KioskMetrics(self.config.kiosk.id)
            return self._metrics

    def _timed_http(self, service: str, settings: Any) -> Any:
        """The HTTP client of ``service`` (gateway / hospital), its requests timed for the metrics."""
        from kiosk.metrics.timed_http import TimedHttpClient
        return TimedHttpClient(settings.url, settings.connect_timeout, settings.read_timeout,
                               name=f"{service}.url", observer=self.metrics.http_observer(service))

    @property
    def hospital(self) -> HospitalClient:
        """The hospital registration client."""
        from kiosk.hospital.client import HospitalClient
        return self._part("hospital", lambda: HospitalClient(
            self.config.hospital, http=self._timed_http("hospital", self.config.hospital)))

    @property
    def lobby(self) -> Lobby:
        """The lobby (rows, claims, the fleet) over the hospital system: what stations and `kiosk lobby` read."""
        from kiosk.lobby.client import HospitalLobby
        return self._part("lobby", lambda: HospitalLobby(self.config.hospital))

    @property
    def gateway_record(self) -> LinkRecord:
        """The gateway link's last outcome, updated by every eligibility check (health view)."""
        from kiosk.health.links import LinkRecord
        return self._part("gateway_record", LinkRecord)

    @property
    def queue(self) -> OfflineQueue | None:
        """The durable offline queue (None when registering directly); opening it does not start it."""
        if not self._offline_queue:
            return None
        return self._part("queue", self._open_queue)

    def _open_queue(self) -> OfflineQueue:
        from kiosk.offline import OfflineQueue
        queue = OfflineQueue.open(self.config, self.hospital, start=False,
                                  keyring_backend=self._keyring_backend, idle_poll=self._idle_poll)
        return queue

    @property
    def gateway(self) -> EligibilityChecker:
        """The eligibility checker: the given one, or the gateway client (the queue's persistent cache)."""
        return self._part("gateway", self._build_gateway)

    def _build_gateway(self) -> EligibilityChecker:
        from kiosk.health.links import RecordedGateway
        client = self._given_gateway
        if client is None:
            from kiosk.gateway import GatewayClient
            queue = self.queue
            client = GatewayClient(self.config.gateway, self.config.facility,
                                   cache=queue.eligibility_cache if queue is not None else None,
                                   data_dir=self.config.data_path(),
                                   http=self._timed_http("gateway", self.config.gateway))
        if self.queue is not None:
            self.queue.attach_gateway(client)
        return RecordedGateway(client, self.gateway_record, on_answer=self.metrics.gateway_answer)

    @property
    def sink(self) -> RegistrationSink:
        """Where registrations go: the queue's outbox sink (or the given one, or the hospital directly)."""
        def build() -> RegistrationSink:
            if self._given_sink is not None:
                return self._given_sink
            queue = self.queue
            return queue.sink if queue is not None else DirectRegistrationSink(self.hospital)
        return self._part("sink", build)

    @property
    def departments(self) -> DepartmentSource:
        """The department menu (cached in the queue database when there is one)."""
        def build() -> DepartmentSource:
            if self._given_departments is not None:
                return self._given_departments
            queue = self.queue
            return queue.departments if queue is not None else HospitalDepartments(self.hospital)
        return self._part("departments", build)

    @property
    def counter_recorder(self) -> CounterRecorder | None:
        """Where "go to the counter" outcomes are kept for the station (None without a queue)."""
        queue = self.queue
        return queue.counter_recorder if queue is not None else None

    @property
    def printing(self) -> TicketPrinting:
        """The one ticket printer (its library loads on first use, not at start-up)."""
        def build() -> TicketPrinting:
            from kiosk.printing import TicketPrinting
            return TicketPrinting(self.config, eligibility_pending=self._eligibility_pending)
        return self._part("printing", build)

    def _eligibility_pending(self, ticket) -> bool:
        # The ticket says "insurance to be confirmed" when the session that made it proceeded unchecked.
        return any(flow.ticket is ticket and flow.eligibility_pending for flow in list(self._flows))

    @property
    def chip(self) -> Any:
        """The chip service (:class:`kiosk.chip.service.ChipCheckIn` for ``[reader]``), built on first use.

        ``chip_factory(services)`` builds another (a test's in-process card).
        """
        factory = self._chip_factory or _default_chip
        return self._part("chip", lambda: factory(self))

    @property
    def face_verifier(self) -> Any:
        """The face verifier for ``[face]`` (:class:`kiosk.face.FaceVerifier`), or None when ``mode = "off"``.

        The model's SHA-256 pins are checked when it loads (first use). A missing
        model turns ``advisory`` into no face step (logged); ``required`` raises
        :class:`kiosk.face.FaceModelError`.
        """
        def build() -> Any:
            face = self.config.face
            if face.mode == "off":
                return None
            from kiosk.face import FaceModelError, FaceVerifier, MatchPolicy, load_face_model
            try:
                model = load_face_model()
            except FaceModelError as e:
                if face.mode == "required":
                    raise
                log.warning("face check off: %s (%s)", e.code, e.detail)
                return None
            return FaceVerifier(model, MatchPolicy(face.threshold), min_face_fraction=face.min_face_fraction)
        return self._part("face_verifier", build)

    def staff_database(self) -> KioskDatabase:
        """The queue database as staff commands read it: never moves a damaged file, needs no key.

        A kiosk may have the file open meanwhile; this opens no worker.
        """
        def build() -> KioskDatabase:
            from kiosk.offline import open_database
            return open_database(self.config, staff_view=True, keyring_backend=self._keyring_backend)
        return self._part("staff_database", build)

    def health_registry(self, schedule_remote=None) -> ProbeRegistry:
        """The standard probes, sharing this kiosk's printer and gateway record.

        ``schedule_remote``: see :func:`kiosk.health.standard_registry` (a running
        kiosk puts the gateway, hospital and clock checks on a schedule).
        """
        from kiosk.health import standard_registry
        return standard_registry(self.config, printer=self.printing.printer, gateway_record=self.gateway_record,
                                 schedule_remote=schedule_remote)

    # --- running ---------------------------------------------------------------------------------
    def start(self) -> None:
        """Open the queue and start its sync worker (only one per queue file; idempotent).

        Builds the gateway too, so the worker's re-checker has it from its first round.
        """
        with self._lock:  # close() waits for a start in progress (it may run on a background thread)
            if self._closed:
                return
            _ = self.gateway  # built now (a lazy property): the re-checker has it from its first round
            queue = self.queue
            if queue is not None:
                queue.start()        # the sync worker and the re-check thread

    def start_monitoring(self, extra: dict | None = None, *, heartbeat: bool = True) -> Monitoring:
        """Start the health endpoint and heartbeat as ``[health]`` says (idempotent).

        Remote services are probed on a schedule, never per request (a gateway
        check is a VSS login); ``extra`` adds parts (name → probe), e.g. the
        staff PIN guard of the kiosk window. The heartbeat carries the queue's
        depth and last check-in; ``heartbeat=False`` (a reception station, which
        is no kiosk) starts none.
        """
        from kiosk.health.monitoring import start_monitoring
        with self._lock:
            if self._closed:
                raise RuntimeError("the kiosk services are closed")
            if not self._record_metrics:   # a /metrics endpoint over observers that keep nothing would lie
                raise RuntimeError("monitoring needs the services opened with record_metrics=True")
            if self._monitoring is None:
                self._monitoring = start_monitoring(self.config, extra=extra,
                                                    registry_factory=self.health_registry, metrics=self.metrics,
                                                    facts=self.heartbeat_facts, heartbeat=heartbeat)
            return self._monitoring

    def heartbeat_facts(self) -> dict:
        """The queue's facts the heartbeat sends (depth, oldest age, attention, last check-in)."""
        from kiosk.health.heartbeat import queue_facts
        queue = self.queue
        db = queue.db if queue is not None else self.staff_database()
        return queue_facts(db.outbox)

    def request_help(self, screen: str) -> str | None:
        """The patient pressed "Cần trợ giúp" on ``screen``: queue a help referral for the desks.

        ``screen`` is the UI's name of the screen (1-40 of ``a-z 0-9 - _``, e.g.
        ``confirm-identity``; anything else is a ``ValueError``). No identity is
        sent. Returns the referral's client id (a second press on the same screen
        within two minutes returns the first one), or None without an offline queue.
        Blocking (a durable write; the first call may open the queue): call it off
        the UI thread. A storage failure is a :class:`~kiosk.errors.QueueStorageError`.
        """
        from kiosk.errors import QueueStorageError
        from kiosk.lobby.referrals import check_screen
        from offline_cache import StoreError
        check_screen(screen)
        queue = self.queue
        if queue is None:
            log.warning("help request on %s not sent: this kiosk runs without its offline queue", screen)
            return None
        try:
            return queue.referrals.help(screen).id
        except StoreError as e:
            raise QueueStorageError(f"The help request could not be stored: {e}", retryable=False) from None

    @property
    def delivering(self) -> bool:
        """True when this process runs the queue's sync worker (it holds the sender lock)."""
        queue = self._parts.get("queue")
        return queue is not None and queue.worker.running

    def today(self) -> date:
        """The date the benefit rules are evaluated at: ``as_of`` if given, else today in the facility's zone."""
        if self.as_of is not None:
            return self.as_of
        return datetime.now(ZoneInfo(self.config.facility.time_zone)).date()

    def new_checkin(self, listener: StateListener | None = None) -> CheckIn:
        """A fresh check-in flow wired to these services (IDLE)."""
        flow_ref: list[CheckIn] = []

        def listen(old: State, new: State) -> None:
            if new is State.IDENTIFIED and self.redactor is not None and flow_ref:
                identity = flow_ref[0].identity
                if identity is not None:  # from now on the logs mask this patient's name and numbers
                    self.redactor.remember(identity.full_name, identity.id_number, identity.card_number)
            if flow_ref:
                self.metrics.checkins.transition(flow_ref[0], old, new)
            if listener is not None:
                listener(old, new)

        flow = CheckIn(_Deferred(self, "gateway"), _Deferred(self, "sink"), _Deferred(self, "departments"),
                       kiosk_id=self.config.kiosk.id, facility_code=self.config.facility.code,
                       allow_pending_eligibility=self.config.kiosk.allow_pending_eligibility,
                       clock=self.clock, listener=listen,
                       counter_recorder=_Deferred(self, "counter_recorder"), benefit=self.benefit)
        flow_ref.append(flow)
        self._flows.add(flow)
        return flow

    def close(self) -> None:
        """Stop monitoring and the worker (finishing its step), close the queue and the clients."""
        with self._lock:
            self._closed = True
            parts, self._parts = self._parts, {}
            monitoring, self._monitoring = self._monitoring, None
        if monitoring is not None:
            monitoring.stop()
        queue = parts.get("queue")
        if queue is not None:
            queue.close()  # the worker may be mid-send: let it finish before the clients go
        staff_db = parts.get("staff_database")
        if staff_db is not None:
            staff_db.close()
        chip = parts.get("chip")
        if chip is not None and hasattr(chip, "close"):
            chip.close()
        gateway = parts.get("gateway")
        if gateway is not None and gateway.client is not self._given_gateway:
            gateway.close()
        printing = parts.get("printing")
        if printing is not None and hasattr(printing.printer, "close"):
            printing.printer.close()
        hospital = parts.get("hospital")
        if hospital is not None:
            hospital.close()
        lobby = parts.get("lobby")
        if lobby is not None:
            lobby.close()

    def __enter__(self) -> KioskServices:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class _Deferred:
    """A port of the check-in that resolves to the services' part when first called.

    The flow is built at once (the window needs it), its collaborators when a
    patient first needs them: by then :meth:`KioskServices.start` has usually
    built them in the background.
    """

    def __init__(self, services: KioskServices, name: str) -> None:
        self._services, self._name = services, name

    def _target(self) -> Any:
        return getattr(self._services, self._name)

    def check_eligibility(self, identity):
        """The gateway's answer (see :class:`~kiosk.checkin.ports.EligibilityChecker`)."""
        return self._target().check_eligibility(identity)

    def submit(self, registration):
        """Hand the registration to the sink (see :class:`~kiosk.checkin.ports.RegistrationSink`)."""
        return self._target().submit(registration)

    def ticket_today(self, registration):
        """The patient's ticket of the day, when the sink can tell before registering (else None)."""
        lookup = getattr(self._target(), "ticket_today", None)
        return None if lookup is None else lookup(registration)

    def departments(self):
        """The department menu (see :class:`~kiosk.checkin.ports.DepartmentSource`)."""
        return self._target().departments()

    def appointment_status(self, appointment_id: str):
        """Whether a re-visit appointment is unused (see :class:`~kiosk.checkin.benefit_step.AppointmentChecker`)."""
        return self._target().appointment_status(appointment_id)

    def record(self, *args, **kwargs):
        """Keep a counter outcome (nothing when this kiosk has no queue)."""
        target = self._target()
        return None if target is None else target.record(*args, **kwargs)
