"""Optional dependencies are extras: where one is not installed, the command that needs it says
which extra to install, in one line, and the rest of kg works."""
import subprocess
import sys

import pytest

MISSING = "import sys; sys.modules[{name!r}] = None  # as if not installed\n"


def run(missing: str, code: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", MISSING.format(name=missing) + code], capture_output=True, text=True)


@pytest.mark.model
def test_a_cluster_build_without_dask_names_the_dask_extra(tmp_path):
    (tmp_path / "a.txt").write_text("Chancellor Ingrid Holm met President Paulo Serra in Oslo.", encoding="utf-8")
    got = run("distributed", f"from kg.errors import KGError\nfrom kg.distributed import build\n"
                             f"try:\n    build([{str(tmp_path)!r}], local_workers=1)\n"
                             f"except KGError as e:\n    print(e)\n")
    assert got.returncode == 0, got.stderr
    assert "pip install 'kg[dask]'" in got.stdout


def test_the_core_needs_no_dask():
    got = run("distributed", "import kg.cli, kg.pipeline, kg.query, kg.exporters\nprint('ok')")
    assert got.stdout.strip() == "ok", got.stderr
