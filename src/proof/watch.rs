//! `maquette watch`: rebuilds the proof when a file of the issue, its template or a font changes, and
//! serves the HTML proof on localhost; the page reloads itself after each rebuild.
//!
//! File events arrive in bursts (an editor saving writes, renames and touches), so the loop waits until
//! the folder has been quiet for a short while before rebuilding. Set article bodies are kept between
//! builds (see `layout::streams::keep_bodies`) and forgotten when anything but an article changed;
//! pages whose frames did not change are not rasterised again.

use super::{ProofOptions, Session, html};
use crate::error::{Error, Result};
use crate::layout::streams;
use notify::event::{AccessKind, AccessMode, ModifyKind, RenameMode};
use notify::{EventKind, RecursiveMode, Watcher};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, channel};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Quiet time after the last file event before a rebuild.
/// A save's events (write a temporary file, rename it, touch) come within a millisecond or two
/// of each other; a burst split in two costs one more rebuild, never a wrong proof.
const SETTLE: Duration = Duration::from_millis(25);

/// Quiet time after an event that ends a save: a file written and closed, or renamed into place.
/// The save is done; this only gathers the events of a save that touches several files at once.
const SAVED: Duration = Duration::from_millis(4);

/// The memo's budget in watch: about a hundred pages like the example's, with their edits.
const WATCH_MEMO: usize = 128 << 20;

/// Options of `maquette watch`.
#[derive(Clone, Debug)]
pub struct WatchOptions {
    /// Port on 127.0.0.1 (0: any free port).
    pub port: u16,
    /// How each proof is made.
    pub proof: ProofOptions,
}

/// What the server shows.
struct Shown {
    version: u64,
    error: Option<String>,
    title: String,
}

/// Builds, serves and rebuilds until the process is stopped.
pub fn watch(issue_dir: &Path, opts: &WatchOptions) -> Result<()> {
    streams::keep_bodies();
    // Paragraphs set by the build before are reused when an edit left them alone (text::memo):
    // the example's 12 pages hold some 16 MB of them.
    crate::text::memo::set_budget(WATCH_MEMO);
    crate::model::image::keep_loaded();
    // Events name absolute paths: compare them with absolute folders.
    let issue_dir = &std::path::absolute(issue_dir).map_err(|e| Error::io(issue_dir, e))?;
    let out = opts.proof.out.clone().unwrap_or_else(|| issue_dir.join("out").join("proof"));
    let dir = std::path::absolute(&out).map_err(|e| Error::io(&out, e))?;
    // Held as long as watch runs: a build or proof into this folder meanwhile is refused.
    let _lock = crate::files::lock_out(&dir)?;
    let mut session = Session::default();
    let shown = Arc::new(Mutex::new(Shown { version: 0, error: None, title: "maquette".into() }));
    let (tx, rx) = channel();
    let mut watcher = notify::recommended_watcher(move |e: notify::Result<notify::Event>| {
        // Reads (ours included) are reported too; only writes, creations, renames and removals
        // count, and the closing of a file written, which ends its save.
        let Ok(e) = e else { return };
        let ends = matches!(
            e.kind,
            EventKind::Access(AccessKind::Close(AccessMode::Write))
                | EventKind::Modify(ModifyKind::Name(RenameMode::To | RenameMode::Both))
        );
        if ends || !matches!(e.kind, EventKind::Access(_) | EventKind::Modify(ModifyKind::Metadata(_))) {
            let _ = tx.send((e.paths, ends));
        }
    })
    .map_err(|e| Error::msg(format!("cannot watch files: {e}")))?;
    let mut watched = BTreeSet::new();
    let mut add = |path: &Path, watcher: &mut notify::RecommendedWatcher| {
        if path.exists() && watched.insert(path.to_path_buf()) {
            let _ = watcher.watch(path, RecursiveMode::Recursive);
        }
    };
    add(issue_dir, &mut watcher);
    let paths = rebuild(&mut session, issue_dir, &opts.proof, &shown, "first build");
    for p in &paths {
        add(p, &mut watcher);
    }
    let server = tiny_http::Server::http(("127.0.0.1", opts.port))
        .map_err(|e| Error::msg(format!("cannot serve on port {}: {e}", opts.port)))?;
    let addr = server.server_addr().to_ip().map(|a| a.to_string()).unwrap_or_default();
    println!("proof served at http://{addr}/  (watching {}; Ctrl-C to stop)", issue_dir.display());
    let served = (dir.clone(), Arc::clone(&shown));
    std::thread::spawn(move || serve(server, served.0, served.1));
    let mut deps = paths;
    loop {
        let changed = settle(&rx, &[dir.clone(), issue_dir.join("out")]);
        if changed.is_empty() {
            continue;
        }
        if changed.iter().any(|p| deps.iter().any(|d| p.starts_with(d))) {
            session.forget();
        }
        if changed.iter().any(|p| !p.starts_with(issue_dir.join("articles"))) {
            streams::forget_bodies();
        }
        // Editors' temporary files come and go during a save: name the files that are still there.
        let present: Vec<&PathBuf> = changed.iter().filter(|p| p.exists()).collect();
        let named = if present.is_empty() { changed.iter().collect() } else { present };
        let names: Vec<String> =
            named.iter().filter_map(|p| p.file_name()).map(|n| n.to_string_lossy().into()).collect();
        let new = rebuild(&mut session, issue_dir, &opts.proof, &shown, &names.join(", "));
        if !new.is_empty() {
            deps = new;
            for p in &deps {
                add(p, &mut watcher);
            }
        }
    }
}

