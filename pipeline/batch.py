"""Batches: inputs streamed to :func:`pipeline.process.process_file`, results stored by one writer.

The processing runs in this process (``executor="serial"``), in worker processes (``"process"``, the
default with ``jobs`` > 1) or on a Dask distributed cluster (``"dask"``): what travels is a file's bytes
out and a ParsedDocument back. The catalog is written only here, by the calling process, as results
arrive. Inputs are read one at a time and at most a few per worker are in flight, so memory stays
bounded however many files there are. A bad file becomes a failure with its reason and the rest goes
on; Ctrl-C stops taking new files, keeps what was stored, and the report says it was interrupted.
"""
from __future__ import annotations

import hashlib
import os
import signal
import sqlite3
import sys
import threading
from collections import deque
from contextlib import contextmanager
from dataclasses import replace
from typing import Callable, Iterable, Iterator

from .catalog import Catalog, IngestReport, Outcome
from .fitting import REPAIR, current_models, out_of_step, refit
from .ingest import IngestError, InputFile, iter_inputs
from .process import DEFAULT_MAX_SIZE, process_file
from .records import ParsedDocument
from .themes import annotate

EXECUTORS = ("serial", "process", "dask")
IN_FLIGHT_PER_WORKER = 2

_nlp = None  # one language pipeline per worker process, built on its first file


def _worker_nlp(words: tuple[str, ...]):
    global _nlp
    if _nlp is None:
        from .extract import default_nlp

        _nlp = default_nlp()
    _nlp.tokenizer.add_words(words)  # slogans already in the catalog stay whole tokens
    return _nlp


def _ignore_interrupt() -> None:
    # Ctrl-C goes to the whole process group; the parent decides what it means.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _die_with_parent()


