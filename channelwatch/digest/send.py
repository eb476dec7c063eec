"""Sending one message over SMTP (STARTTLS, SSL or plain) with optional login.

Every failure becomes a ``DeliveryError`` whose message names the server, what went
wrong and which setting to check. The password is never part of a message or a log
line (smtplib's debug output, which would show the AUTH exchange, stays off).
"""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage

from channelwatch.errors import ChannelwatchError, ConfigError
from channelwatch.settings import SmtpSettings

SECURITY_MODES = ("starttls", "ssl", "none")


class DeliveryError(ChannelwatchError):
    """The SMTP server could not be reached or refused the message or the login.

    ``retryable`` is False for errors a retry cannot fix (login refused, bad settings).
    """

    def __init__(self, message: str, *, retryable: bool) -> None:
        super().__init__(message)
        self.retryable = retryable


def check_settings(smtp: SmtpSettings) -> None:
    """Fail early, naming the variable to set, when the SMTP settings cannot work."""
    if not smtp.host:
        raise ConfigError(
            "CHANNELWATCH_SMTP_HOST is not set; set it to your SMTP server (or use --dry-run)"
        )
    if not smtp.sender:
        raise ConfigError(
            "CHANNELWATCH_SMTP_FROM is not set; set it to the digest's sender address"
        )
    if smtp.security not in SECURITY_MODES:
        raise ConfigError(
            f"CHANNELWATCH_SMTP_SECURITY is {smtp.security!r}; set it to one of "
            + ", ".join(SECURITY_MODES)
        )
    if smtp.user and not smtp.password:
        raise ConfigError(
            "CHANNELWATCH_SMTP_PASSWORD is not set but CHANNELWATCH_SMTP_USER is; "
            "set both or neither"
        )
    if smtp.password and not smtp.user:
        raise ConfigError(
            "CHANNELWATCH_SMTP_USER is not set but CHANNELWATCH_SMTP_PASSWORD is; "
            "set both or neither"
        )


def send_message(
    msg: EmailMessage,
    smtp: SmtpSettings,
    *,
    recipients: list[str],
    timeout_s: float = 30.0,
    tls_context: ssl.SSLContext | None = None,
) -> list[str]:
    """Send ``msg`` to ``recipients``; returns the recipients the server accepted.

    Raises DeliveryError when nothing was accepted. A partial refusal returns the
    accepted ones (the caller records those and reports the rest).
    """
    check_settings(smtp)
    assert smtp.host is not None and smtp.sender is not None
    server = f"{smtp.host}:{smtp.port}"
    context = tls_context or ssl.create_default_context()
    try:
        client: smtplib.SMTP
        if smtp.security == "ssl":
            client = smtplib.SMTP_SSL(smtp.host, smtp.port, timeout=timeout_s, context=context)
        else:
            client = smtplib.SMTP(smtp.host, smtp.port, timeout=timeout_s)
        with client:
            client.ehlo()
            if smtp.security == "starttls":
                client.starttls(context=context)
                client.ehlo()
            if smtp.user:
                client.login(smtp.user, smtp.password or "")
            refused = client.send_message(msg, from_addr=smtp.sender, to_addrs=recipients)
    except smtplib.SMTPAuthenticationError as exc:
        raise DeliveryError(
            f"SMTP server {server} refused the login for user {smtp.user!r} "
            f"({exc.smtp_code} {_text(exc.smtp_error)}); check CHANNELWATCH_SMTP_USER and "
            "CHANNELWATCH_SMTP_PASSWORD",
            retryable=False,
        ) from None
    except smtplib.SMTPNotSupportedError as exc:
        hint = (
            "set CHANNELWATCH_SMTP_SECURITY=ssl or none"
            if smtp.security == "starttls"
            else "the server offers no login: unset CHANNELWATCH_SMTP_USER and _PASSWORD"
        )
        raise DeliveryError(
            f"SMTP server {server} does not support a step we need ({exc}); {hint}",
            retryable=False,
        ) from None
    except smtplib.SMTPRecipientsRefused as exc:
        refused_all = ", ".join(
            f"{r} ({code} {_text(m)})" for r, (code, m) in exc.recipients.items()
        )
        raise DeliveryError(
            f"SMTP server {server} refused every recipient: {refused_all}; check --to or "
            "CHANNELWATCH_DIGEST_TO",
            retryable=False,
        ) from None
    except smtplib.SMTPSenderRefused as exc:
        raise DeliveryError(
            f"SMTP server {server} refused the sender {smtp.sender!r} ({exc.smtp_code} "
            f"{_text(exc.smtp_error)}); check CHANNELWATCH_SMTP_FROM",
            retryable=False,
        ) from None
    except ssl.SSLError as exc:
        raise DeliveryError(
            f"TLS with SMTP server {server} failed ({exc.reason or exc}); check "
            "CHANNELWATCH_SMTP_SECURITY (starttls on 587, ssl on 465) and the server certificate",
            retryable=False,
        ) from None
    except (smtplib.SMTPException, OSError) as exc:
        raise DeliveryError(
            f"cannot deliver through SMTP server {server}: {_describe(exc)}; check "
            "CHANNELWATCH_SMTP_HOST and CHANNELWATCH_SMTP_PORT, or try again later",
            retryable=True,
        ) from None
    return [r for r in recipients if r not in refused]


def _text(value: bytes | str) -> str:
    raw = value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)
    return " ".join(raw.split())


def _describe(exc: BaseException) -> str:
    if isinstance(exc, ConnectionRefusedError):
        return "connection refused (is the server running and is the port right?)"
    if isinstance(exc, TimeoutError):
        return "timed out"
    if isinstance(exc, smtplib.SMTPResponseException):
        return f"{exc.smtp_code} {_text(exc.smtp_error)}"
    return f"{type(exc).__name__}: {exc}"
