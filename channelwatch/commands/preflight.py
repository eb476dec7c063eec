"""Configuration checked before any work starts: settings, sources, rules, SMTP.

A command that runs a flow calls ``check_config`` first, so a mistake in
``sources.toml``, a ``CHANNELWATCH_*`` variable, the rule files or the SMTP settings is one
line naming the file (or variable), the entry and the fix, printed before Prefect starts,
and never a flow run that fails with a traceback in its log.
"""

from __future__ import annotations

from pathlib import Path

from channelwatch.errors import ConfigError, InputError
from channelwatch.settings import Settings, SmtpSettings, load_settings
from extractors.sources import load_sources
from extractors.tagger import load_tagger


def check_smtp(smtp: SmtpSettings, *, sending: bool) -> None:
    """The SMTP settings work: required when ``sending``, else checked only if a host is set
    (a half-configured server would fail the next digest, days from now)."""
    if not (sending or smtp.host):
        return
    # imported here: the digest modules pull in matplotlib (0.35 s), which a daily run
    # without SMTP settings never needs
    from channelwatch.digest.run import _check_recipients
    from channelwatch.digest.send import check_settings

    if not 0 < smtp.port < 65536:
        raise ConfigError(
            f"CHANNELWATCH_SMTP_PORT is {smtp.port}, not a TCP port; set it to 587 (starttls), "
            "465 (ssl) or 25"
        )
    check_settings(smtp)
    if sending and not smtp.recipients:
        raise ConfigError(
            "CHANNELWATCH_DIGEST_TO is not set; set it to a comma-separated list of recipients"
        )
    try:
        _check_recipients(smtp.recipients)
    except InputError as exc:
        raise ConfigError(str(exc)) from None


def check_config(
    *,
    sources_path: Path | None = None,
    sources: bool = True,
    rules: bool = True,
    smtp_sending: bool = False,
) -> Settings:
    """Load and check everything a flow will read; returns the settings.

    Raises ``ConfigError`` (the CLI prints it as one line and exits 2)."""
    settings = load_settings()
    if sources:
        load_sources(Path(sources_path or settings.sources_path))
    check_smtp(settings.smtp, sending=smtp_sending)
    if rules:
        load_tagger()  # cached: the flow reuses it in this process
    return settings
