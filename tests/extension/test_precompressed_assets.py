"""JupyterLab's assets go out as the <file>.gz written when the environment was built
(``interview_extension.precompress``), to clients that accept gzip, and as the file to the others;
a real lab server answers, and a real browser loads the room from the compressed assets."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from tests.support.platform import free_port

from .conftest import Lab, start_lab, stop_lab

STALE = "@test/stale/static/stale.js"


@pytest.fixture(scope="module")
def assets_lab(lab_venv: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Lab]:
    base = tmp_path_factory.mktemp("assets-lab")
    # a prebuilt extension of the test's own whose .gz is older than the file
    stale = base / "data" / "labextensions" / STALE
    stale.parent.mkdir(parents=True)
    stale.write_text("// first version\n" + "let a = 1;\n" * 500)
    orphan = stale.parent / "removed.js.gz"  # left by an extension's older version
    orphan.write_bytes(gzip.compress(b"let gone = 1;\n" * 200))
    shipped = stale.parent / "data.bin.gz"  # not one of ours: kept
    shipped.write_bytes(gzip.compress(b"0" * 2000))
    subprocess.run(
        [
            str(lab_venv / "bin" / "python"),
            "-m",
            "interview_extension.precompress",
            str(stale.parent),
        ],
        check=True,
        capture_output=True,
    )
    assert Path(f"{stale}.gz").exists()
    assert not orphan.exists() and shipped.exists()
    stale.write_text("// second version\n" + "let b = 2;\n" * 500)
    later = Path(f"{stale}.gz").stat().st_mtime + 5
    os.utime(stale, (later, later))
    started, process = start_lab(
        lab_venv, base, free_port(), "/services/interviews/", "", interview_env=False
    )
    yield started
    stop_lab(process)


def fetch(lab: Lab, path: str, accept: str | None) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(lab.url + path)
    if accept is not None:
        request.add_header("Accept-Encoding", accept)
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.status, {k.lower(): v for k, v in response.headers.items()}, response.read()


def lab_asset(venv: Path, pattern: str) -> Path:
    found = sorted((venv / "share" / "jupyter").glob(pattern))
    assert found, pattern
    return found[0]


def test_the_bundle_goes_gzipped_to_those_who_accept_it(lab_venv: Path, assets_lab: Lab) -> None:
    core = lab_asset(lab_venv, "lab/static/jlab_core.*.js")
    original = core.read_bytes()
    url = f"static/lab/{core.name}"

    status, headers, body = fetch(assets_lab, url, "gzip, deflate, br")
    assert status == 200 and headers.get("content-encoding") == "gzip", headers
    assert gzip.decompress(body) == original
    assert len(body) < len(original) * 0.4, (len(body), len(original))
    assert headers["vary"] == "Accept-Encoding"
    assert headers["cache-control"] == "public, max-age=31536000, immutable"  # still
    assert int(headers["content-length"]) == len(body)

    # no gzip: the file itself, with the same type
    for accept in (None, "identity", "gzip;q=0, br"):
        status, plain, body = fetch(assets_lab, url, accept)
        assert status == 200 and "content-encoding" not in plain, (accept, plain)
        assert body == original, accept
        assert plain["content-type"] == headers["content-type"], (accept, plain)
        assert plain["vary"] == "Accept-Encoding"

    # a file that is not worth compressing (a font) is sent as it is
    font = lab_asset(lab_venv, "lab/static/*.woff")
    status, headers, body = fetch(assets_lab, f"static/lab/{font.name}", "gzip")
    assert "content-encoding" not in headers and body == font.read_bytes()


def test_prebuilt_extensions_too_and_never_a_stale_gz(lab_venv: Path, assets_lab: Lab) -> None:
    entry = lab_asset(lab_venv, "labextensions/@interview-platform/lab/static/remoteEntry.*.js")
    rel = entry.relative_to(lab_venv / "share" / "jupyter" / "labextensions")
    status, headers, body = fetch(assets_lab, f"lab/extensions/{rel}", "gzip")
    assert status == 200 and headers.get("content-encoding") == "gzip", headers
    assert gzip.decompress(body) == entry.read_bytes()

    # the .gz is older than the file: the file is sent, never the old content
    status, headers, body = fetch(assets_lab, f"lab/extensions/{STALE}", "gzip")
    assert "content-encoding" not in headers, headers
    assert body.startswith(b"// second version")

    # outside the directories: still refused
    with pytest.raises(urllib.error.HTTPError) as refused:
        fetch(assets_lab, "lab/extensions/..%2F..%2F..%2Fetc%2Fpasswd", "gzip")
    assert refused.value.code in (403, 404)


def test_a_browser_loads_the_lab_from_compressed_assets(browser: Browser, assets_lab: Lab) -> None:
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(f"{assets_lab.url}lab?token={assets_lab.token}")
        page.locator(".jp-LabShell").wait_for(timeout=60_000)
        page.locator(".jp-DirListing-content").wait_for(timeout=60_000)  # the lab runs
        scripts = page.evaluate(
            """() => performance.getEntriesByType('resource')
                .filter(e => e.name.split('?')[0].endsWith('.js'))
                .map(e => ({name: e.name, sent: e.encodedBodySize, size: e.decodedBodySize}))"""
        )
        sent = sum(s["sent"] for s in scripts)
        size = sum(s["size"] for s in scripts)
        assert len(scripts) > 20 and size > 3_000_000, (len(scripts), size)
        assert sent < size * 0.4, (sent, size)  # gzip on the wire, decoded by the browser
    finally:
        context.close()


def test_accept_encoding_is_read_as_http_says(lab_venv: Path) -> None:
    cases = {
        "gzip": True,
        "gzip, deflate, br, zstd": True,
        "GZIP;Q=0.5": True,
        "*": True,
        "": False,
        "br": False,
        "identity": False,
        "gzip;q=0, br": False,
        "*, gzip;q=0": False,  # named beats the wildcard
        "deflate, *;q=0": False,
        "gzip;q=nonsense": False,
    }
    code = (
        "import json, sys\n"
        "from interview_extension.static import accepts_gzip\n"
        "print(json.dumps({h: accepts_gzip(h) for h in json.loads(sys.argv[1])}))"
    )
    out = subprocess.run(
        [str(lab_venv / "bin" / "python"), "-c", code, json.dumps(list(cases))],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    assert json.loads(out) == cases
