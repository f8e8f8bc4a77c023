//! `govkg serve` against hostile clients, each test named after what it shows: runaway
//! queries whose CPU and memory are freed at their limit, slow connections that starve
//! nobody, caps per client address, pipelined requests answered in order, and 408 / 413 where
//! they belong. The server is the real binary on a loopback port; the clients are raw sockets
//! (so that they can misbehave) and curl.

mod support;

use socket2::{Domain, Socket, Type};
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, Instant};
use support::{bundled_store, curl, serve, Server};

const QUICK: &str = "query=SELECT ?code WHERE { region:440000 gk:adminCode ?code }";

/// The server and its worker processes (its children), as /proc lists them.
fn family(pid: u32) -> Vec<u32> {
    let mut pids = vec![pid];
    for entry in std::fs::read_dir("/proc").unwrap().flatten() {
        let Some(child) = entry
            .file_name()
            .to_str()
            .and_then(|n| n.parse::<u32>().ok())
        else {
            continue;
        };
        let Ok(stat) = std::fs::read_to_string(format!("/proc/{child}/stat")) else {
            continue;
        };
        let after_name = &stat[stat.rfind(')').unwrap() + 2..];
        let parent: u32 = after_name.split(' ').nth(1).unwrap().parse().unwrap();
        if parent == pid {
            pids.push(child);
        }
    }
    pids
}

/// CPU time (clock ticks) and resident memory (bytes) of the server and its workers.
fn usage(pid: u32) -> (u64, u64) {
    let (mut ticks, mut rss) = (0, 0);
    for p in family(pid) {
        let (Ok(stat), Ok(status)) = (
            std::fs::read_to_string(format!("/proc/{p}/stat")),
            std::fs::read_to_string(format!("/proc/{p}/status")),
        ) else {
            continue;
        };
        let fields: Vec<&str> = stat[stat.rfind(')').unwrap() + 2..].split(' ').collect();
        ticks += fields[11].parse::<u64>().unwrap() + fields[12].parse::<u64>().unwrap();
        rss += status
            .lines()
            .find_map(|l| l.strip_prefix("VmRSS:"))
            .map(|v| {
                v.trim()
                    .trim_end_matches("kB")
                    .trim()
                    .parse::<u64>()
                    .unwrap()
                    * 1024
            })
            .unwrap_or(0);
    }
    (ticks, rss)
}

fn quick(server: &Server) -> Duration {
    let t = Instant::now();
    let answer = curl(&[
        "-H",
        "Accept: text/csv",
        "--data-urlencode",
        QUICK,
        &format!("{}/query", server.base),
    ]);
    assert_eq!((answer.0, answer.2.as_str()), (200, "code\r\n440000\r\n"));
    t.elapsed()
}

fn address(server: &Server) -> SocketAddr {
    server.base.trim_start_matches("http://").parse().unwrap()
}

/// A connection to the server from `from` (another loopback address is another client).
fn connect_from(from: &str, server: &Server) -> TcpStream {
    let socket = Socket::new(Domain::IPV4, Type::STREAM, None).unwrap();
    let local: SocketAddr = format!("{from}:0").parse().unwrap();
    socket.bind(&local.into()).unwrap();
    socket.connect(&address(server).into()).unwrap();
    socket.into()
}

/// What the server sends on `stream` within `within` (until it closes, or the time is up).
fn read_for(stream: &mut TcpStream, within: Duration) -> String {
    stream
        .set_read_timeout(Some(Duration::from_millis(200)))
        .unwrap();
    let started = Instant::now();
    let mut got = Vec::new();
    let mut buf = [0; 65536];
    while started.elapsed() < within {
        match stream.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => got.extend_from_slice(&buf[..n]),
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) => {}
            Err(_) => break,
        }
    }
    String::from_utf8_lossy(&got).into_owned()
}

#[test]
fn timed_out_runaway_queries_free_the_cpu_and_memory() {
    let dir = tempfile::tempdir().unwrap();
    let store = bundled_store(dir.path());
    let timeout = Duration::from_secs(2);
    let server = serve(&store, &["--timeout", "2"]);
    quick(&server);
    std::thread::sleep(Duration::from_millis(300));
    let (_, rss_before) = usage(server.pid());
    let runaways = [
        // Spins in memory over a product of unrelated patterns; oxigraph cannot cancel it.
        "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }",
        // Sorts a product: gigabytes within seconds.
        "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f LIMIT 1",
    ];
    for runaway in runaways {
        let asked = Instant::now();
        let answer = curl(&[
            "--data-urlencode",
            &format!("query={runaway}"),
            &format!("{}/query", server.base),
        ]);
        assert_eq!(answer.0, 503, "{runaway}: {}", answer.2);
        assert!(
            answer.2.contains("time limit") || answer.2.contains("MiB"),
            "{}",
            answer.2
        );
        assert!(asked.elapsed() < timeout + Duration::from_secs(1));
        // Within twice the time limit of the answer, the server and its workers are idle...
        std::thread::sleep(timeout / 2);
        let (ticks, _) = usage(server.pid());
        std::thread::sleep(timeout / 2);
        let (ticks_after, rss_after) = usage(server.pid());
        assert!(
            ticks_after - ticks < 15,
            "{runaway}: {} ticks of CPU used after its 503",
            ticks_after - ticks
        );
        // ... and hold no more memory than before, give or take 100 MB.
        assert!(
            rss_after < rss_before + 100_000_000,
            "{runaway}: {rss_after} bytes resident after its 503, {rss_before} before"
        );
        // And they answer.
        assert!(quick(&server) < Duration::from_secs(2));
    }
}

