"""The scrape config and alert rules in docs/operations.md are valid YAML and name only metrics the
kiosk exports (with its health gauges), with label values the kiosk can give them."""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from prometheus_client.parser import text_string_to_metric_families

from kiosk.health.model import HealthReport, degraded, ok
from kiosk.metrics import KioskMetrics

DOC = Path(__file__).resolve().parents[2] / "docs" / "operations.md"


class _Health:
    def get(self) -> HealthReport:
        return HealthReport((ok("gateway", "fine"), ok("queue", "empty", depth=0, oldest_pending_s=0,
                                                        needs_attention=0, eligibility_rechecks=0),
                             degraded("printer", "low", kind="network", paper="low")))


def yaml_blocks() -> list:
    text = DOC.read_text(encoding="utf-8")
    section = text[text.index("## Metrics"):text.index("## Logs")]
    return [yaml.safe_load(b) for b in re.findall(r"```yaml\n(.*?)```", section, re.S)]


def exported() -> dict[str, set[str]]:
    metrics = KioskMetrics("K01")
    metrics.gateway_answer("000")
    metrics.watch_health(_Health())
    names: dict[str, set[str]] = {}
    for family in text_string_to_metric_families(metrics.exposition()[0].decode()):
        for s in family.samples:
            names.setdefault(s.name, set()).update(s.labels)
    return names


def test_the_scrape_config_and_the_three_alert_rules_use_exported_metrics():
    blocks = yaml_blocks()
    scrape = next(b for b in blocks if "scrape_configs" in b)["scrape_configs"][0]
    assert scrape["scheme"] == "https" and scrape["static_configs"][0]["targets"]
    rules = next(b for b in blocks if "groups" in b)["groups"][0]["rules"]
    assert [r["alert"] for r in rules] == ["KioskPrinterOutOfPaper", "KioskQueueBacklog", "KioskGatewayFailing"]
    names = exported()
    for rule in rules:
        for name, labels in re.findall(r"(kiosk_[a-z_]+)(?:\{([^}]*)\})?", rule["expr"]):
            assert name in names, (rule["alert"], name)
            for label in re.findall(r"([a-z_]+)\s*[=!]~?", labels):
                assert label in names[name], (rule["alert"], name, label)
    assert "600" in rules[1]["expr"]      # ten minutes