/// Waits for file events, then for quiet ([`SAVED`] after an event that ends a save, [`SETTLE`]
/// after any other); returns the changed paths outside the output folders.
fn settle(rx: &Receiver<(Vec<PathBuf>, bool)>, outputs: &[PathBuf]) -> BTreeSet<PathBuf> {
    let mut changed = BTreeSet::new();
    let keep = |p: &PathBuf| !outputs.iter().any(|o| p.starts_with(o));
    let mut quiet = SETTLE;
    let mut take = |(paths, ends): (Vec<PathBuf>, bool), quiet: &mut Duration| {
        let ours: Vec<PathBuf> = paths.into_iter().filter(keep).collect();
        if !ours.is_empty() {
            *quiet = if ends { SAVED } else { SETTLE };
        }
        changed.extend(ours);
    };
    match rx.recv() {
        Ok(event) => take(event, &mut quiet),
        Err(_) => std::thread::sleep(Duration::from_secs(1)),
    }
    while let Ok(event) = rx.recv_timeout(quiet) {
        take(event, &mut quiet);
    }
    changed.retain(|p| !p.file_name().is_some_and(|n| n.to_string_lossy().starts_with('.')));
    changed
}

/// Rebuilds and logs; returns the template and fonts folders to watch (empty when the build failed).
/// The browser is told to reload as soon as the page images are on disk (`shown`), before the
/// proof PDF is written.
fn rebuild(
    session: &mut Session,
    issue_dir: &Path,
    opts: &ProofOptions,
    shown: &Mutex<Shown>,
    why: &str,
) -> Vec<PathBuf> {
    let start = Instant::now();
    let mut on_screen = None;
    let mut show = |after: Duration| {
        let mut s = shown.lock().unwrap_or_else(|e| e.into_inner());
        s.version += 1;
        s.error = None;
        on_screen = Some(after);
    };
    let result = session.proof_showing(issue_dir, opts, &mut show);
    let ms = start.elapsed().as_secs_f64() * 1000.0;
    let mut s = shown.lock().unwrap_or_else(|e| e.into_inner());
    match result {
        Ok(outcome) => {
            s.title = outcome.title.clone();
            let problems = outcome.document.report.problems().len();
            let screen = on_screen.map_or(ms, |d| d.as_secs_f64() * 1000.0);
            println!(
                "[{why}] on screen in {screen:.0} ms, rebuilt in {ms:.0} ms ({}), {} page{} redrawn, {problems} warning{}",
                outcome.timing_line(),
                outcome.rendered,
                if outcome.rendered == 1 { "" } else { "s" },
                if problems == 1 { "" } else { "s" }
            );
            outcome.deps
        }
        Err(e) => {
            s.version += 1;
            let message = format!("{:?}", miette::Report::new(e));
            println!("[{why}] build failed after {ms:.0} ms; the last good proof stays on disk:\n{message}");
            s.error = Some(strip_ansi(&message));
            vec![]
        }
    }
}