def _die_with_parent() -> None:
    """A worker ends when the batch that started it is killed (kill -9 leaves no time to stop its
    workers, and each would otherwise sit on its memory, waiting for work that never comes). Linux."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        PR_SET_PDEATHSIG = 1
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    except (OSError, AttributeError):
        pass


def work(data: bytes, name: str, path: str, words: tuple[str, ...] = (),
         max_size: int | None = DEFAULT_MAX_SIZE) -> ParsedDocument | str:
    """Process one file: its ParsedDocument, or the one-line reason it failed. Runs anywhere."""
    try:
        return process_file(data, name, path, _worker_nlp(words), max_size)
    except IngestError as err:
        return str(err)
    except RecursionError:
        return "input too deeply nested to read"
    except MemoryError:
        return "input too large to process in memory"
    except Exception as err:  # a bug must not stop the batch; say what it was
        return f"internal error while processing: {type(err).__name__}: {err}"


DEFAULT_TIMEOUT = 120  # seconds one file may take in a worker (--timeout)


class FileTimeout(BaseException):
    """Raised in the serial runner when a file's time is up. A BaseException, so the pipeline's own
    ``except Exception`` handlers do not swallow it."""


def took_longer(timeout: float) -> str:
    return f"took longer than {timeout:g} s; stopped (raise the limit with --timeout)"


@contextmanager
def _time_limit(seconds: float | None):
    """Interrupt the code in the block after ``seconds`` (the main thread only: SIGALRM). Python code
    is interrupted at once; a call into C code at its return."""
    if not seconds or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expired(signum, frame):
        raise FileTimeout

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _serial(tasks: Iterator[tuple], words, max_size, jobs, address, timeout):
    for item, sha in tasks:
        try:
            with _time_limit(timeout):
                result = work(item.data, item.name, item.path, words, max_size)
        except FileTimeout:
            result = took_longer(timeout)
        yield item, sha, result


def _processes(tasks: Iterator[tuple], words, max_size, jobs, address, timeout):
    """Worker processes (pebble's pool): a file that outruns ``timeout`` has its worker killed and
    replaced, and fails with the time it took; the rest goes on."""
    from pebble import ProcessPool

    with ProcessPool(max_workers=jobs, initializer=_ignore_interrupt) as pool:
        window: deque = deque()
        try:
            for item, sha in tasks:
                future = pool.schedule(work, args=(item.data, item.name, item.path, words, max_size),
                                       timeout=timeout or None)
                window.append((item, sha, future))
                while len(window) >= jobs * IN_FLIGHT_PER_WORKER:
                    yield _done(window.popleft(), timeout)
            while window:
                yield _done(window.popleft(), timeout)
        finally:
            for _, _, future in window:
                future.cancel()
            pool.stop()


def _done(entry, timeout: float | None = None, wait: float | None = None) -> tuple:
    item, sha, future = entry
    try:
        return item, sha, future.result(timeout=wait)
    except TimeoutError:
        future.cancel()
        return item, sha, took_longer(timeout)
    except Exception as err:  # a worker that died (out of memory, killed)
        return item, sha, f"internal error while processing: worker failed: {type(err).__name__}: {err}"


def _dask(tasks: Iterator[tuple], words, max_size, jobs, address, timeout):
    from dask.distributed import Client, LocalCluster

    cluster = None
    if address:
        client = Client(address)
    else:
        cluster = LocalCluster(n_workers=jobs, threads_per_worker=1, processes=True, dashboard_address=None)
        client = Client(cluster)
    try:
        window: deque = deque()
        workers = max(1, len(client.scheduler_info().get("workers", {})) or jobs)
        for item, sha in tasks:
            window.append((item, sha, client.submit(work, item.data, item.name, item.path, words, max_size,
                                                    pure=False)))
            while len(window) >= workers * IN_FLIGHT_PER_WORKER:
                yield _done(window.popleft(), timeout, timeout)  # from the wait: dask cannot stop a task
        while window:
            yield _done(window.popleft(), timeout, timeout)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _cause(err: Exception) -> str:
    text = getattr(err, "strerror", None) or str(err)
    if "full" in text.lower():
        return f"disk full ({text})"
    return text


RUNNERS = {"serial": _serial, "process": _processes, "dask": _dask}


def ingest(catalog: Catalog, paths: Iterable, on_outcome: Callable[[Outcome], None] | None = None,
           jobs: int | None = 1, executor: str | None = None, address: str | None = None,
           max_size: int | None = DEFAULT_MAX_SIZE, fit: bool = True,
           timeout: float | None = DEFAULT_TIMEOUT) -> IngestReport:
    """Ingest files, folders and zips into ``catalog``; see the module's doc for the executors.

    Practices get themes and a cluster from the models beside the catalog as they are stored; a
    catalog with no models yet has them fitted after its first batch (``fit=False``: not). A file
    that takes longer than ``timeout`` seconds to process fails with that reason (None: no limit).
    """
    jobs = jobs or os.cpu_count() or 1
    executor = executor or ("dask" if address else "process" if jobs > 1 else "serial")
    if executor not in RUNNERS:
        raise ValueError(f"unknown executor {executor!r}; choose from {', '.join(EXECUTORS)}")
    report = IngestReport()
    catalog.remove_partial_files()  # what a crashed writer left (under the write lock)
    words = tuple(catalog.known_slogans())
    models = current_models(catalog)  # themes and clusters: new practices are placed, not refitted
    apart = out_of_step(catalog, models)
    if apart:  # a refit killed before it relabelled: labels from that model would not match the catalog's
        report.notes += [f"the saved {part} model is not the one the catalog was labelled with; new practices "
                         f"are left without {part} ({REPAIR[part]})" for part in apart]
        models = replace(models, **{part: None for part in apart})

    def emit(outcome: Outcome) -> None:
        report.outcomes.append(outcome)
        if on_outcome:
            on_outcome(outcome)

    def fail(path: str, sha: str | None, reason: str) -> None:
        catalog.record_failure(path, sha, reason)
        emit(Outcome(path, "failed", reason))

    def tasks() -> Iterator[tuple[InputFile, str]]:
        for item in iter_inputs(paths, skip=catalog.own_files(), max_size=max_size):
            if item.error is not None:
                fail(item.path, None, item.error)
                continue
            sha = hashlib.sha256(item.data).hexdigest()
            if catalog.has(sha):
                emit(Outcome(item.path, "already"))
                continue
            yield item, sha

    with _interrupt_flag() as stop:
        results = RUNNERS[executor](tasks(), words, max_size, jobs, address, timeout)
        try:
            for item, sha, result in results:
                if isinstance(result, str):
                    fail(item.path, sha, result)
                else:
                    try:
                        if models is not None:
                            annotate(result, models)
                        emit(catalog.store(result, item.data, item.path))
                    except (OSError, sqlite3.OperationalError) as err:  # disk full, no permission: say so
                        fail(item.path, sha, f"cannot write to the catalog: {_cause(err)}")
                if stop.is_set():  # Ctrl-C: the file in hand is finished and stored; take no more
                    report.interrupted = True
                    break
        except KeyboardInterrupt:  # a second Ctrl-C, or one outside the main thread's handler
            report.interrupted = True
        finally:
            results.close()
        report.signal = stop.signal if report.interrupted else None
    if models is None and report.count("ingested") and fit:
        # The first batch of a catalog: fit themes and clusters over it, so search has them at once.
        fitted = refit(catalog)
        report.fitted = (f"themes (v{fitted.themes_info.version}) and {len(fitted.clusters.sizes_)} clusters "
                         f"(v{fitted.clusters_info.version}) fitted over {fitted.clusters_info.practices} practices"
                         if fitted.clusters is not None else None)
    return report


@contextmanager
def _interrupt_flag():
    """Ctrl-C (SIGINT) or SIGTERM sets a flag the batch checks between files, instead of stopping it
    mid-write; the flag's ``signal`` says which. A second one stops at once."""
    stop = threading.Event()
    stop.signal = None
    if threading.current_thread() is not threading.main_thread():
        yield stop
        return

    def handler(signum, frame):
        if stop.is_set():
            raise KeyboardInterrupt
        stop.signal = signum
        stop.set()

    previous = {sig: signal.signal(sig, handler) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield stop
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)
