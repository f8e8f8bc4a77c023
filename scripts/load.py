#!/usr/bin/env python3
"""Load test for `govkg serve`: CLIENTS concurrent clients send the named queries (from the
server's /queries, round robin, each client starting at another) for SECONDS seconds over
keep-alive connections, and the script reports throughput and latency percentiles. It exits 1
if any request failed. Bounded in time and meant for loopback:

    govkg serve --store DIR &
    python3 scripts/load.py http://127.0.0.1:7878 --clients 50 --seconds 30

Uses only the standard library (http.client, threads), so it runs with any Python 3.
"""
import argparse
import http.client
import json
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
    args = parser.parse_args()
    if args.seconds > 300 or args.clients > 500:
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
    for t in threads:
        t.start()
    deadline[0] = time.monotonic() + args.seconds
    started = time.monotonic()
    start_gate.wait()
    for t in threads:
        t.join()
    wall = time.monotonic() - started

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
    sys.exit(1 if all_errors else 0)


if __name__ == "__main__":
    main()
