"""Every language kernel of the single-user environment, run inside a sandboxed server.

The sandbox sees no repository and no home directory of the host: the kernels, their
kernelspecs, esbuild and the precompiled caches must all come from the single-user venv
(scripts/build-singleuser-env), and compilers from Debian's read-only /usr.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from tests.spawners.conftest import Server
from tests.spawners.lab_assets import check_assets_are_compressed
from tests.support.platform import Platform

pytestmark = pytest.mark.asyncio(loop_scope="module")

PROGRAMS = {
    "c": '#include <stdio.h>\nint main(void){int n; scanf("%d",&n); printf("c %d\\n", n*2);}',
    "cpp": (
        "#include <bits/stdc++.h>\nint main(){int n; std::cin>>n;"
        ' std::vector<int> v(n, 1); std::cout << "cpp " << std::accumulate(v.begin(),'
        " v.end(), 0) * 2 << std::endl;}"
    ),
    "java": (
        "import java.util.Scanner;\npublic class Main { public static void main(String[] a)"
        ' { int n = new Scanner(System.in).nextInt(); System.out.println("java " + n * 2); } }'
    ),
    "javascript": (
        "const n = Number(require('fs').readFileSync(0, 'utf8').trim());"
        " console.log('javascript', n * 2);"
    ),
    "typescript": (
        "const n: number = Number(require('fs').readFileSync(0, 'utf8').trim());"
        " console.log('typescript', n * 2);"
    ),
    "go": (
        'package main\nimport "fmt"\nfunc main() { var n int; fmt.Scan(&n);'
        ' fmt.Println("go", n*2) }'
    ),
    "rust": (
        "use std::io::Read;\nfn main() { let mut s = String::new();"
        " std::io::stdin().read_to_string(&mut s).unwrap();"
        ' let n: i64 = s.trim().parse().unwrap(); println!("rust {}", n * 2); }'
    ),
}


@pytest.fixture(scope="module")
async def server(bwrap_platform: Platform, admin_token: str) -> AsyncIterator[Server]:
    server = await Server(bwrap_platform, admin_token, "carol", "iv-kernels").start()
    yield server
    if await server.model():
        await server.stop()


async def test_kernelspecs_come_from_the_venv(server: Server) -> None:
    kernel = await server.kernel()
    listed = await kernel.run(
        "import json, subprocess\n"
        "from jupyter_client.kernelspec import KernelSpecManager\n"
        "print(json.dumps(sorted(KernelSpecManager().find_kernel_specs())))"
    )
    await kernel.close()
    for name in [*PROGRAMS, "python3"]:
        assert f'"{name}"' in listed.stdout, listed


async def test_the_lab_is_sent_compressed(server: Server) -> None:
    async with server.client() as client:
        await check_assets_are_compressed(client, server.base)


@pytest.mark.parametrize("language", list(PROGRAMS))
async def test_each_language_runs_inside_the_sandbox(server: Server, language: str) -> None:
    kernel = await server.kernel(language)
    try:
        done = await kernel.run(f"%%stdin\n21\n%%\n{PROGRAMS[language]}", timeout=120)
    finally:
        await kernel.close()
    assert done.status == "ok", done
    assert done.stdout.strip().endswith(f"{language} 42"), done
