"""The kiosk's YAML configuration: schema, defaults and validation (no Qt).

Every key has a default, so an empty file (or no file) is a valid configuration. Validation
collects *every* problem, each with its key path and, where the YAML parser knows it, its line,
so that one run of ``qi-kiosk check-config`` shows everything to fix. Unknown keys are errors:
a typo never silently falls back to a default.
"""

from __future__ import annotations

import ipaddress
import os
import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from kiosk.pin import PinError, PinHash, parse_pin_hash
from kiosk.schedule import (
    STANDBY_MODES,
    Schedule,
    ScheduleError,
    build_ranges,
    parse_dates,
    parse_timezone,
)
from kiosk.uptake.events import DEFAULT_VISITOR_GROUPS

DEMO_SOURCE = "demo:"
"""`feed.source` value meaning the built-in demo feed."""

LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")
MODES = ("display", "touch")
ORDERS = ("feed", "shuffle")
SPC_RULES = ("mdc", "ptd")
_HOST_RE = re.compile(
    r"^(?=.{1,253}$)(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$"
)
_EMAIL_RE = re.compile(r"^[^@\s<>,;:\"]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")
_ENV_RE = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")


class ConfigError(Exception):
    """The configuration is invalid; ``problems`` lists every one, one line each."""

    def __init__(self, problems: list[str], source: str = "") -> None:
        self.problems = problems
        self.source = source
        where = f"{source}: " if source else ""
        super().__init__(f"{where}{len(problems)} problem(s) in the configuration")

    def report(self) -> str:
        head = f"Invalid configuration {self.source}" if self.source else "Invalid configuration"
        return "\n".join(
            [f"{head} ({len(self.problems)} problem(s)):"] + [f"  {p}" for p in self.problems]
        )


@dataclass(frozen=True)
class FeedConfig:
    source: str = DEMO_SOURCE
    refresh_seconds: int = 300
    timeout_seconds: float = 20.0
    max_bytes: int = 20_000_000
    ca_bundle: Path | None = None
    proxy: str | None = None
    headers: Mapping[str, str] = field(default_factory=dict)
    allow_http: bool = False
    max_cache_mb: int = 500
    max_image_bytes: int = 15_000_000

    @property
    def is_demo(self) -> bool:
        return self.source == DEMO_SOURCE


@dataclass(frozen=True)
class RotationConfig:
    seconds: int = 20
    transition_ms: int = 800
    order: str = "feed"


@dataclass(frozen=True)
class DisplayConfig:
    fullscreen: bool = True
    hide_cursor_after_seconds: int = 5
    reduced_motion: bool = False
    burn_in_shift: bool = True


@dataclass(frozen=True)
class QrConfig:
    allowed_hosts: tuple[str, ...] = ()
    campaign: bool = False
    """Add utm_source/medium/campaign/content to QR links, for the destination's analytics."""


@dataclass(frozen=True)
class SpcConfig:
    rules: str = "mdc"


@dataclass(frozen=True)
class TouchConfig:
    idle_seconds: int = 90


@dataclass(frozen=True)
class AdminConfig:
    pin_hash: PinHash | None = None
    """No PIN configured means no admin screen."""


@dataclass(frozen=True)
class HeartbeatConfig:
    url: str | None = None
    interval_seconds: int = 60


@dataclass(frozen=True)
class MatomoConfig:
    url: str
    """The Matomo instance, e.g. https://matomo.trust.nhs.uk/ (matomo.php is added)."""
    site_id: int
    token: str | None = None
    """token_auth: needed for events older than 4 hours (a screen that was offline)."""
    dimension: int = 1
    """The visit-scope custom dimension that holds the visitor group."""


@dataclass(frozen=True)
class UptakeConfig:
    enabled: bool = True
    retention_days: int = 730
    visitor_groups: tuple[str, ...] = DEFAULT_VISITOR_GROUPS
    export_dir: Path | None = None
    matomo: MatomoConfig | None = None


@dataclass(frozen=True)
class IntakeConfig:
    """Where "Send to the QI team" delivers plans; no ``url`` means the button is hidden."""

    url: str | None = None
    allow_http: bool = False
    headers: Mapping[str, str] = field(default_factory=dict)
    email: str | None = None
    """The address a visitor's "Take it with you" email is addressed to."""
    ca_bundle: Path | None = None
    proxy: str | None = None
    timeout_seconds: float = 20.0
    max_items: int = 500
    max_mb: int = 5

    @property
    def enabled(self) -> bool:
        return self.url is not None


IpNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


@dataclass(frozen=True)
class WebConfig:
    """``qi-kiosk serve``: the catalogue as a web app for tablets on the hub's network."""

    host: str = "127.0.0.1"
    port: int = 8080
    base_url: str | None = None
    """The address people open (e.g. https://qi-hub.trust.nhs.uk/), for the web app manifest."""
    allowed_networks: tuple[IpNetwork, ...] = ()
    """Clients outside these networks get 403; none listed means every client may connect."""
    idle_seconds: int = 90
    """An untouched page goes back to the start, its search and filters cleared."""


@dataclass(frozen=True)
class LogConfig:
    level: str = "INFO"
    file: Path | None = None
    max_kb: int = 1024
    backups: int = 5


def default_state_dir() -> Path:
    """Where the kiosk keeps its offline copy, status file and logs by default."""
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
        return base / "QIHubKiosk"
    base = Path(os.environ.get("XDG_STATE_HOME") or Path.home() / ".local" / "state")
    return base / "qi-kiosk"


@dataclass(frozen=True)
class KioskConfig:
    mode: str = "display"
    screen_id: str = "hub-screen"
    state_dir: Path = field(default_factory=default_state_dir)
    feed: FeedConfig = field(default_factory=FeedConfig)
    rotation: RotationConfig = field(default_factory=RotationConfig)
    display: DisplayConfig = field(default_factory=DisplayConfig)
    qr: QrConfig = field(default_factory=QrConfig)
    spc: SpcConfig = field(default_factory=SpcConfig)
    touch: TouchConfig = field(default_factory=TouchConfig)
    log: LogConfig = field(default_factory=LogConfig)
    admin: AdminConfig = field(default_factory=AdminConfig)
    heartbeat: HeartbeatConfig = field(default_factory=HeartbeatConfig)
    uptake: UptakeConfig = field(default_factory=UptakeConfig)
    intake: IntakeConfig = field(default_factory=IntakeConfig)
    web: WebConfig = field(default_factory=WebConfig)
    schedule: Schedule | None = None
    """Opening hours; None means always open."""
    path: Path | None = None
    """The file this configuration was read from, if any."""


# --- the schema ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Key:
    """One configuration key: how to check it and turn it into its typed value."""

    kind: str  # int number bool str choice path hosts headers pinhash url email timezone
    # hours dates groups matomo networks
    low: float | None = None
    high: float | None = None
    choices: tuple[str, ...] = ()
    optional: bool = False


SCHEMA: dict[str, dict[str, Key] | Key] = {
    "mode": Key("choice", choices=MODES),
    "screen_id": Key("str"),
    "state_dir": Key("path"),
    "feed": {
        "source": Key("str"),
        "refresh_seconds": Key("int", 5, 86_400),
        "timeout_seconds": Key("number", 1, 300),
        "max_bytes": Key("int", 1_000, 500_000_000),
        "ca_bundle": Key("path", optional=True),
        "proxy": Key("str", optional=True),
        "headers": Key("headers"),
        "allow_http": Key("bool"),
        "max_cache_mb": Key("int", 10, 100_000),
        "max_image_bytes": Key("int", 10_000, 100_000_000),
    },
    "rotation": {
        "seconds": Key("int", 5, 600),
        "transition_ms": Key("int", 0, 5_000),
        "order": Key("choice", choices=ORDERS),
    },
    "display": {
        "fullscreen": Key("bool"),
        "hide_cursor_after_seconds": Key("int", 0, 3_600),
        "reduced_motion": Key("bool"),
        "burn_in_shift": Key("bool"),
    },
    "qr": {"allowed_hosts": Key("hosts"), "campaign": Key("bool")},
    "spc": {"rules": Key("choice", choices=SPC_RULES)},
    "touch": {"idle_seconds": Key("int", 5, 3_600)},
    "admin": {"pin_hash": Key("pinhash", optional=True)},
    "heartbeat": {
        "url": Key("url", optional=True),
        "interval_seconds": Key("int", 5, 86_400),
    },
    "uptake": {
        "enabled": Key("bool"),
        "retention_days": Key("int", 1, 3_650),
        "visitor_groups": Key("groups"),
        "export_dir": Key("path", optional=True),
        "matomo": Key("matomo", optional=True),
    },
    "schedule": {
        "timezone": Key("timezone"),
        "open": Key("hours"),
        "closed_dates": Key("dates"),
        "standby": Key("choice", choices=STANDBY_MODES),
    },
    "intake": {
        "url": Key("url", optional=True),
        "allow_http": Key("bool"),
        "headers": Key("headers"),
        "email": Key("email", optional=True),
        "ca_bundle": Key("path", optional=True),
        "proxy": Key("str", optional=True),
        "timeout_seconds": Key("number", 1, 300),
        "max_items": Key("int", 1, 100_000),
        "max_mb": Key("int", 1, 1_000),
    },
    "web": {
        "host": Key("str"),
        "port": Key("int", 1, 65_535),
        "base_url": Key("url", optional=True),
        "allowed_networks": Key("networks"),
        "idle_seconds": Key("int", 5, 3_600),
    },
    "log": {
        "level": Key("choice", choices=LOG_LEVELS),
        "file": Key("path", optional=True),
        "max_kb": Key("int", 16, 1_048_576),
        "backups": Key("int", 0, 100),
    },
}


