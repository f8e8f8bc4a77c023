//! The HTTP/1.1 front of the server (hyper on tokio). Every connection is a task, not a
//! thread, so slow clients cost memory, not workers: a client that trickles its request in
//! holds nobody up. A request has a deadline as a whole — its head within `header_timeout`,
//! its body within `request_timeout` — not a time per byte; a request that misses it is
//! answered `408` and its connection closed. Connections are capped in all and per client
//! address; one over a cap is answered `503` and closed. A body over its route's limit is
//! answered `413` without being read. Pipelined requests are answered in order. The handlers
//! are blocking code (they wait for the store and the query workers): each request runs on
//! tokio's blocking pool.

use bytes::Bytes;
use http_body_util::{BodyExt, Full, LengthLimitError, Limited};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::{TokioIo, TokioTimer};
use oxhttp::model::{Body, Method, Request, Response, StatusCode};
use std::collections::HashMap;
use std::convert::Infallible;
use std::io::Read;
use std::net::{IpAddr, SocketAddr};
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncWrite, AsyncWriteExt, ReadBuf};
use tokio::net::TcpStream;

/// What the front accepts.
#[derive(Debug, Clone)]
pub(super) struct Limits {
    /// Time for a request's head (request line and headers) to arrive, counted from its first
    /// byte or from the end of the previous answer on a kept-alive connection.
    pub header_timeout: Duration,
    /// Time for a request's body to arrive once its head has.
    pub request_timeout: Duration,
    /// Connections open at once, in all.
    pub max_connections: usize,
    /// Connections open at once from one client address.
    pub max_per_client: usize,
    /// Largest body of a request, in bytes.
    pub max_body: usize,
    /// Largest body of a Graph Store PUT or POST, in bytes.
    pub max_upload: usize,
    /// Requests handled at once (threads of the blocking pool).
    pub handlers: usize,
}

/// The request handler: blocking code that turns a request into its answer.
pub(super) type Handler = Arc<dyn Fn(&mut Request<Body>) -> Response<Body> + Send + Sync>;

/// A server listening on its own threads.
pub struct Listening {
    address: SocketAddr,
    thread: std::thread::JoinHandle<()>,
}

impl Listening {
    /// The address it listens on (the port chosen, when asked for port 0).
    pub fn address(&self) -> SocketAddr {
        self.address
    }

    /// Waits until the server stops (it does not, unless its runtime fails).
    pub fn join(self) -> std::io::Result<()> {
        self.thread
            .join()
            .map_err(|_| std::io::Error::other("the server stopped on an internal error"))
    }
}

/// Binds `bind` and serves on threads of its own.
pub(super) fn spawn(
    bind: SocketAddr,
    limits: Limits,
    handler: Handler,
) -> std::io::Result<Listening> {
    let listener = std::net::TcpListener::bind(bind)?;
    listener.set_nonblocking(true)?;
    let address = listener.local_addr()?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .max_blocking_threads(limits.handlers.max(1))
        .thread_name("govkg http")
        .enable_io()
        .enable_time()
        .build()?;
    let thread = std::thread::Builder::new()
        .name("govkg server".into())
        .spawn(move || runtime.block_on(accept(listener, Arc::new(limits), handler)))?;
    Ok(Listening { address, thread })
}

/// Open connections, in all and per client address.
#[derive(Default)]
struct Open {
    total: usize,
    per_client: HashMap<IpAddr, usize>,
}

/// A connection's place among the open ones, given back when it closes.
struct Slot {
    open: Arc<Mutex<Open>>,
    client: IpAddr,
}

impl Slot {
    fn take(open: &Arc<Mutex<Open>>, client: IpAddr, limits: &Limits) -> Option<Slot> {
        let mut o = open.lock().unwrap_or_else(PoisonError::into_inner);
        let mine = o.per_client.get(&client).copied().unwrap_or(0);
        if o.total >= limits.max_connections || mine >= limits.max_per_client {
            return None;
        }
        o.total += 1;
        o.per_client.insert(client, mine + 1);
        Some(Slot {
            open: open.clone(),
            client,
        })
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        let mut o = self.open.lock().unwrap_or_else(PoisonError::into_inner);
        o.total -= 1;
        if let Some(n) = o.per_client.get_mut(&self.client) {
            *n -= 1;
            if *n == 0 {
                o.per_client.remove(&self.client);
            }
        }
    }
}

async fn accept(listener: std::net::TcpListener, limits: Arc<Limits>, handler: Handler) {
    let listener = match tokio::net::TcpListener::from_std(listener) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("error: cannot listen: {e}");
            return;
        }
    };
    let open = Arc::new(Mutex::new(Open::default()));
    loop {
        let (stream, peer) = match listener.accept().await {
            Ok(accepted) => accepted,
            Err(e) => {
                // Out of file descriptors, most often: wait for some to close.
                eprintln!("warning: cannot accept a connection: {e}");
                tokio::time::sleep(Duration::from_millis(100)).await;
                continue;
            }
        };
        match Slot::take(&open, peer.ip(), &limits) {
            Some(slot) => {
                tokio::spawn(connection(stream, slot, limits.clone(), handler.clone()));
            }
            None => {
                tokio::spawn(refuse(stream));
            }
        }
    }
}

/// Answers a connection over a cap with 503 and closes it.
async fn refuse(mut stream: TcpStream) {
    let _ = tokio::time::timeout(
        Duration::from_secs(1),
        stream.write_all(&raw_answer(
            "503 Service Unavailable",
            "too many connections from your address or in all; try again shortly",
        )),
    )
    .await;
    let _ = stream.shutdown().await;
}