#[test]
fn slow_connections_do_not_starve_a_normal_client() {
    let dir = tempfile::tempdir().unwrap();
    let store = bundled_store(dir.path());
    let server = serve(
        &store,
        &["--max-per-client", "256", "--header-timeout", "4"],
    );
    // 200 clients that send a request's head a byte at a time, from another address.
    let mut slow: Vec<TcpStream> = (0..200)
        .map(|_| {
            let mut s = connect_from("127.0.0.2", &server);
            s.write_all(b"POST /query HTTP/1.1\r\nHost: x\r\n").unwrap();
            s
        })
        .collect();
    let trickle = std::thread::spawn({
        let mut streams: Vec<TcpStream> = slow.iter().map(|s| s.try_clone().unwrap()).collect();
        move || {
            for _ in 0..6 {
                for s in &mut streams {
                    let _ = s.write_all(b"X");
                }
                std::thread::sleep(Duration::from_millis(500));
            }
        }
    });
    // Meanwhile a normal client is answered, quickly.
    for _ in 0..10 {
        let took = quick(&server);
        assert!(took < Duration::from_secs(2), "a query took {took:?}");
    }
    trickle.join().unwrap();
    // A head that never ends is answered 408 at its deadline, whatever it trickled.
    for i in [0, 199] {
        let got = read_for(&mut slow[i], Duration::from_secs(6));
        assert!(got.starts_with("HTTP/1.1 408"), "{got}");
    }
}

#[test]
fn connections_over_the_cap_of_a_client_are_refused_and_others_served() {
    let dir = tempfile::tempdir().unwrap();
    let store = bundled_store(dir.path());
    let server = serve(&store, &["--max-per-client", "5"]);
    let _held: Vec<TcpStream> = (0..5).map(|_| connect_from("127.0.0.2", &server)).collect();
    std::thread::sleep(Duration::from_millis(200));
    let mut sixth = connect_from("127.0.0.2", &server);
    let got = read_for(&mut sixth, Duration::from_secs(2));
    assert!(got.starts_with("HTTP/1.1 503"), "{got}");
    assert!(got.contains("too many connections"), "{got}");
    // Another client is served.
    quick(&server);
}

#[test]
fn pipelined_requests_are_answered_in_order_and_late_or_large_ones_get_408_and_413() {
    let dir = tempfile::tempdir().unwrap();
    let store = bundled_store(dir.path());
    let server = serve(&store, &["--body-timeout", "1", "--max-request", "20000"]);

    // Three requests in one write: three answers, in their order.
    let mut s = TcpStream::connect(address(&server)).unwrap();
    s.write_all(
        b"GET /query?query=ASK%7B%7D HTTP/1.1\r\nHost: x\r\nAccept: text/csv\r\n\r\n\
          GET /query?query=SELECT%20%3Fcode%20WHERE%20%7B%20region%3A440000%20gk%3AadminCode%20%3Fcode%20%7D HTTP/1.1\r\nHost: x\r\nAccept: text/csv\r\n\r\n\
          GET /no-such-page HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    )
    .unwrap();
    let got = read_for(&mut s, Duration::from_secs(5));
    let statuses: Vec<&str> = got.split("HTTP/1.1 ").skip(1).map(|a| &a[..3]).collect();
    assert_eq!(statuses, ["200", "200", "404"], "{got}");
    let (ask, code) = (got.find("true").unwrap(), got.find("440000").unwrap());
    assert!(
        ask < code && code < got.find("no such page").unwrap(),
        "{got}"
    );

    // A body that stops half-way is answered 408 at its deadline.
    let mut s = TcpStream::connect(address(&server)).unwrap();
    s.write_all(b"POST /query HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\nContent-Length: 100\r\n\r\nASK")
        .unwrap();
    let got = read_for(&mut s, Duration::from_secs(4));
    assert!(got.starts_with("HTTP/1.1 408"), "{got}");

    // A body declared larger than the limit is answered 413 without being read.
    let mut s = TcpStream::connect(address(&server)).unwrap();
    s.write_all(b"POST /query HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\nContent-Length: 50000000\r\n\r\n")
        .unwrap();
    let got = read_for(&mut s, Duration::from_secs(3));
    assert!(got.starts_with("HTTP/1.1 413"), "{got}");
    assert!(got.contains("20000 bytes"), "{got}");

    // So is a URL longer than the limit.
    let long = format!("{}/query?query={}", server.base, "A".repeat(30_000));
    let answer = curl(&[&long]);
    assert!(matches!(answer.0, 413 | 414 | 431), "{}", answer.0);
    quick(&server);
}
