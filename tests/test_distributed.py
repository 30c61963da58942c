"""A build on a Dask LocalCluster (loopback only) gives the same bytes as a plain build."""
import pytest
from click.testing import CliRunner

from kg.cli import main

from .conftest import SEEDS

pytestmark = pytest.mark.model


def test_local_cluster_build_is_byte_identical(tmp_path):
    runner = CliRunner()
    plain = runner.invoke(main, ["build", str(SEEDS), "-o", str(tmp_path / "plain.ttl")], catch_exceptions=False)
    assert plain.exit_code == 0
    dist = runner.invoke(main, ["build", str(SEEDS), "-o", str(tmp_path / "dist.ttl"), "--cluster", "local"],
                         catch_exceptions=False)
    assert dist.exit_code == 0, dist.output
    assert (tmp_path / "dist.ttl").read_bytes() == (tmp_path / "plain.ttl").read_bytes()


def test_unreachable_scheduler_is_one_line(tmp_path):
    result = CliRunner().invoke(main, ["build", str(SEEDS), "-o", str(tmp_path / "g.ttl"),
                                       "--scheduler", "tcp://127.0.0.1:9"])
    assert result.exit_code == 1
    assert result.output.strip().splitlines()[-1].startswith("Error: cannot reach the Dask scheduler tcp://127.0.0.1:9")


def test_the_dask_executor_of_kg_build_gives_the_local_executors_graph():
    import kg

    text = "Chancellor Ingrid Holm met President Paulo Serra in Oslo on Monday."
    local = kg.build([text, SEEDS])
    dask = kg.build([text, SEEDS], executor="dask", jobs=2)
    assert [a.id for a in dask.articles] == [a.id for a in local.articles]
    assert sorted(dask.graph.serialize(format="nt").splitlines()) \
        == sorted(local.graph.serialize(format="nt").splitlines())
