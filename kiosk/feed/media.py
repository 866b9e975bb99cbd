"""Project images: downloaded once, verified, scaled and stored by content hash (no Qt).

Each image goes through, in order:

1. the size cap on the downloaded bytes (``feed.max_image_bytes``);
2. its ``sha256`` from the feed, when the feed gives one (checked on the bytes as served);
3. Pillow reads the header only and the pixel count is checked *before* anything is decoded,
   so a decompression bomb (a small file that would expand to gigabytes) is refused cheaply;
   only PNG, JPEG, GIF, WebP and BMP are opened at all;
4. a full decode (a truncated or corrupt file fails here), EXIF rotation applied, scaled down to
   fit ``max_size`` keeping its aspect ratio, and re-encoded (PNG if it has transparency, JPEG
   otherwise), which also drops any metadata;
5. stored atomically as ``<sha256 of the stored bytes>.<png|jpg>``.

``index.json`` maps each source URL (with its sha256, if any) to its stored file, so an image is
downloaded once and survives restarts. Any problem is one log line (not repeated while the
reason stays the same) and ``None``: that poster is shown without its image. Nothing here raises
for bad input.
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
import re
import warnings
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from kiosk.atomic import write_atomic
from kiosk.feed.http import FetchError, show_url
from kiosk.feed.model import ImageRef
from kiosk.feed.source import file_path

if TYPE_CHECKING:
    from PIL import Image

logger = logging.getLogger(__name__)

Download = Callable[[str, int], bytes]
"""``download(url, max_bytes) -> bytes``, raising FetchError (``HttpFetcher.download``)."""

FORMATS = ("PNG", "JPEG", "GIF", "WEBP", "BMP")
DEFAULT_MAX_PIXELS = 40_000_000
DEFAULT_MAX_SIZE = (1920, 1080)
JPEG_QUALITY = 88
INDEX_VERSION = 1
_STORED_RE = re.compile(r"^[0-9a-f]{64}\.(jpg|png)$")
# With Pillow's DecompressionBombError, added where Pillow is imported (MediaCache.prepare).
_DECODE_ERRORS = (OSError, ValueError, SyntaxError, EOFError, IndexError, TypeError,
                  MemoryError)  # fmt: skip


class MediaProblem(Exception):
    """Internal: this image cannot be used; the message is the reason."""


def cache_key(ref: ImageRef) -> str:
    return f"{ref.url}#sha256={ref.sha256}" if ref.sha256 else ref.url


class MediaCache:
    """Images by content hash in one folder; see the module docstring. Not for concurrent use."""

    def __init__(
        self,
        directory: Path,
        *,
        max_image_bytes: int = 15_000_000,
        max_cache_mb: int = 500,
        max_pixels: int = DEFAULT_MAX_PIXELS,
        max_size: tuple[int, int] = DEFAULT_MAX_SIZE,
    ) -> None:
        self.directory = directory
        self.index_path = directory / "index.json"
        self.max_image_bytes = max_image_bytes
        self.max_cache_bytes = max_cache_mb * 1_000_000
        self.max_pixels = max_pixels
        self.max_size = max_size
        self._index: dict[str, str] = self._read_index()
        self._verified: set[str] = set()
        self._problems: dict[str, str] = {}

    # -- public ------------------------------------------------------------------------------

    def lookup(self, ref: ImageRef) -> Path | None:
        """The stored file for this image if it is already here (no download)."""
        key = cache_key(ref)
        name = self._index.get(key)
        if name is None:
            return None
        path = self.directory / name
        if name in self._verified and path.is_file():
            return path
        try:
            data = path.read_bytes()
        except OSError:
            self._forget(key)
            return None
        if hashlib.sha256(data).hexdigest() != name.split(".", 1)[0]:
            logger.warning("stored image %s is damaged; it will be downloaded again", name)
            path.unlink(missing_ok=True)
            self._forget(key)
            return None
        self._verified.add(name)
        return path

    def get(self, ref: ImageRef, download: Download | None = None) -> Path | None:
        """The stored file for this image, fetching and preparing it if needed; None if unusable."""
        cached = self.lookup(ref)
        if cached is not None:
            return cached
        key = cache_key(ref)
        try:
            data = self._obtain(ref, download)
            if ref.sha256 and hashlib.sha256(data).hexdigest() != ref.sha256.lower():
                raise MediaProblem("does not match the sha256 the feed gives")
            stored, ext = self.prepare(data)
            name = f"{hashlib.sha256(stored).hexdigest()}.{ext}"
            path = self.directory / name
            if not path.is_file():
                write_atomic(path, stored)
        except MediaProblem as exc:
            self._problem(key, ref, str(exc))
            return None
        except OSError as exc:
            self._problem(key, ref, f"cannot store it: {exc.strerror or exc}")
            return None
        self._verified.add(name)
        self._index[key] = name
        self._write_index()
        if self._problems.pop(key, None) is not None:
            logger.info("image %s is usable again", show_url(ref.url))
        return path

    def problem(self, ref: ImageRef) -> str | None:
        """Why this image was last refused, if it was."""
        return self._problems.get(cache_key(ref))

    def prune(self, keep: Iterable[Path]) -> list[Path]:
        """Remove stored images not in `keep`, then the oldest until under the size cap."""
        keep_names = {p.name for p in keep}
        removed: list[Path] = []
        try:
            entries = list(self.directory.iterdir())
        except OSError:
            return removed
        remaining: list[tuple[float, int, Path]] = []
        for entry in entries:
            name = entry.name
            if name.startswith(".") and name.endswith(".tmp"):
                self._unlink(entry)
                continue
            if not _STORED_RE.match(name):
                continue
            if name not in keep_names:
                if self._unlink(entry):
                    removed.append(entry)
                continue
            try:
                stat = entry.stat()
            except OSError:
                continue
            remaining.append((stat.st_mtime, stat.st_size, entry))
        total = sum(size for _, size, _ in remaining)
        over = 0
        for _, size, entry in sorted(remaining, key=lambda item: (item[0], item[2].name)):
            if total <= self.max_cache_bytes:
                break
            if self._unlink(entry):
                removed.append(entry)
                total -= size
                over += 1
        if over:
            logger.warning(
                "media cache is over its %d MB cap: removed the %d oldest image(s)",
                self.max_cache_bytes // 1_000_000,
                over,
            )
        gone = {p.name for p in removed}
        stale = [k for k, name in self._index.items() if name in gone]
        for key in stale:
            del self._index[key]
        self._verified -= gone
        if stale:
            self._write_index()
        return removed

    def total_bytes(self) -> int:
        total = 0
        try:
            for entry in self.directory.iterdir():
                if _STORED_RE.match(entry.name):
                    total += entry.stat().st_size
        except OSError:
            return total  # a missing folder holds nothing
        return total

    # -- verification and scaling ------------------------------------------------------------

    def prepare(self, data: bytes) -> tuple[bytes, str]:
        """Verify and scale image bytes; return (stored bytes, "png" or "jpg") or MediaProblem."""
        # Pillow is imported when an image is first checked, not with this module: a kiosk
        # starting on its stored feed and images does not need it for its first poster.
        from PIL import Image, ImageOps, UnidentifiedImageError

        decode_errors = (*_DECODE_ERRORS, Image.DecompressionBombError)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("error", Image.DecompressionBombWarning)
                image = Image.open(io.BytesIO(data), formats=FORMATS)
        except (Image.DecompressionBombWarning, Image.DecompressionBombError):
            raise MediaProblem("has too many pixels to decode safely") from None
        except UnidentifiedImageError:
            raise MediaProblem("is not an image (PNG, JPEG, GIF, WebP or BMP)") from None
        except decode_errors as exc:
            raise MediaProblem(f"cannot be read: {_one_line(exc)}") from None
        with image:
            width, height = image.size
            if width < 1 or height < 1:
                raise MediaProblem(f"has an impossible size {width}x{height}")
            if width * height > self.max_pixels:
                raise MediaProblem(
                    f"is {width}x{height} pixels, over the {self.max_pixels:,}-pixel limit"
                )
            try:
                image.draft("RGB", self.max_size)
                image.load()
                frame = ImageOps.exif_transpose(image)
                frame.thumbnail(self.max_size, Image.Resampling.LANCZOS)
                return _encode(frame)
            except decode_errors as exc:
                raise MediaProblem(f"cannot be decoded: {_one_line(exc)}") from None

    # -- internals ---------------------------------------------------------------------------

    def _obtain(self, ref: ImageRef, download: Download | None) -> bytes:
        scheme = urlsplit(ref.url).scheme.lower()
        if scheme == "file":
            path = file_path(ref.url)
            try:
                size = path.stat().st_size
                if size > self.max_image_bytes:
                    raise MediaProblem(
                        f"is {size:,} bytes, over the {self.max_image_bytes:,}-byte limit"
                    )
                return path.read_bytes()
            except FileNotFoundError:
                raise MediaProblem("no such file") from None
            except OSError as exc:
                raise MediaProblem(f"cannot be read: {exc.strerror or exc}") from None
        if scheme in ("http", "https"):
            if download is None:
                raise MediaProblem("cannot be downloaded from a feed read from a file")
            try:
                return download(ref.url, self.max_image_bytes)
            except FetchError as exc:
                raise MediaProblem(str(exc)) from None
        raise MediaProblem("is not an http(s) or file URL")

    def _problem(self, key: str, ref: ImageRef, reason: str) -> None:
        if self._problems.get(key) != reason:
            logger.warning("image %s not shown: %s", show_url(ref.url), reason)
        self._problems[key] = reason

    def _forget(self, key: str) -> None:
        if self._index.pop(key, None) is not None:
            self._write_index()

    def _unlink(self, path: Path) -> bool:
        try:
            path.unlink()
        except FileNotFoundError:
            return True
        except OSError as exc:
            logger.warning("cannot remove %s: %s", path, exc.strerror or exc)
            return False
        return True

    def _read_index(self) -> dict[str, str]:
        try:
            raw = self.index_path.read_bytes()
        except FileNotFoundError:
            return {}
        except OSError as exc:
            logger.warning("cannot read the media index %s: %s", self.index_path, exc)
            return {}
        try:
            data = json.loads(raw.decode("utf-8"))
            entries = data["entries"] if data.get("version") == INDEX_VERSION else None
            if not isinstance(entries, dict):
                raise ValueError("no entries")
        except (UnicodeDecodeError, ValueError, KeyError, TypeError, AttributeError):
            logger.warning("media index %s is unreadable; starting a new one", self.index_path)
            return {}
        return {
            k: v
            for k, v in entries.items()
            if isinstance(k, str) and isinstance(v, str) and _STORED_RE.match(v)
        }

    def _write_index(self) -> None:
        text = json.dumps({"version": INDEX_VERSION, "entries": self._index}, indent=1)
        try:
            write_atomic(self.index_path, text.encode("utf-8"))
        except OSError as exc:
            logger.warning("cannot write the media index %s: %s", self.index_path, exc)


def _has_alpha(image: Image.Image) -> bool:
    if image.mode in ("RGBA", "LA", "PA", "RGBa", "La") or "transparency" in image.info:
        extrema = image.convert("RGBA").getchannel("A").getextrema()
        return isinstance(extrema[0], int | float) and extrema[0] < 255
    return False


def _encode(image: Image.Image) -> tuple[bytes, str]:
    out = io.BytesIO()
    if _has_alpha(image):
        image.convert("RGBA").save(out, "PNG", compress_level=6)
        return out.getvalue(), "png"
    image.convert("RGB").save(out, "JPEG", quality=JPEG_QUALITY, optimize=True)
    return out.getvalue(), "jpg"


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return (text[0] if text else type(exc).__name__)[:160]
