"""JupyterLab's assets, sent gzip-compressed without compressing them on every request.

A join loads ~5.8 MB of JavaScript (JupyterLab's bundle and the prebuilt extensions), which
jupyter_server sends as is. ``python -m interview_extension.precompress [DIR…]`` (run when the
single-user environment is built) writes a ``<file>.gz`` beside every compressible asset
(level 9, about a quarter of the size); :class:`PrecompressedFileHandler` sends that file with
``Content-Encoding: gzip`` to browsers that accept it, and the file itself to the others. Nothing
is compressed per request (tornado's ``compress_response`` would spend ~0.1 s of the server's CPU
on every join).

A ``.gz`` is used only while it is at least as new as its file (the writer gives it the file's
modification time), so an asset changed later is never answered with its old content.
"""

from __future__ import annotations

import gzip
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from jupyter_server.base.handlers import FileFindHandler

COMPRESSIBLE = (".js", ".mjs", ".css", ".json", ".svg", ".html", ".txt", ".ttf", ".eot", ".otf")
MIN_BYTES = 1024  # smaller files gain less than the header costs
MAX_RATIO = 0.9  # a .gz not at least 10 % smaller is not kept


def accepts_gzip(header: str) -> bool:
    """Whether an ``Accept-Encoding`` value admits gzip: named with a q above 0, or through
    ``*`` when not named (``gzip;q=0`` refuses it)."""
    weights: dict[str, float] = {}
    for part in header.split(","):
        name, *params = (p.strip() for p in part.split(";"))
        q = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        weights.setdefault(name.lower(), q)
    return weights.get("gzip", weights.get("*", 0.0)) > 0


def fresh_gzip(path: str) -> str | None:
    """``path + '.gz'`` when it exists and is not older than ``path``."""
    encoded = path + ".gz"
    try:
        if os.stat(encoded).st_mtime >= os.stat(path).st_mtime:
            return encoded
    except OSError:
        pass
    return None


def precompress(roots: Iterable[Path], level: int = 9) -> dict[str, int]:
    """Write ``<file>.gz`` for each compressible file under ``roots`` that lacks a fresh one.

    Written to a temporary name and renamed, with the file's times, so a server reading the
    directory meanwhile sees either no ``.gz`` or a whole one.
    """
    found = {"files": 0, "written": 0, "bytes": 0, "gzip_bytes": 0}
    for root in roots:
        for path in sorted(Path(root).rglob("*.gz")):
            made = path.name[:-3].endswith(COMPRESSIBLE)  # one of ours, its file removed since
            if made and not Path(str(path)[:-3]).exists():  # (an upgraded extension)
                path.unlink()
        for path in sorted(Path(root).rglob("*")):
            if not path.is_file() or path.is_symlink() or not path.name.endswith(COMPRESSIBLE):
                continue
            stat = path.stat()
            if stat.st_size < MIN_BYTES:
                continue
            encoded = Path(str(path) + ".gz")
            found["files"] += 1
            if fresh_gzip(str(path)) is None:
                data = gzip.compress(path.read_bytes(), compresslevel=level, mtime=0)
                if len(data) > stat.st_size * MAX_RATIO:
                    encoded.unlink(missing_ok=True)
                    continue
                tmp = encoded.with_name(f".{encoded.name}.tmp")
                tmp.write_bytes(data)
                os.chmod(tmp, stat.st_mode & 0o777)
                os.utime(tmp, ns=(stat.st_atime_ns, stat.st_mtime_ns))
                os.replace(tmp, encoded)
                found["written"] += 1
            found["bytes"] += stat.st_size
            found["gzip_bytes"] += encoded.stat().st_size  # fresh or just written
    return found


class PrecompressedFileHandler(FileFindHandler):
    """jupyter_server's static file handler, answering with ``<file>.gz`` where one is fresh
    and the request accepts gzip (see the module's docstring)."""

    _original: str | None = None  # the asset whose .gz is being sent

    def validate_absolute_path(self, root: str, absolute_path: str) -> str | None:
        path: str | None = super().validate_absolute_path(root, absolute_path)
        self._original = None
        if path is None or not path.endswith(COMPRESSIBLE):
            return path
        if not accepts_gzip(self.request.headers.get("Accept-Encoding", "")):
            return path
        encoded = fresh_gzip(path)
        if encoded is None:
            return path
        # the .gz through the same checks (inside a root, symlinks, a regular file), which
        # also make tornado take its size and time, not the original's
        checked: str | None = super().validate_absolute_path(root, encoded)
        if checked is None:
            return path
        self._original = path
        return checked

    def get_content_type(self) -> str:
        """The asset's own type (tornado would call a ``.gz`` application/gzip)."""
        if self._original is None:
            return str(super().get_content_type())
        sent = getattr(self, "absolute_path", None)
        setattr(self, "absolute_path", self._original)  # noqa: B010 (tornado's attribute)
        try:
            return str(super().get_content_type())
        finally:
            setattr(self, "absolute_path", sent)  # noqa: B010

    def set_extra_headers(self, path: str) -> None:
        super().set_extra_headers(path)
        if (self._original or path).endswith(COMPRESSIBLE):
            self.set_header("Vary", "Accept-Encoding")
        if self._original is not None:
            self.set_header("Content-Encoding", "gzip")


class PrecompressedLabExtensionsHandler(PrecompressedFileHandler):
    """The prebuilt extensions' assets (``lab/extensions/…``), from JupyterLab's own list of
    directories: JupyterLab routes them to a plain FileFindHandler of its own."""

    def initialize(self, labapp: Any) -> None:
        kwargs: dict[str, Any] = {}
        if hasattr(FileFindHandler, "follow_dir_symlinks"):  # as JupyterLab's own route does
            kwargs["follow_dir_symlinks"] = True
        super().initialize(
            path=list(labapp.extra_labextensions_path) + list(labapp.labextensions_path),
            no_cache_paths=[] if labapp.cache_files else ["/"],
            **kwargs,
        )