/// A whole answer written by hand, for a connection hyper no longer holds.
fn raw_answer(status: &str, message: &str) -> Vec<u8> {
    format!(
        "HTTP/1.1 {status}\r\ncontent-type: text/plain; charset=utf-8\r\ncontent-length: {}\r\nconnection: close\r\nretry-after: 5\r\nx-content-type-options: nosniff\r\n\r\n{message}\n",
        message.len() + 1
    )
    .into_bytes()
}

async fn connection(stream: TcpStream, slot: Slot, limits: Arc<Limits>, handler: Handler) {
    let _slot = slot;
    // A second handle on the socket, to answer 408 when hyper gives up on a request's head
    // (hyper closes such a connection without a word).
    let spare = stream
        .into_std()
        .and_then(|s| Ok((s.try_clone()?, s)))
        .and_then(|(spare, s)| Ok((spare, TcpStream::from_std(s)?)));
    let Ok((spare, stream)) = spare else {
        return;
    };
    let partial = Arc::new(AtomicBool::new(false));
    let io = Watched {
        inner: stream,
        partial: partial.clone(),
    };
    let service = {
        let limits = limits.clone();
        service_fn(move |request| {
            let (limits, handler) = (limits.clone(), handler.clone());
            async move { Ok::<_, Infallible>(respond(request, &limits, handler).await) }
        })
    };
    let served = http1::Builder::new()
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_timeout)
        // Room for a GET whose URL holds a query up to the body limit.
        .max_buf_size(limits.max_body.saturating_add(16 << 10).max(8192))
        .serve_connection(TokioIo::new(io), service)
        .await;
    if let Err(e) = served {
        if e.is_timeout() && partial.load(Ordering::Relaxed) {
            if let Ok(mut spare) = TcpStream::from_std(spare) {
                let message = format!(
                    "the request's head did not arrive within {} s",
                    limits.header_timeout.as_secs_f64()
                );
                let _ = tokio::time::timeout(
                    Duration::from_secs(1),
                    spare.write_all(&raw_answer("408 Request Timeout", &message)),
                )
                .await;
                let _ = spare.shutdown().await;
            }
        }
    }
}

/// The socket, noting whether bytes of a request have been read that no answer followed.
struct Watched {
    inner: TcpStream,
    partial: Arc<AtomicBool>,
}

impl AsyncRead for Watched {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        let before = buf.filled().len();
        let polled = Pin::new(&mut self.inner).poll_read(cx, buf);
        if buf.filled().len() > before {
            self.partial.store(true, Ordering::Relaxed);
        }
        polled
    }
}

impl AsyncWrite for Watched {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        let polled = Pin::new(&mut self.inner).poll_write(cx, buf);
        if matches!(polled, Poll::Ready(Ok(n)) if n > 0) {
            self.partial.store(false, Ordering::Relaxed);
        }
        polled
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

type Answer = hyper::Response<Full<Bytes>>;

/// Reads the request's body within its deadline and limit, then hands the request to the
/// handler on the blocking pool.
async fn respond(request: hyper::Request<Incoming>, limits: &Limits, handler: Handler) -> Answer {
    let (parts, body) = request.into_parts();
    let upload = parts.uri.path() == "/store" && matches!(parts.method, Method::PUT | Method::POST);
    let max = if upload {
        limits.max_upload
    } else {
        limits.max_body
    };
    let too_large = || {
        closing(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("the request body is larger than the server's limit of {max} bytes"),
        )
    };
    let declared = parts
        .headers
        .get(hyper::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > max as u64) {
        return too_large();
    }
    let read = tokio::time::timeout(limits.request_timeout, Limited::new(body, max).collect());
    let body = match read.await {
        Err(_) => {
            return closing(
                StatusCode::REQUEST_TIMEOUT,
                format!(
                    "the request's body did not arrive within {} s",
                    limits.request_timeout.as_secs_f64()
                ),
            )
        }
        Ok(Err(e)) if e.downcast_ref::<LengthLimitError>().is_some() => return too_large(),
        Ok(Err(_)) => return closing(StatusCode::BAD_REQUEST, "cannot read the request body"),
        Ok(Ok(collected)) => collected.to_bytes(),
    };
    let handled = tokio::task::spawn_blocking(move || {
        let mut request = Request::from_parts(parts, Body::from(body.to_vec()));
        let response = handler(&mut request);
        let (parts, mut body) = response.into_parts();
        let mut bytes = Vec::new();
        body.read_to_end(&mut bytes).map(|_| (parts, bytes))
    })
    .await;
    match handled {
        Ok(Ok((parts, bytes))) => hyper::Response::from_parts(parts, Full::new(Bytes::from(bytes))),
        _ => closing(
            StatusCode::INTERNAL_SERVER_ERROR,
            "the request could not be answered",
        ),
    }
}

/// A plain-text answer after which the connection is closed (the rest of the request is
/// not read).
fn closing(status: StatusCode, message: impl Into<String>) -> Answer {
    let response = super::text(status, message);
    let (mut parts, mut body) = response.into_parts();
    let mut bytes = Vec::new();
    let _ = body.read_to_end(&mut bytes);
    parts.headers.insert(
        hyper::header::CONNECTION,
        hyper::header::HeaderValue::from_static("close"),
    );
    super::secure_headers(&mut parts.headers, false);
    hyper::Response::from_parts(parts, Full::new(Bytes::from(bytes)))
}
