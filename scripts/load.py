#!/usr/bin/env python3
"""Load test for `govkg serve`: CLIENTS concurrent clients send the named queries (from the
server's /queries, round robin, each client starting at another) for SECONDS seconds over
keep-alive connections, and the script reports throughput and latency percentiles. It exits 1
if any request failed. Bounded in time and meant for loopback:

    govkg serve --store DIR &
    python3 scripts/load.py http://127.0.0.1:7878 --clients 50 --seconds 30

With --hostile, a hostile mix runs beside the normal clients for the same time: SLOW
connections (from another loopback address, 127.0.0.2) that send a request's head a byte every
5 s and open again when the server closes them, RUNAWAY clients that send queries the server
must stop (a product of unrelated patterns counted, a product sorted), and a client sending
queries nested 4,000 levels deep. Their answers are counted apart (503 for the runaways and 400
for the nested queries are expected); the script still exits 1 if a normal client saw any error,
or a hostile one an answer it should not get (500, a dead server).

Uses only the standard library (http.client, sockets, threads), so it runs with any Python 3.
"""
import argparse
import http.client
import json
import select
import socket
import statistics
import sys
import threading
import time
import urllib.parse


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("base", help="the server, e.g. http://127.0.0.1:7878")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--accept", default="application/sparql-results+json")
    parser.add_argument("--hostile", action="store_true", help="run the hostile mix beside")
    parser.add_argument("--slow", type=int, default=150, help="slow connections (--hostile)")
    parser.add_argument("--runaway", type=int, default=2, help="runaway clients (--hostile)")
    args = parser.parse_args()
    if args.seconds > 300 or args.clients > 500 or args.slow > 1000 or args.runaway > 8:
        sys.exit("keep the load bounded: at most 300 s and 500 clients")
    url = urllib.parse.urlsplit(args.base)
    if url.hostname not in ("127.0.0.1", "localhost", "::1"):
        sys.exit("the load test is for a server on loopback")

    def connect():
        return http.client.HTTPConnection(url.hostname, url.port or 80, timeout=30)

    conn = connect()
    conn.request("GET", "/queries")
    names = json.loads(conn.getresponse().read())
    conn.close()
    # Queries that need imported data answer no rows on a plain store; they still count.
    bodies = [
        (q["name"], urllib.parse.urlencode({"query": q["text"]}).encode()) for q in names
    ]
    if not bodies:
        sys.exit("the server lists no named query")

    latencies = [[] for _ in range(args.clients)]
    errors = [[] for _ in range(args.clients)]
    per_query = {}
    lock = threading.Lock()
    start_gate = threading.Barrier(args.clients + 1)
    deadline = [0.0]

    def client(i):
        conn = connect()
        n = i
        start_gate.wait()
        while time.monotonic() < deadline[0]:
            name, body = bodies[n % len(bodies)]
            n += 1
            t = time.perf_counter()
            try:
                conn.request(
                    "POST",
                    "/query",
                    body=body,
                    headers={
                        "Content-Type": "application/x-www-form-urlencoded",
                        "Accept": args.accept,
                    },
                )
                response = conn.getresponse()
                response.read()
                elapsed = time.perf_counter() - t
                if response.status != 200:
                    errors[i].append(f"{name}: HTTP {response.status}")
                else:
                    latencies[i].append(elapsed)
                    with lock:
                        per_query.setdefault(name, []).append(elapsed)
            except Exception as e:  # noqa: BLE001 - every failure is counted and reported
                errors[i].append(f"{name}: {e!r}")
                conn.close()
                conn = connect()
        conn.close()

    threads = [threading.Thread(target=client, args=(i,)) for i in range(args.clients)]
    hostile = Hostile(url, deadline) if args.hostile else None
    if hostile:
        threads.append(threading.Thread(target=hostile.slow, args=(args.slow,)))
        threads.extend(threading.Thread(target=hostile.runaway, args=(i,)) for i in range(args.runaway))
        threads.append(threading.Thread(target=hostile.nested))
        # The hostile threads start at once; the normal clients wait at the gate.
        deadline[0] = time.monotonic() + args.seconds + 1
    for t in threads:
        t.start()
    deadline[0] = time.monotonic() + args.seconds
    started = time.monotonic()
    start_gate.wait()
    for t in threads[: args.clients]:
        t.join()
    wall = time.monotonic() - started
    for t in threads[args.clients :]:
        t.join()

    all_latencies = sorted(x for xs in latencies for x in xs)
    all_errors = [e for es in errors for e in es]
    if not all_latencies:
        sys.exit("no request succeeded: " + "; ".join(all_errors[:5]))

    def pct(p):
        return all_latencies[min(len(all_latencies) - 1, int(p / 100 * len(all_latencies)))] * 1000

    print(
        f"{args.clients} clients, {wall:.1f} s, {len(bodies)} named queries round robin, "
        f"Accept: {args.accept}"
    )
    print(
        f"requests {len(all_latencies) + len(all_errors)}  ok {len(all_latencies)}  "
        f"errors {len(all_errors)}"
    )
    print(f"throughput {len(all_latencies) / wall:.0f} queries/s")
    print(
        f"latency ms  p50 {pct(50):.1f}  p90 {pct(90):.1f}  p99 {pct(99):.1f}  "
        f"max {all_latencies[-1] * 1000:.1f}  mean {statistics.mean(all_latencies) * 1000:.1f}"
    )
    print("per query (p50 ms, requests):")
    for name, xs in sorted(per_query.items(), key=lambda kv: -statistics.median(kv[1])):
        print(f"  {name:36} {statistics.median(xs) * 1000:8.1f} {len(xs):7}")
    for e in all_errors[:10]:
        print("error:", e)
    unexpected = []
    if hostile:
        h = hostile.counts
        print(
            f"hostile: slow connections {h['slow_open']} opened, {h['slow_408']} answered 408, "
            f"{h['slow_503']} refused 503 (per-client cap); runaway queries {h['runaway']} "
            f"(503 {h['runaway_503']}); nested queries {h['nested']} (400 {h['nested_400']})"
        )
        unexpected = hostile.unexpected
        for e in unexpected[:10]:
            print("hostile client got an unexpected answer:", e)
    sys.exit(1 if all_errors or unexpected else 0)