def _type_name(value: Any) -> str:
    if value is None:
        return "nothing"
    return {
        bool: "true/false",
        int: "a whole number",
        float: "a number",
        str: "text",
        list: "a list",
        dict: "a mapping",
    }.get(type(value), type(value).__name__)


def _check(key: Key, value: Any, base: Path, env: Mapping[str, str]) -> tuple[Any, str | None]:
    """Return (typed value, problem or None)."""
    if value is None:
        if key.optional:
            return None, None
        return None, "must not be empty"
    if key.kind in ("int", "number"):
        if isinstance(value, bool) or not isinstance(value, int | float):
            return None, f"must be a number (got {_type_name(value)} {value!r})"
        if key.kind == "int" and isinstance(value, float) and not value.is_integer():
            return None, f"must be a whole number (got {value})"
        if key.low is not None and key.high is not None and not key.low <= value <= key.high:
            return None, f"must be between {key.low:g} and {key.high:g} (got {value:g})"
        return (int(value) if key.kind == "int" else float(value)), None
    if key.kind == "bool":
        if not isinstance(value, bool):
            return None, f"must be true or false (got {value!r})"
        return value, None
    if key.kind == "choice" and value is False and "off" in key.choices:
        value = "off"  # YAML reads a bare `off` as false
    if key.kind in ("str", "choice", "path"):
        if not isinstance(value, str) or not value.strip():
            return None, f"must be text (got {_type_name(value)} {value!r})"
        if "\x00" in value:  # no file name or URL holds one; the OS refuses it
            return None, "must not contain a NUL character"
        if key.kind == "choice" and value not in key.choices:
            return None, f"must be one of {', '.join(key.choices)} (got {value!r})"
        if key.kind == "path":
            path = Path(os.path.expandvars(os.path.expanduser(value)))
            return (path if path.is_absolute() else base / path), None
        return value, None
    if key.kind == "pinhash":
        try:
            return parse_pin_hash(value), None
        except PinError as exc:
            return None, str(exc)
    if key.kind == "url":
        if not isinstance(value, str) or not re.match(r"^https?://[^\s/]+", value):
            return None, f"must be an http:// or https:// URL (got {value!r})"
        return value.strip(), None
    if key.kind == "email":
        if not isinstance(value, str) or not _EMAIL_RE.match(value.strip()):
            return None, f"must be an email address like qi.team@nhs.net (got {value!r})"
        return value.strip(), None
    if key.kind == "timezone":
        try:
            return parse_timezone(str(value)), None
        except ScheduleError as exc:
            return None, str(exc)
    if key.kind == "hours":
        if not isinstance(value, dict) or not value:
            return None, "must map days to opening times, e.g. mon-fri: 07:30-19:00"
        try:
            return build_ranges(value), None
        except ScheduleError as exc:
            return None, str(exc)
    if key.kind == "dates":
        if not isinstance(value, list):
            return None, f"must be a list of dates like 2026-12-25 (got {_type_name(value)})"
        try:
            return parse_dates(value), None
        except ScheduleError as exc:
            return None, str(exc)
    if key.kind == "hosts":
        if not isinstance(value, list):
            return None, f"must be a list of host names (got {_type_name(value)})"
        bad = [h for h in value if not isinstance(h, str) or not _HOST_RE.match(h.lower())]
        if bad:
            return None, f"not a host name: {', '.join(repr(b) for b in bad)}"
        return tuple(h.lower() for h in value), None
    if key.kind == "groups":
        return _check_groups(value)
    if key.kind == "networks":
        return _check_networks(value)
    if key.kind == "matomo":
        return _check_matomo(value, env)
    if key.kind == "headers":
        if not isinstance(value, dict):
            return None, f"must be a mapping of header name to value (got {_type_name(value)})"
        headers: dict[str, str] = {}
        for name, raw in value.items():
            if not isinstance(name, str) or not re.fullmatch(r"[A-Za-z0-9-]+", name):
                return None, f"not a header name: {name!r}"
            if not isinstance(raw, str | int):
                return None, f"{name}: must be text (got {_type_name(raw)})"
            missing = [m for m in _ENV_RE.findall(str(raw)) if m not in env]
            if missing:
                return None, f"{name}: environment variable {missing[0]} is not set"
            headers[name] = _ENV_RE.sub(lambda m: env[m.group(1)], str(raw))
        return headers, None
    raise AssertionError(f"unknown key kind {key.kind}")


