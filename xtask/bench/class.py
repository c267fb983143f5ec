#!/usr/bin/env python3
"""Can this server hold a class?  Load and abuse figures for one HTTP server on loopback.

    python3 xtask/bench/class.py --name roundtrip --base http://127.0.0.1:PORT --pid PID \
        --status-path /api/status/200 --wasm-path /roundtrip-XXXX_bg.wasm [--skip-abuse] [--quick]

Prints figures, never pass/fail (the exit status is 0 unless the arguments are
wrong or the server does not answer at all).  Every loop is bounded in count
and in time, so a run ends by itself (about 60 s per server; --quick divides
every count and duration by 10).  It only ever connects to 127.0.0.1.

Sections:
  1 slow/silent   200 half-sent request heads + 300 silent connections: when
                  does the server close them; a normal client's latency meanwhile
  2 header flood  1,000 connections each sending ~400 KB of headers, never
                  finished: the server's RSS before / peak / after, answers
  3 wasm          20 keep-alive clients GET the wasm with Accept-Encoding: br,
                  then without, alternating: requests/s, MB/s, the ratio
  4 status/load   status-path latency (one sequential client) while 20 clients
                  download the compressed wasm; and with no load
  5 throughput    4 keep-alive connections on status-path: requests/s, p50, p99

--skip-abuse skips 1 and 2.  RSS and CPU are summed over --pid and its
descendants (nginx's and gunicorn's workers are children of the master).
Python 3 standard library only.  Load runs in a child process (fork), so the
latency probes in this process do not wait for the load threads' GIL.
"""

import argparse
import collections
import multiprocessing
import os
import resource
import select
import socket
import sys
import threading
import time
import urllib.parse

LOOPBACK = "127.0.0.1"  # the only address this tool ever connects to


# ---------------------------------------------------------------------------
# scale (--quick) and small helpers
# ---------------------------------------------------------------------------


