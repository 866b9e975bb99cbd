"""MediaCache: verification, decompression bombs, scaling, storage by hash, index and pruning."""

from __future__ import annotations

import hashlib
import io
import logging
import os
import struct
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image

from kiosk.config import FeedConfig
from kiosk.feed.http import HttpFetcher
from kiosk.feed.media import MediaCache
from kiosk.feed.model import ImageRef
from tests.unit.feed.feed_servers import Reply, ScriptedServer


def image_bytes(size: tuple[int, int] = (400, 300), mode: str = "RGB", fmt: str = "PNG") -> bytes:
    colour: tuple[int, ...] = (200, 30, 30, 128) if mode == "RGBA" else (200, 30, 30)
    image = Image.new(mode, size, colour)
    out = io.BytesIO()
    image.save(out, fmt)
    return out.getvalue()


def chunk(kind: bytes, data: bytes) -> bytes:
    crc = zlib.crc32(kind + data)
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)


def png_header_only(width: int, height: int) -> bytes:
    """A PNG that claims a size but carries (almost) no pixels: a bomb's calling card."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(b"\0" * 64))
        + chunk(b"IEND", b"")
    )


def deflate_bomb(width: int, height: int) -> bytes:
    """A real grayscale PNG of zeros: ~100 kB on the wire, width*height bytes once decoded."""
    raw_row = b"\0" * (width + 1)
    compressor = zlib.compressobj(9)
    parts = [compressor.compress(raw_row) for _ in range(height)]
    parts.append(compressor.flush())

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", b"".join(parts))
        + chunk(b"IEND", b"")
    )


@pytest.fixture
def cache(tmp_path: Path) -> MediaCache:
    return MediaCache(tmp_path / "media", max_image_bytes=2_000_000, max_cache_mb=10)


@pytest.fixture
def http(server: ScriptedServer) -> Iterator[HttpFetcher]:
    config = FeedConfig(source=server.url("/feed.json"), allow_http=True, timeout_seconds=1.0)
    with HttpFetcher(config) as fetcher:
        yield fetcher


def test_download_once_and_store_by_hash(
    cache: MediaCache, server: ScriptedServer, http: HttpFetcher, tmp_path: Path
) -> None:
    url = server.route("/img/a.png", Reply(body=image_bytes()))
    path = cache.get(ImageRef(url), http.download)
    assert path is not None
    stored = path.read_bytes()
    assert path.name == f"{hashlib.sha256(stored).hexdigest()}.jpg"
    with Image.open(path) as image:
        assert image.size == (400, 300)
        assert image.format == "JPEG"
    assert cache.get(ImageRef(url), http.download) == path
    # After a restart the index still knows it: no second download.
    again = MediaCache(tmp_path / "media", max_image_bytes=2_000_000, max_cache_mb=10)
    assert again.lookup(ImageRef(url)) == path
    assert again.get(ImageRef(url), http.download) == path
    assert len(server.requests) == 1


def test_large_image_is_scaled_to_fit_keeping_aspect(tmp_path: Path) -> None:
    source = tmp_path / "big.jpg"
    source.write_bytes(image_bytes((4000, 3000), fmt="JPEG"))
    cache = MediaCache(tmp_path / "media", max_image_bytes=2_000_000, max_size=(1920, 1080))
    path = cache.get(ImageRef(source.as_uri()))
    assert path is not None
    with Image.open(path) as image:
        assert image.size == (1440, 1080)


def test_transparency_is_kept_as_png(cache: MediaCache, tmp_path: Path) -> None:
    source = tmp_path / "logo.png"
    source.write_bytes(image_bytes(mode="RGBA"))
    path = cache.get(ImageRef(source.as_uri()))
    assert path is not None
    assert path.suffix == ".png"
    with Image.open(path) as image:
        assert image.mode == "RGBA"
        assert image.getpixel((0, 0)) == (200, 30, 30, 128)


def test_404_image_gives_none_and_logs_once(
    cache: MediaCache, server: ScriptedServer, http: HttpFetcher, caplog: pytest.LogCaptureFixture
) -> None:
    ref = ImageRef(server.url("/img/missing.png"))
    with caplog.at_level(logging.WARNING, logger="kiosk.feed.media"):
        assert cache.get(ref, http.download) is None
        assert cache.get(ref, http.download) is None
    lines = [r.getMessage() for r in caplog.records]
    assert lines == [f"image {ref.url} not shown: HTTP 404 from {ref.url}"]
    assert cache.problem(ref) == f"HTTP 404 from {ref.url}"
    # Fixed on the server: used at the next attempt.
    server.route("/img/missing.png", Reply(body=image_bytes()))
    assert cache.get(ref, http.download) is not None
    assert cache.problem(ref) is None


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (os.urandom(2_000), "is not an image (PNG, JPEG, GIF, WebP or BMP)"),
        (image_bytes((800, 600))[:400], "cannot be decoded"),
        (b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 10 10\n", "is not an image"),
        (b"<svg xmlns='http://www.w3.org/2000/svg'/>", "is not an image"),
    ],
    ids=["garbage", "truncated", "eps", "svg"],
)
def test_corrupt_images_are_refused(
    cache: MediaCache, server: ScriptedServer, http: HttpFetcher, data: bytes, reason: str
) -> None:
    ref = ImageRef(server.route("/img/bad", Reply(body=data)))
    assert cache.get(ref, http.download) is None
    assert (cache.problem(ref) or "").startswith(reason)
    assert list(cache.directory.glob("*.jpg")) == []


def test_pixel_count_is_checked_before_decoding(cache: MediaCache, tmp_path: Path) -> None:
    # The header claims 8000x8000; decoding would fail on the missing pixels, so the
    # pixel-count reason proves the check happened first.
    source = tmp_path / "claims-big.png"
    source.write_bytes(png_header_only(8000, 8000))
    ref = ImageRef(source.as_uri())
    assert cache.get(ref) is None
    assert cache.problem(ref) == "is 8000x8000 pixels, over the 40,000,000-pixel limit"


def test_decompression_bomb_is_refused(
    cache: MediaCache, server: ScriptedServer, http: HttpFetcher
) -> None:
    bomb = deflate_bomb(12_000, 12_000)  # 144 megapixels from about 140 kB
    assert len(bomb) < 300_000
    ref = ImageRef(server.route("/img/bomb.png", Reply(body=bomb)))
    assert cache.get(ref, http.download) is None
    assert cache.problem(ref) == "has too many pixels to decode safely"


def test_huge_claimed_size_is_refused(cache: MediaCache, tmp_path: Path) -> None:
    source = tmp_path / "giant.png"
    source.write_bytes(png_header_only(60_000, 60_000))
    ref = ImageRef(source.as_uri())
    assert cache.get(ref) is None
    assert cache.problem(ref) == "has too many pixels to decode safely"


def test_sha256_is_checked(cache: MediaCache, server: ScriptedServer, http: HttpFetcher) -> None:
    data = image_bytes()
    url = server.route("/img/a.png", Reply(body=data))
    wrong = ImageRef(url, sha256="0" * 64)
    assert cache.get(wrong, http.download) is None
    assert cache.problem(wrong) == "does not match the sha256 the feed gives"
    right = ImageRef(url, sha256=hashlib.sha256(data).hexdigest())
    assert cache.get(right, http.download) is not None


def test_size_cap_on_the_download(
    tmp_path: Path, server: ScriptedServer, http: HttpFetcher
) -> None:
    cache = MediaCache(tmp_path / "media", max_image_bytes=10_000)
    data = image_bytes((1500, 1500), fmt="BMP")
    ref = ImageRef(server.route("/img/big.bmp", Reply(body=data)))
    assert cache.get(ref, http.download) is None
    assert cache.problem(ref) == f"image is {len(data):,} bytes, over the 10,000-byte limit"
    local = tmp_path / "big.bmp"
    local.write_bytes(data)
    local_ref = ImageRef(local.as_uri())
    assert cache.get(local_ref) is None
    assert cache.problem(local_ref) == f"is {len(data):,} bytes, over the 10,000-byte limit"


def test_missing_file_and_http_without_downloader(cache: MediaCache, tmp_path: Path) -> None:
    missing = ImageRef((tmp_path / "nope.png").as_uri())
    assert cache.get(missing) is None
    assert cache.problem(missing) == "no such file"
    remote = ImageRef("https://127.0.0.1:9/x.png")
    assert cache.get(remote) is None
    assert cache.problem(remote) == "cannot be downloaded from a feed read from a file"


def test_damaged_stored_file_is_fetched_again(cache: MediaCache, tmp_path: Path) -> None:
    source = tmp_path / "a.png"
    source.write_bytes(image_bytes())
    ref = ImageRef(source.as_uri())
    path = cache.get(ref)
    assert path is not None
    path.write_bytes(b"damaged")
    fresh = MediaCache(cache.directory)
    again = fresh.get(ref)
    assert again == path
    assert hashlib.sha256(path.read_bytes()).hexdigest() == path.stem


def test_unreadable_index_starts_afresh(
    cache: MediaCache, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    source = tmp_path / "a.png"
    source.write_bytes(image_bytes())
    assert cache.get(ImageRef(source.as_uri())) is not None
    cache.index_path.write_bytes(b"\x00garbage")
    with caplog.at_level(logging.WARNING, logger="kiosk.feed.media"):
        fresh = MediaCache(cache.directory)
    assert fresh.lookup(ImageRef(source.as_uri())) is None
    assert "unreadable" in caplog.text
    assert fresh.get(ImageRef(source.as_uri())) is not None


def _store_images(cache: MediaCache, tmp_path: Path, count: int) -> list[Path]:
    paths = []
    for i in range(count):
        source = tmp_path / f"img{i}.png"
        Image.effect_noise((300, 300), 40 + i).convert("RGB").save(source)
        path = cache.get(ImageRef(source.as_uri()))
        assert path is not None
        os.utime(path, (1_700_000_000 + i, 1_700_000_000 + i))
        paths.append(path)
    return paths


def test_prune_removes_what_is_no_longer_referenced(cache: MediaCache, tmp_path: Path) -> None:
    paths = _store_images(cache, tmp_path, 3)
    (cache.directory / ".leftover.jpg.tmp").write_bytes(b"x")
    removed = cache.prune(keep=[paths[0], paths[2]])
    assert removed == [paths[1]]
    assert sorted(p.name for p in cache.directory.iterdir()) == sorted(
        [paths[0].name, paths[2].name, "index.json"]
    )
    assert cache.lookup(ImageRef((tmp_path / "img1.png").as_uri())) is None
    assert cache.lookup(ImageRef((tmp_path / "img0.png").as_uri())) == paths[0]


def test_prune_enforces_the_size_cap_oldest_first(tmp_path: Path) -> None:
    cache = MediaCache(tmp_path / "media", max_cache_mb=10)
    paths = _store_images(cache, tmp_path, 4)
    sizes = [p.stat().st_size for p in paths]
    cache.max_cache_bytes = sum(sizes[2:])  # room for the two newest only
    removed = cache.prune(keep=paths)
    assert sorted(removed) == sorted(paths[:2])
    assert cache.total_bytes() == sum(sizes[2:])