fn strip_ansi(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            for c in chars.by_ref() {
                if c.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Requests answered at once, at most. Each is answered on a thread of its own, so a client that
/// asks for a large page image and never reads it holds one thread, not the server: the browser's
/// own requests (the page, its images, the version poll) go on. Past the bound a request is
/// refused at once with 503 (a tiny answer, which never blocks), so stalled clients cannot pile
/// up threads either. Threads rather than an async server: the proof has one reader, a few
/// requests a second, and tiny_http already reads each connection on a thread of its own.
const ANSWERING: usize = 16;

fn serve(server: tiny_http::Server, dir: PathBuf, shown: Arc<Mutex<Shown>>) {
    let busy = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    for request in server.incoming_requests() {
        use std::sync::atomic::Ordering::SeqCst;
        if busy.fetch_add(1, SeqCst) >= ANSWERING {
            busy.fetch_sub(1, SeqCst);
            let _ = request.respond(tiny_http::Response::from_string("busy").with_status_code(503));
            continue;
        }
        let (dir, shown, busy) = (dir.clone(), Arc::clone(&shown), Arc::clone(&busy));
        std::thread::spawn(move || {
            answer(request, &dir, &shown);
            busy.fetch_sub(1, SeqCst);
        });
    }
}

/// Most bytes of a request's line and headers the proof answers; a browser sends well under 2 KB
/// to it. Larger requests get 431 and nothing else. The cap is on what is answered: tiny_http
/// reads a header into memory before it hands the request over (tiny-http issue 56), and only
/// processes of this machine reach the port (127.0.0.1, Host checked), whose browsers cap their
/// own headers far lower.
const HEADER_LIMIT: usize = 16 * 1024;

fn header_bytes(request: &tiny_http::Request) -> usize {
    let fields = request.headers().iter().map(|h| h.field.as_str().as_str().len() + h.value.as_str().len() + 4);
    request.url().len() + fields.sum::<usize>()
}

/// Answers one request of the proof's browser.
fn answer(request: tiny_http::Request, dir: &Path, shown: &Mutex<Shown>) {
    if header_bytes(&request) > HEADER_LIMIT {
        let _ = request.respond(tiny_http::Response::from_string("header too large").with_status_code(431));
        return;
    }
    if !local_host(&request) {
        let _ = request.respond(tiny_http::Response::from_string("forbidden host").with_status_code(403));
        return;
    }
    let url = request.url().split('?').next().unwrap_or("/").to_string();
    let (version, error, title) = {
        let s = shown.lock().unwrap_or_else(|e| e.into_inner());
        (s.version, s.error.clone(), s.title.clone())
    };
    let slot = format!("const VERSION = {version};");
    let (status, kind, body) = match url.as_str() {
        "/version" => (200, "text/plain", version.to_string().into_bytes()),
        "/" | "/index.html" => match (error, std::fs::read_to_string(dir.join("index.html"))) {
            (Some(msg), _) => (200, "text/html; charset=utf-8", html::error_page(&title, &msg).into_bytes()),
            (None, Ok(page)) => (200, "text/html; charset=utf-8", page.replace(html::VERSION_SLOT, &slot).into_bytes()),
            (None, Err(_)) => (404, "text/plain", b"no proof yet".to_vec()),
        },
        name => file(dir, name),
    };
    let body = if kind.starts_with("text/html") {
        String::from_utf8_lossy(&body).replace(html::VERSION_SLOT, &slot).into_bytes()
    } else {
        body
    };
    let headers = [("Content-Type", kind), ("Cache-Control", "no-store")];
    let mut response = tiny_http::Response::from_data(body).with_status_code(status);
    for (k, v) in headers {
        if let Ok(h) = tiny_http::Header::from_bytes(k.as_bytes(), v.as_bytes()) {
            response.add_header(h);
        }
    }
    let _ = request.respond(response);
}

/// Whether the request names this machine in its Host header. The server listens on 127.0.0.1
/// only, but a page on another site could still reach it through a DNS name rebound to that
/// address; such a request carries the other site's name, and is refused.
fn local_host(request: &tiny_http::Request) -> bool {
    let host = request.headers().iter().find(|h| h.field.equiv("Host")).map(|h| h.value.as_str().to_string());
    let Some(host) = host else { return false };
    let name = match host.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or(""),
        None => host.split(':').next().unwrap_or(""),
    };
    matches!(name.to_ascii_lowercase().as_str(), "127.0.0.1" | "localhost" | "::1")
}

/// A file of the proof folder by its plain name (no sub-folders, so nothing outside it is served).
fn file(dir: &Path, url: &str) -> (u16, &'static str, Vec<u8>) {
    let name = url.trim_start_matches('/');
    if name.is_empty() || name.contains('/') || name.contains("..") || name.starts_with('.') {
        return (404, "text/plain", b"not found".to_vec());
    }
    let kind = match name.rsplit('.').next() {
        Some("png") => "image/png",
        Some("pdf") => "application/pdf",
        Some("json") => "application/json",
        _ => "application/octet-stream",
    };
    // A link placed in the folder is not followed: only the proof's own files are served.
    let path = dir.join(name);
    let plain = std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_file());
    match std::fs::read(&path) {
        Ok(bytes) if plain => (200, kind, bytes),
        _ => (404, "text/plain", b"not found".to_vec()),
    }
}