class Scale:
    def __init__(self, quick):
        self.quick = quick

    def n(self, count):
        return max(1, count // 10) if self.quick else count

    def t(self, seconds):
        return seconds / 10 if self.quick else seconds


def pct(values, q):
    """Nearest-rank percentile of a list (not necessarily sorted)."""
    if not values:
        return float("nan")
    s = sorted(values)
    k = max(1, min(len(s), int(-(-q * len(s) // 1))))  # ceil(q * n), clamped to 1..n
    return s[k - 1]


def ms(seconds):
    if seconds != seconds:  # NaN
        return "n/a"
    v = seconds * 1000
    return f"{v:.2f} ms" if v < 10 else f"{v:.1f} ms" if v < 100 else f"{v:.0f} ms"


def counts(counter):
    """Counter -> '431×980, no answer×20' (most common first)."""
    if not counter:
        return "none"
    return ", ".join(f"{k}×{v}" for k, v in counter.most_common())


def progress(text):
    print(f"class.py: {text}", file=sys.stderr, flush=True)


def fd_room(margin=48):
    """How many more descriptors this process may open."""
    soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    try:
        used = len(os.listdir("/proc/self/fd"))
    except OSError:
        used = 64
    return max(0, soft - used - margin)


def raise_file_limit():
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard == resource.RLIM_INFINITY or hard > soft:
        target = hard if hard != resource.RLIM_INFINITY else max(soft, 65536)
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
        except (ValueError, OSError):
            pass
    return resource.getrlimit(resource.RLIMIT_NOFILE)


# ---------------------------------------------------------------------------
# the server's process tree: RSS and CPU from /proc
# ---------------------------------------------------------------------------


class Target:
    """--pid and its descendants (nginx/gunicorn workers are children of the master)."""

    def __init__(self, pid):
        self.pid = pid
        self.tick = os.sysconf("SC_CLK_TCK")

    def alive(self):
        return self.pid is not None and os.path.exists(f"/proc/{self.pid}/status")

    def pids(self):
        if not self.alive():
            return []
        children = collections.defaultdict(list)
        for name in os.listdir("/proc"):
            if not name.isdigit():
                continue
            try:
                with open(f"/proc/{name}/stat") as f:
                    ppid = int(f.read().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            children[ppid].append(int(name))
        tree = [self.pid]
        i = 0
        while i < len(tree) and i < 10_000:
            tree.extend(children.get(tree[i], ()))
            i += 1
        return tree

    @staticmethod
    def _status_kib(pid, field):
        try:
            with open(f"/proc/{pid}/status") as f:
                for line in f:
                    if line.startswith(field + ":"):
                        return int(line.split()[1])
        except (OSError, ValueError, IndexError):
            pass
        return 0

    def rss_mib(self, pids=None):
        pids = self.pids() if pids is None else pids
        if not pids:
            return None
        return sum(self._status_kib(p, "VmRSS") for p in pids) / 1024

    def hwm_mib(self):
        """Kernel's peak RSS of the main process (since it started)."""
        return self._status_kib(self.pid, "VmHWM") / 1024 if self.alive() else None

    def cpu_s(self, pids=None):
        pids = self.pids() if pids is None else pids
        if not pids:
            return None
        total = 0
        for p in pids:
            try:
                with open(f"/proc/{p}/stat") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
                total += int(fields[11]) + int(fields[12])  # utime, stime
            except (OSError, ValueError, IndexError):
                pass
        return total / self.tick


def mib(v):
    return "n/a" if v is None else f"{v:.1f}"


# ---------------------------------------------------------------------------
# a minimal keep-alive HTTP/1.1 client (Content-Length, chunked, until-close)
# ---------------------------------------------------------------------------


class Http:
    def __init__(self, port, timeout=10.0):
        self.port = port
        self.timeout = timeout
        self.sock = None
        self.buf = bytearray()
        self.scratch = bytearray(256 * 1024)
        self.connects = 0

    def close(self):
        if self.sock is not None:
            try:
                self.sock.close()
            except OSError:
                pass
        self.sock = None
        self.buf = bytearray()

    def _connect(self):
        self.close()
        s = socket.create_connection((LOOPBACK, self.port), timeout=self.timeout)
        s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.sock = s
        self.connects += 1

    def _fill(self):
        data = self.sock.recv(65536)
        if not data:
            raise EOFError("connection closed by the server")
        self.buf += data

    def _line(self):
        while True:
            i = self.buf.find(b"\n")
            if i >= 0:
                line = bytes(self.buf[:i]).rstrip(b"\r")
                del self.buf[: i + 1]
                return line
            if len(self.buf) > 256 * 1024:
                raise ValueError("response head line too long")
            self._fill()

    def _discard(self, n):
        take = min(n, len(self.buf))
        del self.buf[:take]
        left = n - take
        view = memoryview(self.scratch)
        while left:
            k = self.sock.recv_into(view, min(left, len(self.scratch)))
            if k == 0:
                raise EOFError("connection closed inside a body")
            left -= k
        return n

    def _discard_to_eof(self):
        n = len(self.buf)
        self.buf = bytearray()
        view = memoryview(self.scratch)
        while True:
            k = self.sock.recv_into(view)
            if k == 0:
                return n
            n += k

    def _chunked(self):
        n = 0
        for _ in range(1_000_000):
            size = int(self._line().split(b";", 1)[0].strip() or b"0", 16)
            if size == 0:
                for _ in range(1000):  # trailers
                    if not self._line():
                        break
                return n
            n += self._discard(size)
            self._line()  # CRLF after the chunk
        raise ValueError("too many chunks")

    def _response(self):
        for _ in range(10):  # skip 1xx
            parts = self._line().split(None, 2)
            if len(parts) < 2 or not parts[0].startswith(b"HTTP/"):
                raise ValueError(f"not an HTTP response: {parts!r}")
            version, status = parts[0], int(parts[1])
            headers = {}
            for _ in range(1000):
                line = self._line()
                if not line:
                    break
                name, _, value = line.partition(b":")
                headers[name.strip().lower()] = value.strip()
            if not 100 <= status < 200:
                break
        conn = headers.get(b"connection", b"").lower()
        if b"chunked" in headers.get(b"transfer-encoding", b"").lower():
            n = self._chunked()
        elif b"content-length" in headers:
            n = self._discard(int(headers[b"content-length"]))
        elif status in (204, 304):
            n = 0
        else:
            n = self._discard_to_eof()
            conn = b"close"
        if b"close" in conn or (version == b"HTTP/1.0" and b"keep-alive" not in conn):
            self.close()
        return status, headers, n

    def get(self, path, extra_headers=b""):
        """GET on the kept-alive connection (one retry on a fresh one if the
        kept one turns out closed).  Returns (status, headers, body bytes)."""
        request = (
            f"GET {path} HTTP/1.1\r\nHost: {LOOPBACK}:{self.port}\r\n".encode()
            + extra_headers
            + b"\r\n"
        )
        for attempt in (0, 1):
            reused = self.sock is not None
            if not reused:
                self._connect()
            try:
                self.sock.sendall(request)
                return self._response()
            except (EOFError, ConnectionError):
                self.close()
                if not reused or attempt:
                    raise
        raise AssertionError("unreachable")


def one_get(port, path, timeout=5.0):
    """A GET on a fresh connection: (latency s, status) or raises."""
    c = Http(port, timeout)
    t = time.perf_counter()
    try:
        status, _, _ = c.get(path)
    finally:
        c.close()
    return time.perf_counter() - t, status


# ---------------------------------------------------------------------------
# load in a child process: N threads of keep-alive GETs for a bounded time
# ---------------------------------------------------------------------------


def _load_thread(port, path, extra, end, keep_latencies, out, lock):
    c = Http(port)
    n = body = 0
    enc, statuses, errors = collections.Counter(), collections.Counter(), collections.Counter()
    lat = []
    for _ in range(10_000_000):
        if time.monotonic() >= end:
            break
        t = time.perf_counter()
        try:
            status, headers, size = c.get(path, extra)
        except Exception as e:  # figures, not a test: count and go on
            errors[type(e).__name__] += 1
            c.close()
            time.sleep(0.01)
            continue
        if keep_latencies:
            lat.append(time.perf_counter() - t)
        n += 1
        body += size
        statuses[status] += 1
        enc[headers.get(b"content-encoding", b"identity").decode("latin-1")] += 1
    c.close()
    with lock:
        out["requests"] += n
        out["bytes"] += body
        out["enc"].update(enc)
        out["statuses"].update(statuses)
        out["errors"].update(errors)
        out["latencies"].extend(lat)
        out["connects"] += c.connects


def _load_process(pipe, port, path, extra, threads, duration, keep_latencies):
    out = {
        "requests": 0, "bytes": 0, "connects": 0, "latencies": [],
        "enc": collections.Counter(), "statuses": collections.Counter(),
        "errors": collections.Counter(),
    }
    lock = threading.Lock()
    start = time.monotonic()
    end = start + duration
    ts = [
        threading.Thread(target=_load_thread, args=(port, path, extra, end, keep_latencies, out, lock), daemon=True)
        for _ in range(threads)
    ]
    for t in ts:
        t.start()
    for t in ts:
        t.join(timeout=max(0.1, end - time.monotonic()) + 15)
    out["wall"] = time.monotonic() - start
    ru = resource.getrusage(resource.RUSAGE_SELF)
    out["cpu"] = ru.ru_utime + ru.ru_stime
    pipe.send(out)
    pipe.close()
    os._exit(0)  # do not wait for a stuck daemon thread


class Load:
    """Starts `threads` keep-alive clients spread over `procs` child processes."""

    def __init__(self, port, path, extra, threads, duration, procs=1, keep_latencies=False):
        ctx = multiprocessing.get_context("fork")
        self.duration = duration
        self.parts = []
        procs = max(1, min(procs, threads))
        for i in range(procs):
            share = threads // procs + (1 if i < threads % procs else 0)
            r, w = ctx.Pipe(duplex=False)
            p = ctx.Process(target=_load_process, args=(w, port, path, extra, share, duration, keep_latencies))
            p.start()
            w.close()
            self.parts.append((p, r))

    def join(self):
        total = {
            "requests": 0, "bytes": 0, "connects": 0, "latencies": [], "wall": 0.0, "cpu": 0.0,
            "enc": collections.Counter(), "statuses": collections.Counter(),
            "errors": collections.Counter(), "lost": 0,
        }
        deadline = time.monotonic() + self.duration + 30
        for p, r in self.parts:
            got = None
            try:
                if r.poll(max(0.1, deadline - time.monotonic())):
                    got = r.recv()
            except (EOFError, OSError):
                got = None
            p.join(timeout=5)
            if p.is_alive():
                p.kill()
                p.join(timeout=5)
            if got is None:
                total["lost"] += 1
                continue
            for k in ("requests", "bytes", "connects", "cpu"):
                total[k] += got[k]
            total["wall"] = max(total["wall"], got["wall"])
            total["latencies"].extend(got["latencies"])
            for k in ("enc", "statuses", "errors"):
                total[k].update(got[k])
        return total


def load_notes(res):
    notes = []
    bad = {k: v for k, v in res["statuses"].items() if k != 200}
    if bad:
        notes.append("statuses " + counts(collections.Counter(res["statuses"])))
    if res["errors"]:
        notes.append("errors " + counts(res["errors"]))
    if res["lost"]:
        notes.append(f"{res['lost']} load process(es) did not report")
    return ("; " + "; ".join(notes)) if notes else ""


# ---------------------------------------------------------------------------
# 1. slow and silent clients
# ---------------------------------------------------------------------------

HALF_HEAD = b"GET / HTTP/1.1\r\nHost: x\r\n"


class Conn:
    __slots__ = ("sock", "kind", "opened", "closed", "answer", "sent", "reset")

    def __init__(self, sock, kind, opened):
        self.sock, self.kind, self.opened = sock, kind, opened
        self.closed = None
        self.answer = b""
        self.sent = 0
        self.reset = False


def answer_label(c):
    if c.answer:
        parts = c.answer.split(None, 2)
        if len(parts) >= 2 and parts[0].startswith(b"HTTP/"):
            return parts[1].decode("latin-1")
        return "bytes"
    return "reset" if c.reset else "no answer"


def slow_and_silent(port, sc, say):
    n_half, n_silent = sc.n(200), sc.n(300)
    want = n_half + n_silent
    room = fd_room()
    if room < want:
        say(f"slow/silent  only {room} descriptors free: opening {room} of {want}")
        n_half = min(n_half, room * n_half // want)
        n_silent = min(n_silent, room - n_half)
    limit, tick = sc.t(20.0), sc.t(0.5)
    progress(f"1 slow/silent: {n_half} half heads + {n_silent} silent, watched ≤ {limit:g} s")

    conns = {}
    failed = collections.Counter()
    t0 = time.monotonic()
    open_deadline = t0 + max(5.0, sc.t(15.0))  # a safety bound, not a figure
    for i in range(n_half + n_silent):
        if time.monotonic() > open_deadline:
            failed["opening took too long"] += n_half + n_silent - i
            break
        kind = "half-head" if i < n_half else "silent"
        try:
            s = socket.create_connection((LOOPBACK, port), timeout=3)
            if kind == "half-head":
                s.sendall(HALF_HEAD)
            s.setblocking(False)
        except OSError as e:
            failed[type(e).__name__] += 1
            continue
        conns[s.fileno()] = Conn(s, kind, time.monotonic())
    t1 = time.monotonic()
    opened = len(conns)

    # the normal client: a fresh connection every tick
    stop = threading.Event()
    normal = []  # (latency or None, status or error name)

    def normal_client():
        start = time.monotonic()
        for k in range(100_000):
            if stop.is_set():
                return
            try:
                lat, status = one_get(port, status_path_global, timeout=5.0)
                normal.append((lat, status))
            except Exception as e:
                normal.append((None, type(e).__name__))
            wait = start + (k + 1) * tick - time.monotonic()
            if wait > 0 and stop.wait(wait):
                return

    th = threading.Thread(target=normal_client, daemon=True)
    th.start()

    poller = select.poll()
    for fd in conns:
        poller.register(fd, select.POLLIN | select.POLLPRI)
    closed = []
    samples = []  # (seconds after the last was opened, still open)
    end = t1 + limit
    next_tick = t1 + tick
    for _ in range(1_000_000):
        now = time.monotonic()
        if not conns or now >= end:
            break
        if now >= next_tick:
            samples.append((now - t1, len(conns)))
            next_tick += tick
            continue
        for fd, _ev in poller.poll(max(0.0, min(next_tick, end) - now) * 1000):
            c = conns.get(fd)
            if c is None:
                continue
            try:
                data = c.sock.recv(4096)
            except (BlockingIOError, InterruptedError):
                continue
            except OSError:
                data = b""
                c.reset = True
            if data:
                if len(c.answer) < 64:
                    c.answer += data[:64]
                continue
            c.closed = time.monotonic()
            poller.unregister(fd)
            c.sock.close()
            del conns[fd]
            closed.append(c)
    t_end = time.monotonic()
    samples.append((t_end - t1, len(conns)))
    stop.set()
    th.join(timeout=6)

    # report
    if opened == 0:
        say(f"slow/silent  no connection could be opened ({counts(failed)})")
        return
    lives = [c.closed - c.opened for c in closed]
    line = f"slow/silent  {opened} opened in {t1 - t0:.2f} s ({n_half} half-head, {n_silent} silent)"
    if failed:
        line += f", {sum(failed.values())} not opened ({counts(failed)})"
    say(line)
    if not conns:
        last = max(c.closed for c in closed) - t1
        say(f"             all {opened} closed by the server {last:.1f} s after the last was opened"
            f" (longest-lived {max(lives):.1f} s)")
    else:
        left = collections.Counter(c.kind for c in conns.values())
        say(f"             still {len(conns)} open after {limit:g} s ({counts(left)}); {len(closed)} closed"
            + (f", the last {max(lives):.1f} s after it was opened" if lives else ""))
    marks = []
    for m in (0.25, 0.5, 0.75, 1.0):
        at = m * limit
        before = [n for (t, n) in samples if t <= at + 1e-6]
        marks.append((at, before[-1] if before else opened))
    say("             still open at " + "/".join(f"{a:g}" for a, _ in marks) + " s: "
        + "/".join(str(n) for _, n in marks))
    if closed:
        say("             what the server sent before closing: "
            + counts(collections.Counter(answer_label(c) for c in closed)))
    ok = [lat for lat, st in normal if lat is not None]
    st = collections.Counter(str(s) for lat, s in normal)
    if ok:
        say(f"             normal client ({len(normal)} GETs, one per {tick:g} s, fresh connections): "
            f"max {ms(max(ok))}, median {ms(pct(ok, 0.5))}; {counts(st)}")
    else:
        say(f"             normal client: no answer ({counts(st)})")
    for c in conns.values():
        c.sock.close()


# ---------------------------------------------------------------------------
# 2. header flood
# ---------------------------------------------------------------------------


def header_flood(port, target, sc, say):
    want = sc.n(1000)
    room = fd_room()
    n = min(want, room)
    if n < want:
        say(f"header flood only {room} descriptors free (RLIMIT_NOFILE): capped at {n} of {want}")
    head = (f"GET / HTTP/1.1\r\nHost: {LOOPBACK}:{port}\r\n".encode()
            + b"".join(b"X-Fill-%02d: %s\r\n" % (i, b"a" * 4000) for i in range(99)))
    # ... and never the blank line that would end the head
    view = memoryview(head)
    batch = max(1, sc.n(50))
    progress(f"2 header flood: {n} connections × {len(head) // 1000} KB of unfinished head, in batches of {batch}")

    pids = target.pids()
    rss_before = target.rss_mib(pids)
    peak = [rss_before or 0.0]
    last_sample = [0.0]

    def sample():
        now = time.monotonic()
        if pids and now - last_sample[0] >= 0.05:
            last_sample[0] = now
            v = target.rss_mib(pids)
            if v is not None and v > peak[0]:
                peak[0] = v

    conns = {}
    all_conns = []
    failed = collections.Counter()
    poller = select.poll()

    def finish(c, fd, reset=False):
        c.closed = time.monotonic()
        c.reset = c.reset or reset
        try:
            poller.unregister(fd)
        except KeyError:
            pass
        c.sock.close()
        conns.pop(fd, None)

    def read(c, fd):
        for _ in range(16):
            try:
                data = c.sock.recv(65536)
            except (BlockingIOError, InterruptedError):
                return
            except OSError:
                finish(c, fd, reset=True)
                return
            if not data:
                finish(c, fd)
                return
            if len(c.answer) < 64:
                c.answer += data[: 64 - len(c.answer)]

    def pump(until):
        for _ in range(1_000_000):
            now = time.monotonic()
            if now >= until or not conns:
                return
            for fd, ev in poller.poll(max(0.0, min(until - now, 0.05)) * 1000):
                c = conns.get(fd)
                if c is None:
                    continue
                if ev & (select.POLLIN | select.POLLPRI | select.POLLHUP | select.POLLERR):
                    read(c, fd)
                    if fd not in conns:
                        continue
                if ev & select.POLLOUT and c.sent < len(head):
                    try:
                        c.sent += c.sock.send(view[c.sent:])
                    except (BlockingIOError, InterruptedError):
                        pass
                    except OSError:
                        read(c, fd)  # an answer may be waiting before the reset
                        if fd in conns:
                            finish(c, fd, reset=True)
                        continue
                    if c.sent >= len(head):
                        poller.modify(fd, select.POLLIN | select.POLLPRI)
            sample()

    t0 = time.monotonic()
    open_deadline = t0 + max(5.0, sc.t(20.0))  # a safety bound, not a figure
    for start in range(0, n, batch):
        if time.monotonic() > open_deadline:
            failed["opening took too long"] += n - start
            break
        for _ in range(min(batch, n - start)):
            try:
                s = socket.create_connection((LOOPBACK, port), timeout=2)
                s.setblocking(False)
            except OSError as e:
                failed[type(e).__name__] += 1
                continue
            c = Conn(s, "flood", time.monotonic())
            conns[s.fileno()] = c
            all_conns.append(c)
            poller.register(s, select.POLLIN | select.POLLPRI | select.POLLOUT)
        pump(time.monotonic() + sc.t(0.05))
    t1 = time.monotonic()
    # let the heads go out (a server that stops reading leaves them unsent), then hold
    drain_end = t1 + sc.t(3.0)
    for _ in range(1000):
        if time.monotonic() >= drain_end or all(c.sent >= len(head) for c in conns.values()):
            break
        pump(min(drain_end, time.monotonic() + 0.1))
    probe = {}

    def probe_status():
        try:
            probe["lat"], probe["status"] = one_get(port, status_path_global, timeout=5.0)
        except Exception as e:
            probe["error"] = type(e).__name__

    pt = threading.Thread(target=probe_status, daemon=True)
    pt.start()
    pump(time.monotonic() + sc.t(2.0))
    pt.join(timeout=6)
    sample()
    held = [c for c in conns.values() if not c.answer]
    held_full = sum(1 for c in held if c.sent >= len(head))
    answered = collections.Counter(answer_label(c) for c in all_conns if c.answer)
    silent_close = collections.Counter(answer_label(c) for c in all_conns if not c.answer and c.closed)
    for c in list(conns.values()):
        c.sock.close()
    conns.clear()
    time.sleep(sc.t(1.0))
    rss_after = target.rss_mib()

    say(f"header flood {len(all_conns)} opened in {t1 - t0:.1f} s, each {len(head) / 1000:.0f} KB of headers"
        f" (99 × 4 KB) and no end of head" + (f"; not opened: {counts(failed)}" if failed else ""))
    say(f"             answered: {counts(answered) if answered else 'none'}; closed without answer: "
        f"{counts(silent_close) if silent_close else 'none'}; held open unanswered: {len(held)}"
        f" ({held_full} with the whole 400 KB sent)")
    if pids:
        hwm = f"; main process VmHWM {mib(target.hwm_mib())}" if len(pids) == 1 else f" (sum of {len(pids)} processes)"
        say(f"             server RSS before {mib(rss_before)} / peak {mib(peak[0])} / after {mib(rss_after)} MiB{hwm}")
    else:
        say("             server RSS n/a (no --pid, or it is not running)")
    if "lat" in probe:
        say(f"             a status GET during the hold: {probe['status']} in {ms(probe['lat'])}")
    else:
        say(f"             a status GET during the hold: {probe.get('error', 'no answer')}")


# ---------------------------------------------------------------------------
# 3, 4, 5
# ---------------------------------------------------------------------------

BR = b"Accept-Encoding: br\r\n"


def wasm_rates(port, args, target, sc, say):
    threads = args.threads
    half = sc.t(2.5)
    progress(f"3 wasm: {threads} keep-alive clients, br / none alternating, 2 × {half:g} s each")
    acc = {}
    for _round in range(2):
        for label, extra in (("br", BR), ("none", b"")):
            cpu0 = target.cpu_s()
            res = Load(port, args.wasm_path, extra, threads, half, args.load_procs).join()
            cpu1 = target.cpu_s()
            a = acc.setdefault(label, {"requests": 0, "bytes": 0, "wall": 0.0, "cpu": 0.0, "server": 0.0,
                                       "enc": collections.Counter(), "statuses": collections.Counter(),
                                       "errors": collections.Counter(), "lost": 0})
            for k in ("requests", "bytes", "wall", "cpu", "lost"):
                a[k] += res[k]
            for k in ("enc", "statuses", "errors"):
                a[k].update(res[k])
            if cpu0 is not None and cpu1 is not None:
                a["server"] += cpu1 - cpu0
            else:
                a["server"] = None
    rates = {}
    for label, title in (("br", "Accept-Encoding: br"), ("none", "no Accept-Encoding")):
        a = acc[label]
        rps = a["requests"] / a["wall"] if a["wall"] else 0.0
        rates[label] = rps
        size = a["bytes"] / a["requests"] if a["requests"] else 0
        server = "n/a" if a["server"] is None else (
            f"{a['server'] * 1000 / a['requests']:.2f} ms/request" if a["requests"] else f"{a['server']:.1f} s")
        say(f"wasm {label:<4}    {title}: {rps:,.0f} requests/s, {a['bytes'] / a['wall'] / 1e6:,.1f} MB/s"
            f" ({size / 1000:,.0f} KB each; Content-Encoding {counts(a['enc'])}); server CPU {server},"
            f" client CPU {a['cpu'] / a['wall'] * 100:.0f}%" + load_notes(a))
    if rates.get("none"):
        say(f"wasm ratio   compressed/uncompressed requests/s = {rates['br'] / rates['none']:.2f}")


def status_under_load(port, args, sc, say):
    # no load first
    n = sc.n(200)
    c = Http(port)
    lat, errors = [], collections.Counter()
    deadline = time.monotonic() + 20
    for _ in range(n):
        if time.monotonic() > deadline:
            break
        t = time.perf_counter()
        try:
            c.get(args.status_path)
            lat.append(time.perf_counter() - t)
        except Exception as e:
            errors[type(e).__name__] += 1
            c.close()
    c.close()
    say(f"status idle  {len(lat)} sequential GETs (keep-alive), no load: p50 {ms(pct(lat, 0.5))}, "
        f"p99 {ms(pct(lat, 0.99))}" + (f"; errors {counts(errors)}" if errors else ""))

    dur = sc.t(5.0)
    warm = sc.t(0.5)
    progress(f"4 status under load: {args.threads} clients download the br wasm, one status client for {dur:g} s")
    load = Load(port, args.wasm_path, BR, args.threads, warm + dur + warm, args.load_procs)
    time.sleep(warm)
    c = Http(port)
    lat, errors, statuses = [], collections.Counter(), collections.Counter()
    end = time.monotonic() + dur
    for _ in range(1_000_000):
        if time.monotonic() >= end:
            break
        t = time.perf_counter()
        try:
            status, _, _ = c.get(args.status_path)
            lat.append(time.perf_counter() - t)
            statuses[status] += 1
        except Exception as e:
            errors[type(e).__name__] += 1
            c.close()
            time.sleep(0.01)
    c.close()
    res = load.join()
    rps = res["requests"] / res["wall"] if res["wall"] else 0
    notes = []
    if set(statuses) - {200}:
        notes.append("statuses " + counts(statuses))
    if errors:
        notes.append("errors " + counts(errors))
    say(f"status load  {len(lat)} sequential GETs while {args.threads} clients download the br wasm"
        f" ({rps:,.0f}/s, {counts(res['enc'])}): p50 {ms(pct(lat, 0.5))}, p99 {ms(pct(lat, 0.99))},"
        f" max {ms(max(lat) if lat else float('nan'))}" + ("; " + "; ".join(notes) if notes else "")
        + load_notes(res))


def throughput(port, args, target, sc, say):
    dur = sc.t(5.0)
    progress(f"5 throughput: 4 keep-alive connections on {args.status_path} for {dur:g} s")
    cpu0 = target.cpu_s()
    res = Load(port, args.status_path, b"", 4, dur, args.load_procs, keep_latencies=True).join()
    cpu1 = target.cpu_s()
    rps = res["requests"] / res["wall"] if res["wall"] else 0
    server = ""
    if cpu0 is not None and cpu1 is not None and res["requests"]:
        server = f"; server CPU {(cpu1 - cpu0) * 1e6 / res['requests']:.0f} µs/request"
    say(f"throughput   4 keep-alive connections, {args.status_path}: {rps:,.0f} requests/s, "
        f"p50 {ms(pct(res['latencies'], 0.5))}, p99 {ms(pct(res['latencies'], 0.99))}"
        f"{server}; client CPU {res['cpu'] / res['wall'] * 100 if res['wall'] else 0:.0f}%" + load_notes(res))


# ---------------------------------------------------------------------------

status_path_global = "/"


def main():
    global status_path_global
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--name", required=True, help="label printed on every line")
    ap.add_argument("--base", required=True, help="http://127.0.0.1:PORT (loopback only)")
    ap.add_argument("--pid", type=int, help="server process (its descendants are included) for RSS and CPU")
    ap.add_argument("--status-path", default="/api/status/200")
    ap.add_argument("--wasm-path", required=True)
    ap.add_argument("--skip-abuse", action="store_true", help="skip slow/silent clients and the header flood")
    ap.add_argument("--quick", action="store_true", help="divide every count and duration by 10 (smoke test)")
    ap.add_argument("--threads", type=int, default=20, help="download clients in sections 3 and 4 (default 20)")
    ap.add_argument("--load-procs", type=int, default=1,
                    help="child processes that share the load threads (default 1)")
    args = ap.parse_args()

    base = urllib.parse.urlsplit(args.base)
    if base.scheme != "http" or base.hostname not in ("127.0.0.1", "localhost") or not base.port:
        ap.error("--base must be http://127.0.0.1:PORT: this tool only ever talks to loopback")
    for p in (args.status_path, args.wasm_path):
        if not p.startswith("/"):
            ap.error(f"paths start with /: {p!r}")
    if not 1 <= args.threads <= 200 or not 1 <= args.load_procs <= 8:
        ap.error("--threads 1..200, --load-procs 1..8")
    port = base.port
    status_path_global = args.status_path
    sc = Scale(args.quick)
    if args.quick:
        args.threads = max(1, args.threads // 10)
    target = Target(args.pid)
    soft, hard = raise_file_limit()
    name = args.name

    last_label = ["server"]

    def say(text):
        # Every text starts with a 13-column section label ("wasm br      ...");
        # a continuation line (13 spaces) repeats the label, so that
        # `grep -F '| wasm br '` over several servers' outputs lines them up.
        if text.startswith(" " * 13):
            text = f"{last_label[0]:<12} " + text[13:]
        else:
            last_label[0] = text[:12].rstrip()
        print(f"{name:<10}| {text}", flush=True)

    started = time.monotonic()
    print(f"== {name}: {LOOPBACK}:{port}" + (" (quick: counts and durations ÷ 10)" if args.quick else ""), flush=True)
    try:
        lat_s, st_s = one_get(port, args.status_path)
        c = Http(port)
        st_w, h_w, n_w = c.get(args.wasm_path)
        c.close()
    except Exception as e:
        say(f"the server does not answer on {LOOPBACK}:{port}: {type(e).__name__}: {e}")
        return 1
    pids = target.pids()
    say(f"server       pid {args.pid if pids else 'n/a'}" + (f" + {len(pids) - 1} descendant(s)" if len(pids) > 1 else "")
        + f", RSS {mib(target.rss_mib(pids))} MiB; {args.status_path} → {st_s}; {args.wasm_path} → {st_w},"
        f" {n_w / 1000:,.0f} KB uncompressed; this client's RLIMIT_NOFILE {soft}/{hard}")
    if args.pid and not pids:
        say(f"server       pid {args.pid} is not running here: RSS and CPU are n/a")

    sections = []
    if not args.skip_abuse:
        sections += [("slow/silent", lambda: slow_and_silent(port, sc, say)),
                     ("header flood", lambda: header_flood(port, target, sc, say))]
    sections += [("wasm", lambda: wasm_rates(port, args, target, sc, say)),
                 ("status", lambda: status_under_load(port, args, sc, say)),
                 ("throughput", lambda: throughput(port, args, target, sc, say))]
    for label, run in sections:
        try:
            run()
        except Exception as e:  # report and go on: figures, never pass/fail
            say(f"{label:<12} stopped: {type(e).__name__}: {e}")
        time.sleep(sc.t(1.0))
    pids = target.pids()
    say(f"end          {time.monotonic() - started:.0f} s; server RSS now {mib(target.rss_mib(pids))} MiB"
        + ("" if pids or not args.pid else " (the server is gone)"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
