//! The companion's accept loop. `axum::serve` sets no timer, so hyper's header-read
//! timeout never fires, and it offers no connection cap or shutdown deadline; here every
//! stage of a connection is bounded:
//!
//! - headers: `header_timeout_secs` (hyper's `header_read_timeout`, which also closes an
//!   idle keep-alive connection, since it is waiting for the next request's headers);
//! - body: `body_timeout_secs` (the `read_body` middleware in [`super::app`]);
//! - open connections: `max_connections`, kept below the open-file limit;
//! - shutdown: SIGTERM or Ctrl-C stops accepting, lets requests in flight finish for
//!   `shutdown_timeout_secs`, then returns whatever the clients are doing.

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::ConnectInfo;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tower::ServiceExt;

use super::{app, AppState};

/// File descriptors kept free for the database, its journal, the secret and SMTP.
#[cfg(unix)]
const SPARE_FILES: u64 = 64;

/// Binds `listen`, says where, and serves until Ctrl-C or SIGTERM.
pub async fn serve(state: AppState, listen: &str) -> anyhow::Result<()> {
    let listener = TcpListener::bind(listen)
        .await
        .map_err(|e| anyhow::anyhow!("cannot listen on {listen}: {e}"))?;
    let addr = listener.local_addr()?;
    // The address is for the operator; a closed stdout must not stop the server.
    {
        use std::io::Write;
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "sala comments: listening on http://{addr}");
        let _ = out.flush();
    }
    eprintln!(
        "sala comments: {} commentable pages; allowed origins: {}",
        state.pages.len(),
        state.origins.allowed().join(", ")
    );
    run(listener, state, shutdown_signal()).await
}

/// Serves on `listener` until `stop` completes, then waits at most
/// `shutdown_timeout_secs` for open connections.
pub async fn run(
    listener: TcpListener,
    state: AppState,
    stop: impl Future<Output = ()>,
) -> anyhow::Result<()> {
    let c = &state.config;
    let (cap, why) = connection_cap(c.max_connections);
    let deadline = Duration::from_secs(c.shutdown_timeout_secs);
    eprintln!(
        "sala comments: at most {cap} connections ({why}); headers within {} s, bodies within {} s",
        c.header_timeout_secs.max(1),
        c.body_timeout_secs.max(1)
    );
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(Duration::from_secs(c.header_timeout_secs.max(1)))
        .keep_alive(true);
    let slots = Arc::new(Semaphore::new(cap));
    let router = app(state);
    let graceful = GracefulShutdown::new();
    tokio::pin!(stop);
    loop {
        // Take a slot before accepting: past the cap, clients wait in the kernel's
        // backlog instead of costing a file descriptor each.
        let slot = tokio::select! {
            biased;
            _ = &mut stop => break,
            slot = slots.clone().acquire_owned() => slot?,
        };
        let (stream, peer) = tokio::select! {
            biased;
            _ = &mut stop => break,
            accepted = listener.accept() => match accepted {
                Ok(a) => a,
                Err(e) => {
                    // Out of descriptors or memory: wait a little instead of spinning.
                    eprintln!("sala comments: accept failed: {e}");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
        };
        let _ = stream.set_nodelay(true);
        let router = router.clone();
        let service =
            hyper::service::service_fn(move |mut req: hyper::Request<hyper::body::Incoming>| {
                req.extensions_mut().insert(ConnectInfo::<SocketAddr>(peer));
                router.clone().oneshot(req)
            });
        let conn = graceful.watch(http.serve_connection(TokioIo::new(stream), service));
        tokio::spawn(async move {
            // Errors here are the client's (reset, timeout, bad request line).
            let _ = conn.await;
            drop(slot);
        });
    }
    drop(listener);
    let open = graceful.count();
    eprintln!(
        "sala comments: stopping; {open} connections open, waiting at most {} s",
        deadline.as_secs()
    );
    tokio::select! {
        _ = graceful.shutdown() => {}
        _ = tokio::time::sleep(deadline) => {
            eprintln!("sala comments: closing the connections still open");
        }
    }
    Ok(())
}

/// `max_connections`, lowered to fit under the soft open-file limit (RLIMIT_NOFILE).
fn connection_cap(configured: usize) -> (usize, String) {
    let configured = configured.max(1);
    #[cfg(unix)]
    {
        let limit = rustix::process::getrlimit(rustix::process::Resource::Nofile);
        if let Some(soft) = limit.current {
            let room = soft.saturating_sub(SPARE_FILES).max(8);
            if (room as usize) < configured {
                return (
                    room as usize,
                    format!("open-file limit {soft} less {SPARE_FILES} spare"),
                );
            }
            return (
                configured,
                format!("max_connections; open-file limit {soft}"),
            );
        }
    }
    (configured, "max_connections".into())
}

/// Completes on Ctrl-C or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
}
