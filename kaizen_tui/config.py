"""Where data lives, and the few settings a user can change (``kaizen config get|set``).

The data folder is, in order: ``--data DIR``, ``$KAIZEN_DATA``, or the platform's user data folder.
``config.toml`` lives inside it, so a data folder carries its own settings and tests that pass a
temporary folder never see a developer's real configuration; so does ``kaizen.log``, the
tracebacks of failures a user was told about in one line. Nothing is created at import time.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from kaizen_tui.errors import KaizenError
from kaizen_tui.logic.certification import DEFAULT_LEVELS

APP_NAME = "kaizen-tui"
ENV_DATA = "KAIZEN_DATA"
ENV_TODAY = "KAIZEN_TODAY"
CONFIG_FILE = "config.toml"
LOG_FILE = "kaizen.log"
#: The log is kept small: past this size it is moved to ``kaizen.log.1`` (the one before it goes).
LOG_MAX_BYTES = 1_000_000
DEFAULT_PORT = 8765


def resolve_data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    if override:
        return Path(override).expanduser()
    env = os.environ.get(ENV_DATA)
    if env:
        return Path(env).expanduser()
    import platformdirs

    return platformdirs.user_data_path(APP_NAME, appauthor=False)


def log_failure(data_dir: Path, what: str, err: BaseException) -> Path | None:
    """Append ``what`` and the traceback of ``err`` to ``data_dir/kaizen.log``: what a bug report
    needs and the one line the user is shown cannot carry. Returns the log's path, or None when
    it cannot be written (the user is still told their one line). Writes to disk: call it from a
    worker, never on the UI thread."""
    import traceback

    path = data_dir / LOG_FILE
    stamp = datetime.now(UTC).isoformat(timespec="seconds")
    text = "".join(traceback.format_exception(err))
    try:
        if path.exists() and path.stat().st_size > LOG_MAX_BYTES:
            path.replace(path.with_name(LOG_FILE + ".1"))
        with path.open("a", encoding="utf-8") as log:
            log.write(f"{stamp} {what}\n{text}\n")
    except OSError:
        return None
    return path


def resolve_today(override: str | None = None) -> date:
    """Today, unless ``KAIZEN_TODAY=YYYY-MM-DD`` pins it (tests, demos, training rooms)."""
    raw = override or os.environ.get(ENV_TODAY)
    if not raw:
        return date.today()
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise KaizenError(f"{ENV_TODAY}={raw!r} is not a date (YYYY-MM-DD)") from None


def _check_link_base(value: str) -> str:
    value = value.strip().rstrip("/")
    if not value:
        return ""
    from urllib.parse import urlsplit  # on use: start-up imports as little as it can

    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise KaizenError(
            f"link_base {value!r} is not a web address; use e.g. http://kaizen.example.org"
        )
    if parts.query or parts.fragment:
        raise KaizenError("link_base must not have a ?query or #fragment")
    return value


def _check_hub_url(value: str) -> str:
    # the same shape as link_base: the hub serves the action pages the QR codes open
    return _check_link_base(value)


def _check_token(value: str) -> str:
    value = value.strip()
    if any(c.isspace() for c in value):
        raise KaizenError("a hub token has no spaces; copy it whole from `kaizen hub user add`")
    return value


def _check_list(value: str) -> list[str]:
    items = [item.strip() for item in value.split(",") if item.strip()]
    if not items:
        raise KaizenError("give at least one value, separated by commas")
    return items


def _check_days(value: str) -> list[int]:
    try:
        days = sorted({int(item) for item in _check_list(value)})
    except ValueError:
        raise KaizenError(
            f"{value!r}: give whole days separated by commas, e.g. 30,60,90"
        ) from None
    if days[0] < 1:
        raise KaizenError("review days must be 1 or more")
    return days


def _check_text(value: str) -> str:
    return value.strip()


def _check_review_day(value: str) -> int:
    try:
        day = int(value.strip())
    except ValueError:
        raise KaizenError(f"{value!r}: give the review day as a whole number, e.g. 90") from None
    if day < 1:
        raise KaizenError("the sustainment review day must be 1 or more")
    return day


def _check_levels(value: str) -> list[str]:
    from kaizen_tui.logic.certification import parse_levels, split_level_text

    try:
        return [level.spec for level in parse_levels(split_level_text(value))]
    except ValueError as err:
        raise KaizenError(f"certification_levels: {err}") from None


@dataclass(frozen=True)
class Setting:
    key: str
    help: str
    default: Any
    parse: Callable[[str], Any]


SETTINGS: dict[str, Setting] = {
    s.key: s
    for s in (
        Setting(
            "link_base",
            "web address the A3's QR code points to (the `kaizen serve` or publish host)",
            "",
            _check_link_base,
        ),
        Setting("user_name", "your name, used for 'raised by' and new updates", "", _check_text),
        # the hub (issue 14); set both with `kaizen hub login URL --token TOKEN`
        Setting(
            "hub_url", "the hub this laptop syncs with (`kaizen hub login`)", "", _check_hub_url
        ),
        Setting(
            "hub_token", "your token on the hub (kept in this file, mode 0600)", "", _check_token
        ),
        Setting(
            "theme",
            "the app's colours (chosen in the app: ctrl+p, Change theme); empty: the default",
            "",
            _check_text,
        ),
        Setting(
            "a3_dir",
            "folder for A3 PDFs (`kaizen a3` and Print A3 in the app); empty: the folder kaizen "
            "was started in",
            "",
            _check_text,
        ),
        Setting(
            "fishbone_categories",
            "fishbone categories, comma separated",
            ["man", "machine", "method", "material", "measurement", "environment"],
            _check_list,
        ),
        Setting("review_days", "follow-up review offsets in days", [30, 60, 90], _check_days),
        Setting(
            "sustain_review_day",
            "the follow-up review whose verdict counts as 'sustained' in the LPO report",
            90,
            _check_review_day,
        ),
        Setting(
            "certification_levels",
            "change-agent levels, lowest first, separated by ';' (see docs/lpo.md)",
            list(DEFAULT_LEVELS),
            _check_levels,
        ),
    )
}


@dataclass
class Config:
    """Settings of one data folder. Unknown keys in the file are kept when it is written.

    ``problems``: what was wrong with the file when it was read (one line each; those values, or
    the whole damaged file, give way to the defaults). A damaged file never locks anybody out:
    :meth:`save` keeps it aside and writes a good one."""

    path: Path | None = None
    values: dict[str, Any] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    damaged: bool = False

    def get(self, key: str) -> Any:
        setting = _setting(key)
        return self.values.get(key, setting.default)

    @property
    def link_base(self) -> str:
        return str(self.get("link_base"))

    def effective_link_base(self) -> tuple[str, bool]:
        """The base URL for QR links, and whether it is the guessed default. After `kaizen hub
        login` it is the hub, which serves the action pages, unless link_base was set."""
        if self.link_base:
            return self.link_base, False
        if self.hub_url:
            return self.hub_url, False
        import socket

        return f"http://{socket.gethostname()}:{DEFAULT_PORT}", True

    @property
    def hub_url(self) -> str:
        return str(self.get("hub_url"))

    @property
    def hub_token(self) -> str:
        return str(self.get("hub_token"))

    @property
    def user_name(self) -> str:
        return str(self.get("user_name"))

    @property
    def theme(self) -> str:
        return str(self.get("theme"))

    @property
    def a3_dir(self) -> str:
        return str(self.get("a3_dir"))

    @property
    def fishbone_categories(self) -> list[str]:
        return list(self.get("fishbone_categories"))

    @property
    def review_days(self) -> list[int]:
        return list(self.get("review_days"))

    def set(self, key: str, raw: str) -> Any:
        setting = _setting(key)
        if any(ord(ch) < 0x20 or 0x7F <= ord(ch) < 0xA0 for ch in raw):
            raise KaizenError(f"{key}: a setting cannot hold control characters (tabs, escapes …)")
        value = setting.parse(raw)
        self.values[key] = value
        return value

    def save(self) -> None:
        if self.path is None:
            raise KaizenError("this configuration has no file")
        from kaizen_tui.store.atomic import atomic_write_bytes

        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            if self.damaged and self.path.exists():
                # what the user had stays, to look at; the new file holds the good settings
                stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
                os.replace(self.path, self.path.with_name(f"{self.path.name}.damaged-{stamp}"))
                self.damaged = False
            # a token is a password: only the owner may read the file holding it
            mode = 0o600 if self.values.get("hub_token") else 0o644
            atomic_write_bytes(self.path, _to_toml(self.values).encode("utf-8"), mode=mode)
        except OSError as err:
            raise KaizenError(f"cannot write {self.path}: {err.strerror or err}") from None


def load_config(data_dir: Path) -> Config:
    """The settings in ``data_dir/config.toml``. A file that cannot be read or is not TOML, and
    a value that is not valid for its setting, are named in ``problems`` and the defaults are
    used: a damaged file must not stop anybody from working, nor from `kaizen config set`."""
    path = data_dir / CONFIG_FILE
    try:
        text = path.read_text("utf-8")
    except FileNotFoundError:
        return Config(path)
    except (OSError, UnicodeDecodeError) as err:
        reason = err.strerror if isinstance(err, OSError) and err.strerror else str(err)
        return _damaged(path, f"cannot be read ({reason})")
    import tomllib  # only when there is a config file

    try:
        values = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        return _damaged(path, f"is not valid TOML ({err})")
    config = Config(path, values)
    for key, value in list(values.items()):
        setting = SETTINGS.get(key)
        if setting is None:
            continue  # kept as it is: a newer version's setting, or a note
        try:
            if isinstance(value, dict):
                raise KaizenError("a table, not a value")
            # as if typed again: the right type for the code that reads it (a number where a
            # list belongs would fail far from here)
            config.values[key] = setting.parse(format_value(value))
        except KaizenError as err:
            del config.values[key]
            config.problems.append(
                f"{path}: {key} = {_quoted(value)} is not valid ({err}); the default is used"
            )
    return config


def _damaged(path: Path, why: str) -> Config:
    return Config(
        path,
        problems=[
            f"{path} {why}; the default settings are used. `kaizen config set` keeps it aside "
            "and writes a good one"
        ],
        damaged=True,
    )


def _quoted(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:59] + "…"


def _setting(key: str) -> Setting:
    try:
        return SETTINGS[key]
    except KeyError:
        known = ", ".join(sorted(SETTINGS))
        raise KaizenError(f"unknown setting {key!r}; known settings: {known}") from None


SECRETS = ("hub_token",)


def shown(key: str, value: Any) -> str:
    """A setting as printed: secrets shortened so a projector or a screen share shows no token."""
    text = format_value(value)
    if key in SECRETS and text:
        return f"{text[:8]}… (hidden; in config.toml)"
    return text


def format_value(value: Any) -> str:
    if isinstance(value, list):
        # levels hold commas themselves, so they are separated the way they are typed: with ';'
        joiner = "; " if any("," in str(v) for v in value) else ","
        return joiner.join(str(v) for v in value)
    return str(value)


def _to_toml(values: dict[str, Any]) -> str:
    """TOML written by a TOML library: whatever a value holds, the file reads back (a control
    character once made a file that even `config set` could not read)."""
    import tomli_w

    header = "# kaizen-tui settings; change with `kaizen config set KEY VALUE`\n"
    return header + tomli_w.dumps(dict(sorted(values.items())))
