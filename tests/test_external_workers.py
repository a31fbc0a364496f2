"""End to end with the SDK workers in another directory, as on a cluster: Beam's job service and an EXTERNAL worker
pool run as separate processes started in a temporary directory, and the CLI is given relative paths."""

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import PROJECT_ROOT, SEEDS
from tests.test_cli import _outputs, _run, _summary_without_run

# Both services listen ~3 s after starting on an idle 2-core machine; a CI machine running other tests is slower.
LISTEN_SECONDS = 60
# The seeds run takes ~6 s through the services; a hung job fails the test instead of hanging CI.
RUN_SECONDS = 300
# SIGTERM ends both services at once; a service that ignores it gets SIGKILL after this.
STOP_SECONDS = 10
POOL = "apache_beam.runners.worker.worker_pool_main"
JOB_SERVICE = "apache_beam.runners.portability.local_job_service_main"


def _free_port() -> int:
    try:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            return int(probe.getsockname()[1])
    except OSError as error:
        pytest.skip(f"no loopback networking for Beam's job service and worker pool: {error}")


def _service_env() -> dict[str, str]:
    env = dict(os.environ)
    # The pool starts each SDK worker as a plain `python` from PATH: it must be this interpreter, and the workers must
    # import this checkout's `pipeline` (installed editable; the path is added in case it is not).
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(PROJECT_ROOT), env.get("PYTHONPATH")]))
    return env


def _stop(process: subprocess.Popen) -> None:
    """Stop a service and the workers it started (its process group): SIGTERM, then SIGKILL for whatever is left,
    even when the service itself already exited."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            break
        try:
            process.wait(STOP_SECONDS)
        except subprocess.TimeoutExpired:
            continue


def _start(
    module: str, args: list[str], directory: Path, request: pytest.FixtureRequest
) -> tuple[subprocess.Popen, Path]:
    """Start ``python -m module`` in ``directory``, logging to a file there; stopped when the fixture ends."""
    log = directory / f"{module.rsplit('.', 1)[-1]}.log"
    with log.open("wb") as handle:
        process = subprocess.Popen(
            [sys.executable, "-m", module, *args],
            cwd=directory,
            stdout=handle,
            stderr=subprocess.STDOUT,
            env=_service_env(),
            start_new_session=True,  # its own process group, which _stop ends with everything it started
        )
    request.addfinalizer(lambda: _stop(process))
    return process, log


def _wait_listening(process: subprocess.Popen, log: Path, port: int) -> None:
    deadline = time.monotonic() + LISTEN_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"{log.stem} exited with {process.returncode} before listening on port {port}:\n{_tail(log)}")
        try:
            with socket.create_connection(("localhost", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    pytest.fail(f"{log.stem} did not listen on localhost:{port} within {LISTEN_SECONDS} s:\n{_tail(log)}")


def _tail(log: Path, lines: int = 20) -> str:
    return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])


@pytest.fixture(scope="module")
def services(tmp_path_factory, request) -> Iterator[tuple[str, str, Path]]:
    """(job endpoint, worker pool endpoint, the services' directory), both on loopback, stopped after the module."""
    directory = tmp_path_factory.mktemp("workers")
    pool_port, job_port = _free_port(), _free_port()
    pool = _start(POOL, [f"--service_port={pool_port}"], directory, request)
    job = _start(JOB_SERVICE, [f"--port={job_port}", f"--staging_dir={directory / 'staging'}"], directory, request)
    _wait_listening(*pool, pool_port)
    _wait_listening(*job, job_port)
    yield f"localhost:{job_port}", f"localhost:{pool_port}", directory


def test_external_workers_in_another_directory_get_relative_paths_right(services, tmp_path):
    job_endpoint, pool_endpoint, workers_dir = services
    # Run from the checkout with relative --input and --output, as the issue did; the workers run in workers_dir.
    output = os.path.relpath(tmp_path / "external", PROJECT_ROOT)
    completed = subprocess.run(
        [
            *(sys.executable, "-m", "pipeline", "run", "--input", "seeds/", "--output", output, "--quiet"),
            *("--runner=PortableRunner", f"--job_endpoint={job_endpoint}"),
            *("--environment_type=EXTERNAL", f"--environment_config={pool_endpoint}"),
        ],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=RUN_SECONDS,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr[-4000:]
    default = _run(tmp_path, "--input", str(SEEDS), name="default")
    assert _outputs(tmp_path / "external") == _outputs(default)
    assert _summary_without_run(tmp_path / "external") == _summary_without_run(default)
    # Nothing was written where the workers run: only the services' logs and the job service's staged artifacts.
    assert {p.name for p in workers_dir.iterdir()} <= {"worker_pool_main.log", "local_job_service_main.log", "staging"}
