"""The kiosk's offline queue wiring: outbox sink, hospital/gateway links, caches.

Public API::

    from kiosk.offline import OfflineQueue, OutboxRegistrationSink
    queue = OfflineQueue.open(config, hospital_client, gateway_client)
    checkin = CheckIn(gateway, queue.sink, queue.departments, ...)
"""

from kiosk.offline.counter_outcomes import QueueCounterRecorder, counter_subject
from kiosk.offline.departments import CachedDepartments
from kiosk.offline.eligibility_cache import PersistentEligibilityCache
from kiosk.offline.links import GatewayLink, HospitalLink, identity_of
from kiosk.offline.runtime import OfflineQueue, open_database, open_kiosk_database
from kiosk.offline.sink import OutboxRegistrationSink

__all__ = ["CachedDepartments", "GatewayLink", "HospitalLink", "OfflineQueue", "OutboxRegistrationSink",
           "PersistentEligibilityCache", "QueueCounterRecorder", "counter_subject", "identity_of", "open_database",
           "open_kiosk_database"]
