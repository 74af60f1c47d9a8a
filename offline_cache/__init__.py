"""Durable SQLite outbox and caches (sqlite-utils), Qt-free, imports nothing of ours."""