MAX_GROUPS = 20
MAX_GROUP_CHARS = 60


def _check_groups(value: Any) -> tuple[Any, str | None]:
    if not isinstance(value, list) or not value:
        return None, f"must be a list of group names (got {_type_name(value)})"
    if len(value) > MAX_GROUPS:
        return None, f"at most {MAX_GROUPS} groups fit on the bar (got {len(value)})"
    groups: list[str] = []
    for raw in value:
        if not isinstance(raw, str) or not raw.strip():
            return None, f"a group must be text (got {_type_name(raw)} {raw!r})"
        name = " ".join(raw.split())
        if len(name) > MAX_GROUP_CHARS:
            return None, f"group name longer than {MAX_GROUP_CHARS} characters: {name[:30]!r}..."
        if name in groups:
            return None, f"group listed twice: {name!r}"
        groups.append(name)
    return tuple(groups), None


def _check_networks(value: Any) -> tuple[Any, str | None]:
    if not isinstance(value, list):
        return None, f"must be a list of networks like 10.20.0.0/16 (got {_type_name(value)})"
    networks: list[IpNetwork] = []
    for raw in value:
        try:
            networks.append(ipaddress.ip_network(str(raw).strip(), strict=True))
        except ValueError:
            return None, f"not a network like 10.20.0.0/16 or fd00::/8: {raw!r}"
    return tuple(networks), None


def _check_matomo(value: Any, env: Mapping[str, str]) -> tuple[Any, str | None]:
    if not isinstance(value, dict):
        return None, "must be a mapping with url, site_id and token"
    unknown = sorted(set(value) - {"url", "site_id", "token", "dimension"})
    if unknown:
        return None, f"unknown key {unknown[0]!r} (known: url, site_id, token, dimension)"
    url = value.get("url")
    if not isinstance(url, str) or not re.match(r"^https?://[^\s/]+", url):
        return None, f"url: must be an http:// or https:// URL (got {url!r})"
    site_id = value.get("site_id")
    if isinstance(site_id, bool) or not isinstance(site_id, int) or site_id < 1:
        return None, f"site_id: must be a whole number from 1 (got {site_id!r})"
    dimension = value.get("dimension", 1)
    if isinstance(dimension, bool) or not isinstance(dimension, int) or not 1 <= dimension <= 999:
        return None, f"dimension: must be a custom dimension id from 1 (got {dimension!r})"
    token = value.get("token")
    if token is not None:
        if not isinstance(token, str):
            return None, f"token: must be text (got {_type_name(token)})"
        missing = [m for m in _ENV_RE.findall(token) if m not in env]
        if missing:
            return None, f"token: environment variable {missing[0]} is not set"
        token = _ENV_RE.sub(lambda m: env[m.group(1)], token).strip() or None
    return MatomoConfig(url=url.strip(), site_id=site_id, token=token, dimension=dimension), None


# --- reading YAML with line numbers ---------------------------------------------------------


