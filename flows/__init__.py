"""Prefect flows: thin wiring over ``channelwatch.pipeline`` and ``extractors``."""
