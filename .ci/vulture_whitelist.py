"""Names vulture cannot see being used (``make lint`` passes this file to it).

Each entry says who uses the name. Keep it short: code that is really unused is deleted,
not listed here.
"""
# ruff: noqa: B018, F821   (vulture whitelists are bare expressions on an undefined ``_``)

# Called by the standard library / Qt / pytest / hypothesis by name, never by our code.
_.log_message             # http.server.BaseHTTPRequestHandler hook
_.do_GET                  # http.server request handlers
_.do_POST
_.do_PUT
_.do_DELETE
_.protocol_version        # BaseHTTPRequestHandler class options
_.disable_nagle_algorithm
_.request_queue_size      # socketserver class options
_.block_on_close
_.daemon_threads
_.close_connection
_.address_family          # socketserver class option (kiosk/health/scrape_listener.py: IPv6)
_.verify_request          # socketserver hook: the metrics allow-list (kiosk/health/scrape_listener.py)
_.handle_error            # socketserver hook
_.collect                 # prometheus_client Collector interface (kiosk/metrics/health_gauges.py)
_.write_timeout           # pyserial: setting it configures the port
_.filterAcceptsRow        # QSortFilterProxyModel hook (the station's kiosk filter)
_.eventFilter             # QObject.eventFilter override
_.pytest_plugins          # pytest: tests/conftest.py
_.pytestmark              # pytest: module-level marks
_._isolated_state         # autouse fixture
_._root_and_tools         # autouse fixture (tests/packaging/test_deb.py: root and mmdebstrap, checked when it runs)
pcscd                     # a fixture requested only for its side effect (tests/integration/test_doctor.py)
_.delete_password         # keyring backend interface (tests/offline_queue/test_personal_data.py)
_.hospital_mode           # hypothesis RuleBasedStateMachine rules and invariants
_.time_passes             # (tests/offline_queue/test_outbox_stateful.py)
_.killed_while_sending
_.staff_retry
_.nothing_duplicated
_.nothing_lost
_.order_kept
TestOutbox                # the state machine's unittest TestCase, collected by pytest

# Registered by decorator and run by the migration runner.
_.m002_ticket_lookup
_.m003_counter_outcomes
_.m004_outbox_sender
_.m005_outbox_in_doubt_until
_.m006_outbox_lanes

# Named by devkit/pyproject.toml's entry point (vn_checkin_kiosk.commands).
_.COMMAND_MODULES
# PEP 562 module __getattr__ (kiosk/health/__init__.py: lazy imports).
_.__getattr__
_.nothing_resent_while_in_flight   # hypothesis invariant (tests/offline_queue/test_outbox_stateful.py)

# Read by name: CheckIn.error is property(lambda self: self._get("_error")).
_._error

# Fields of parsed or stored records: part of the data, read by callers, JSON output and tests
# as they need them, even where no code reads them today.
_.resolved_at             # offline_cache/counters.py
_.updated_at              # offline_cache/items.py OutboxItem
_.elig_checked_at
_.patient_id              # kiosk.hospital.registration.Receipt
_.identifying_marks       # readers/chip/lds/dg13.py Dg13 (the card's fields)
_.field16
_.document_code           # readers.chip.lds.mrz
_.optional_data
_.signed_data             # readers.chip.lds.sod
_.checked_groups          # readers/chip/pa.py PassiveAuthResult
_.password_kind           # readers.chip.pace.terminal.PaceSession
_.chip_public_key
_.feeds                   # devkit.simulator.printer: what a print job asked for
_.has_id_card             # devkit/simulator/citizens.py: a synthetic citizen's data
_.half_from               # kiosk/rules/codes.py: a rule table's data
_.card_levels_source      # kiosk/rules/table.py: where the table's card levels come from
_.steepness               # readers/qr/locate.py: a located region's measurements

# Half built, wired in by the composition-root work of issue 12 item 4 (one ticket per day
# offline); delete these two lines when it lands.
_.one_ticket_per_day
_.find_today
_._counter_number          # read by name through CheckIn._get("_counter_number") (kiosk/checkin/flow.py)
_.optionxform              # configparser: keep key case (tests/packaging: .desktop and unit files)
_.queue_attention          # kiosk/lobby/model.py KioskState: shown by the fleet view (issue 16)
_.host_url                # openapi-core's Request protocol: read by the spec check (tests/integration/lobby_support.py)