RUNAWAYS = [
    "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }",
    "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f LIMIT 1",
]
NESTED = "ASK { FILTER(" + "(" * 4000 + "1" + ")" * 4000 + ") }"


class Hostile:
    """The hostile mix: slow connections, runaway queries, nested queries."""

    def __init__(self, url, deadline):
        self.url = url
        self.deadline = deadline
        self.lock = threading.Lock()
        self.counts = dict.fromkeys(
            ["slow_open", "slow_408", "slow_503", "runaway", "runaway_503", "nested", "nested_400"], 0
        )
        self.unexpected = []

    def count(self, key):
        with self.lock:
            self.counts[key] += 1

    def post(self, query, timeout):
        conn = http.client.HTTPConnection(self.url.hostname, self.url.port or 80, timeout=timeout)
        try:
            conn.request(
                "POST", "/query", body=query.encode(),
                headers={"Content-Type": "application/sparql-query"},
            )
            response = conn.getresponse()
            response.read()
            return response.status
        finally:
            conn.close()

    def runaway(self, i):
        n = i
        while time.monotonic() < self.deadline[0]:
            query = RUNAWAYS[n % len(RUNAWAYS)]
            n += 1
            self.count("runaway")
            try:
                status = self.post(query, 120)
            except Exception as e:  # noqa: BLE001
                self.unexpected.append(f"runaway: {e!r}")
                time.sleep(1)
                continue
            if status == 503:
                self.count("runaway_503")
            else:
                self.unexpected.append(f"runaway: HTTP {status}")

    def nested(self):
        while time.monotonic() < self.deadline[0]:
            self.count("nested")
            try:
                status = self.post(NESTED, 30)
            except Exception as e:  # noqa: BLE001
                self.unexpected.append(f"nested: {e!r}")
                time.sleep(1)
                continue
            if status == 400:
                self.count("nested_400")
            else:
                self.unexpected.append(f"nested: HTTP {status}")
            time.sleep(0.1)

    def open_slow(self):
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        try:
            s.bind(("127.0.0.2", 0))
        except OSError:
            pass  # no second loopback address here: the same client as the others
        s.connect((self.url.hostname, self.url.port or 80))
        s.sendall(b"POST /query HTTP/1.1\r\nHost: slow\r\n")
        s.setblocking(False)
        self.count("slow_open")
        return s

    def slow(self, count):
        sockets = []
        for _ in range(count):
            try:
                sockets.append(self.open_slow())
            except OSError as e:
                self.unexpected.append(f"slow: {e!r}")
        last = time.monotonic()
        later = []  # when to open again the connections refused by the per-client cap
        while time.monotonic() < self.deadline[0] and (sockets or later):
            now = time.monotonic()
            for _ in [t for t in later if t <= now]:
                later.remove(_)
                try:
                    sockets.append(self.open_slow())
                except OSError as e:
                    self.unexpected.append(f"slow: {e!r}")
            readable, _, _ = select.select(sockets, [], [], 0.5) if sockets else ([], [], time.sleep(0.5))
            for s in readable:
                try:
                    answer = s.recv(64)
                except OSError:
                    answer = b""
                if answer.startswith(b"HTTP/1.1 408"):
                    self.count("slow_408")
                elif answer.startswith(b"HTTP/1.1 503"):
                    self.count("slow_503")
                elif answer:
                    self.unexpected.append(f"slow: {answer[:40]!r}")
                sockets.remove(s)
                s.close()
                later.append(time.monotonic() + (2 if answer.startswith(b"HTTP/1.1 503") else 0))
            if time.monotonic() - last >= 5:
                last = time.monotonic()
                for s in sockets:
                    try:
                        s.send(b"X")
                    except OSError:
                        pass
        for s in sockets:
            s.close()


if __name__ == "__main__":
    main()