def _load_yaml(text: str) -> tuple[Any, dict[str, int]]:
    """Parse YAML and return the data and the line (1-based) of every key path."""
    node = yaml.compose(text, Loader=yaml.SafeLoader)
    lines: dict[str, int] = {}

    def walk(n: yaml.Node | None, prefix: str) -> None:
        if isinstance(n, yaml.MappingNode):
            for k, v in n.value:
                path = f"{prefix}.{k.value}" if prefix else str(k.value)
                lines[path] = k.start_mark.line + 1
                walk(v, path)

    walk(node, "")
    return yaml.safe_load(text), lines


def parse_config(
    text: str,
    *,
    source: str = "",
    base: Path | None = None,
    env: Mapping[str, str] | None = None,
) -> KioskConfig:
    """Validate YAML text and build the typed configuration, or raise ConfigError."""
    env = os.environ if env is None else env
    base = base or Path.cwd()
    try:
        data, lines = _load_yaml(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}: " if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise ConfigError([f"{where}not valid YAML: {problem}"], source) from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError([f"the file must be a mapping of keys (got {_type_name(data)})"], source)

    problems: list[str] = []
    values: dict[str, Any] = {}

    def report(path: str, message: str) -> None:
        line = lines.get(path)
        problems.append(f"{path}: {message}" + (f" (line {line})" if line else ""))

    for name, raw in data.items():
        spec = SCHEMA.get(str(name))
        if spec is None:
            report(str(name), f"unknown key (known: {', '.join(SCHEMA)})")
            continue
        if isinstance(spec, Key):
            value, problem = _check(spec, raw, base, env)
            if problem:
                report(name, problem)
            else:
                values[name] = value
            continue
        mapping = {} if raw is None else raw
        if not isinstance(mapping, dict):
            report(name, f"must be a mapping of keys (got {_type_name(mapping)})")
            continue
        section: dict[str, Any] = {}
        for sub, sub_raw in mapping.items():
            path = f"{name}.{sub}"
            key = spec.get(str(sub))
            if key is None:
                report(path, f"unknown key (known: {', '.join(spec)})")
                continue
            value, problem = _check(key, sub_raw, base, env)
            if problem:
                report(path, problem)
            else:
                section[str(sub)] = value
        values[name] = section

    schedule_values = values.pop("schedule", None)
    raw_schedule = data.get("schedule")
    if isinstance(raw_schedule, dict) and "open" not in raw_schedule:
        report("schedule.open", "give the opening times, e.g. mon-fri: 07:30-19:00")
    feed = values.get("feed", {})
    if "source" in feed and feed["source"] != DEMO_SOURCE:
        feed["source"] = _resolve_source(feed["source"], base)
    intake = values.get("intake", {})
    if (intake.get("url") or "").startswith("http://") and not intake.get("allow_http"):
        report("intake.url", "must be https:// (set intake.allow_http: true only for testing)")
    if problems:
        raise ConfigError(problems, source)

    sections = {
        "feed": FeedConfig,
        "rotation": RotationConfig,
        "display": DisplayConfig,
        "qr": QrConfig,
        "spc": SpcConfig,
        "touch": TouchConfig,
        "log": LogConfig,
        "admin": AdminConfig,
        "heartbeat": HeartbeatConfig,
        "uptake": UptakeConfig,
        "intake": IntakeConfig,
        "web": WebConfig,
    }
    kwargs: dict[str, Any] = {k: v for k, v in values.items() if k not in sections}
    for name, cls in sections.items():
        kwargs[name] = cls(**values.get(name, {}))
    if schedule_values is not None:
        kwargs["schedule"] = Schedule(
            timezone=schedule_values.get("timezone", "Europe/London"),
            ranges=schedule_values["open"],
            closed_dates=schedule_values.get("closed_dates", frozenset()),
            standby=schedule_values.get("standby", "blank"),
        )
    return KioskConfig(**kwargs)


def _resolve_source(source: str, base: Path) -> str:
    """Make a relative feed path absolute against the config file's folder."""
    if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*://", source):
        return source
    path = Path(os.path.expanduser(source))
    return str(path if path.is_absolute() else (base / path).resolve())


def load_config(path: Path, env: Mapping[str, str] | None = None) -> KioskConfig:
    """Read and validate a config file; raise ConfigError (never OSError) on any problem."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise ConfigError([f"cannot read the file: {reason}"], str(path)) from None
    config = parse_config(text, source=str(path), base=path.parent.resolve(), env=env)
    return replace(config, path=path.resolve())
