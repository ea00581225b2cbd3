"""`bitext batch --scheduler tcp://HOST:PORT`: the same per-pair task on a Dask distributed cluster.

Workers need bitext (the same version) and read the inputs and write OUT_DIR through a path they
share with the machine that runs `bitext batch`; results come back as files in OUT_DIR and one small
record per pair. A worker plugin loads the encoder once per worker process, when the worker joins.
A worker that dies is replaced by Dask: its pairs run again elsewhere (a pair whose folder was
already complete is not aligned twice, see batch.run_pair).

Needs the extra `cluster` (`pip install 'un-bitext[cluster]'`, i.e. dask[distributed]).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from align import __version__
from align.errors import InputError

try:
    from distributed import WorkerPlugin
except ImportError:  # the extra is not installed: DaskPool says so
    WorkerPlugin = object  # type: ignore[assignment,misc]


class EncoderPlugin(WorkerPlugin):
    """Loads the sentence encoder once in every worker process, as it joins the cluster."""

    name = "bitext-encoder"

    def __init__(self, encoder: str = "usem3", threads: int | None = 1):
        self.encoder = encoder
        self.threads = threads

    def setup(self, worker) -> None:
        from align.pipeline.worker import load_encoder

        load_encoder(self.encoder, False, self.threads)


def _worker_version() -> str:
    from align import __version__ as version

    return version


class DaskPool:
    """Runs tasks on the cluster at `address`; same interface as batch.LocalPool."""

    def __init__(self, address: str, encoder: str, cache: bool, threads: int | None = 1, timeout: float = 20):
        try:
            from distributed import Client
        except ImportError:
            raise InputError("--scheduler needs Dask: pip install 'un-bitext[cluster]' (dask[distributed])") from None
        try:
            self.client = Client(address, timeout=timeout, set_as_default=False)
        except (OSError, TimeoutError) as e:
            raise InputError(f"cannot reach the Dask scheduler ({e})", address) from None
        workers = self.client.scheduler_info(n_workers=-1).get("workers", {})
        if not workers:
            self.client.close()
            raise InputError("the Dask scheduler has no workers; start some with: dask worker " + address, address)
        versions = self.client.run(_worker_version)
        other = sorted({v for v in versions.values() if v != __version__})
        if other:
            self.client.close()
            raise InputError(f"workers run bitext {', '.join(other)}, this is {__version__}: install the same "
                             "version everywhere", address)
        self.client.register_plugin(EncoderPlugin(encoder, threads))
        self.cache = cache

    def map(self, fn: Callable, items: list) -> Iterator[tuple[object, object, str | None]]:
        from distributed import as_completed

        futures = {}
        for n, item in enumerate(items):
            key = f"bitext-{getattr(item, 'name', 'file')}-{n}-{id(items):x}"
            futures[self.client.submit(fn, item, key=key, pure=False)] = item
        try:
            for fut in as_completed(list(futures), loop=self.client.loop):
                item = futures.pop(fut)
                try:
                    yield item, fut.result(), None
                except Exception as e:  # noqa: BLE001 - KilledWorker and the like, reported per item
                    name = type(e).__name__
                    reason = ("the workers running this pair died each time (killed, or out of memory)"
                              if name == "KilledWorker" else f"{name}: {e}")
                    yield item, None, reason
                finally:
                    fut.release()
        finally:
            if futures:
                self.client.cancel(list(futures))

    def close(self) -> None:
        if getattr(self, "client", None) is not None:
            client, self.client = self.client, None
            client.close()
