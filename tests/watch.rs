//! `maquette watch` end to end in headless Chromium: the served proof reloads itself after an edit,
//! and a failed build shows its message until the file is fixed.
//!
//! The proof page writes what it shows into its title (each page image's hash, `!` while loading), and
//! Chromium's debugging endpoint lists page titles over plain HTTP, so the test reads what the browser
//! displays without driving it: nothing ever reloads the page but the page itself.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::os::unix::process::CommandExt;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Kills a process group we started when dropped, so a failing test leaves nothing running.
struct Group(Child);

impl Drop for Group {
    fn drop(&mut self) {
        let _ = Command::new("kill").arg("--").arg(format!("-{}", self.0.id())).status();
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn spawn(cmd: &mut Command) -> Group {
    Group(cmd.process_group(0).spawn().expect("start process"))
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

fn http_get(port: u16, path: &str) -> Option<String> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    write!(s, "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").ok()?;
    // Read until the body has the announced length: the server may keep the connection open.
    let mut bytes = Vec::new();
    let mut buf = [0u8; 8192];
    loop {
        let n = s.read(&mut buf).ok()?;
        bytes.extend_from_slice(&buf[..n]);
        let text = String::from_utf8_lossy(&bytes);
        if let Some((head, body)) = text.split_once("\r\n\r\n") {
            let len = head
                .lines()
                .find_map(|l| l.to_ascii_lowercase().strip_prefix("content-length:").map(|v| v.trim().to_string()))
                .and_then(|v| v.parse::<usize>().ok());
            if n == 0 || len.is_some_and(|len| body.len() >= len) {
                return Some(body.to_string());
            }
        } else if n == 0 {
            return None;
        }
    }
}

/// Titles of the browser's pages.
fn titles(port: u16) -> Vec<String> {
    let Some(body) = http_get(port, "/json/list") else { return vec![] };
    let list: Vec<serde_json::Value> = serde_json::from_str(&body).unwrap_or_default();
    list.iter().filter(|t| t["type"] == "page").filter_map(|t| t["title"].as_str().map(String::from)).collect()
}

/// Waits until a page title satisfies `ok`; panics with what was seen after `secs`.
fn wait_title(port: u16, secs: u64, log: &Mutex<Vec<String>>, ok: impl Fn(&str) -> bool) -> String {
    let start = Instant::now();
    let mut seen = vec![];
    while start.elapsed() < Duration::from_secs(secs) {
        seen = titles(port);
        if let Some(t) = seen.iter().find(|t| ok(t)) {
            return t.clone();
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    panic!("browser titles {seen:?}; watch log:\n{}", log.lock().unwrap().join("\n"));
}

/// `page:hash` pairs of a proof title, once every image has loaded.
fn shown(title: &str) -> Option<Vec<(String, String)>> {
    let (_, list) = title.split_once(" — proof ")?;
    let pairs: Vec<(String, String)> =
        list.split_whitespace().filter_map(|p| p.split_once(':')).map(|(a, b)| (a.into(), b.into())).collect();
    (!pairs.is_empty() && pairs.iter().all(|(_, v)| !v.ends_with('!'))).then_some(pairs)
}

#[test]
fn served_proof_reloads_itself_after_an_edit() {
    if !common::tool("chromium") {
        return;
    }
    let (tmp, dir) = common::mini();
    let mut watch = spawn(
        Command::new(env!("CARGO_BIN_EXE_maquette"))
            .args(["watch", "--port", "0", "--dpi", "20"])
            .arg(&dir)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped()),
    );
    let log = Arc::new(Mutex::new(Vec::new()));
    let (tx, rx) = std::sync::mpsc::channel();
    let stdout = watch.0.stdout.take().unwrap();
    let sink = Arc::clone(&log);
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if let Some(addr) = line.split("proof served at ").nth(1) {
                let _ = tx.send(addr.split_whitespace().next().unwrap_or_default().to_string());
            }
            sink.lock().unwrap().push(line);
        }
    });
    let url = rx.recv_timeout(Duration::from_secs(120)).expect("watch prints its address");

    let debug_port = free_port();
    let _browser = spawn(
        Command::new("chromium")
            .args(["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run"])
            .arg(format!("--remote-debugging-port={debug_port}"))
            .arg(format!("--user-data-dir={}", tmp.path().join("chrome").display()))
            .arg(&url)
            .stdout(Stdio::null())
            .stderr(Stdio::null()),
    );
    let first = wait_title(debug_port, 60, &log, |t| shown(t).is_some());
    let before = shown(&first).unwrap();
    assert_eq!(before.len(), 2, "{first}");

    // A headline edit on page 1: the page reloads itself and shows a new image of page 1 only.
    common::edit(&dir.join("articles/une.md"), "Un titre pour les essais", "Un autre titre pour les essais");
    let second = wait_title(debug_port, 60, &log, |t| shown(t).is_some_and(|s| s[0] != before[0]));
    let after = shown(&second).unwrap();
    assert_eq!(after[1], before[1], "page 2 changed too: {first} → {second}");

    // A broken issue.toml: the page shows the error; fixed, the proof comes back.
    let toml = dir.join("issue.toml");
    let good = std::fs::read_to_string(&toml).unwrap();
    std::fs::write(&toml, format!("{good}\nbroken = [\n")).unwrap();
    wait_title(debug_port, 60, &log, |t| t.ends_with("build failed"));
    std::fs::write(&toml, &good).unwrap();
    let back = wait_title(debug_port, 60, &log, |t| shown(t).is_some());
    assert_eq!(shown(&back).unwrap(), after);
    let log = log.lock().unwrap();
    assert!(log.iter().any(|l| l.contains("build failed")), "{log:?}");
    assert!(log.iter().filter(|l| l.contains("rebuilt in")).count() >= 3, "{log:?}");
}

/// The status line's code of a GET for `path` naming `host`.
fn status(port: u16, path: &str, host: &str) -> Option<u16> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    write!(s, "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n").ok()?;
    let mut head = [0u8; 12];
    s.read_exact(&mut head).ok()?;
    String::from_utf8_lossy(&head[9..12]).parse().ok()
}

/// `maquette watch` started on `dir` (its own process group, stopped when dropped) and the
/// address it prints once it serves the proof.
fn watch_serving(dir: &std::path::Path) -> (Group, String) {
    let mut watch = spawn(
        Command::new(env!("CARGO_BIN_EXE_maquette"))
            .args(["watch", "--port", "0", "--dpi", "20"])
            .arg(dir)
            .stdout(Stdio::piped())
            .stderr(Stdio::null()),
    );
    let stdout = watch.0.stdout.take().unwrap();
    let url = BufReader::new(stdout)
        .lines()
        .map_while(Result::ok)
        .find_map(|l| l.split("proof served at ").nth(1).map(|a| a.split_whitespace().next().unwrap_or("").to_string()))
        .expect("watch prints its address");
    (watch, url)
}

#[test]
fn the_proof_server_answers_only_this_machine_and_only_its_own_files() {
    let (_tmp, dir) = common::mini();
    let (_watch, url) = watch_serving(&dir);
    let port: u16 = url.rsplit(':').next().unwrap().trim_end_matches('/').parse().expect("a port");
    assert_eq!(status(port, "/version", &format!("127.0.0.1:{port}")), Some(200));
    assert_eq!(status(port, "/version", &format!("localhost:{port}")), Some(200));
    // A page of another site reaching 127.0.0.1 through a rebound DNS name names that site.
    assert_eq!(status(port, "/version", &format!("evil.example:{port}")), Some(403));
    // A request header over 16 KB is refused, one under it answered.
    let padded = |n: usize| format!("127.0.0.1:{port}\r\nX-Pad: {}", "a".repeat(n));
    assert_eq!(status(port, "/version", &padded(1_000)), Some(200));
    assert_eq!(status(port, "/version", &padded(20_000)), Some(431));
    // A link placed in the proof folder is not followed.
    let proof = dir.join("out/proof");
    let deadline = std::time::Instant::now() + Duration::from_secs(120);
    while !proof.join("index.html").exists() && std::time::Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(100));
    }
    std::os::unix::fs::symlink(dir.join("issue.toml"), proof.join("secret.png")).unwrap();
    assert_eq!(status(port, "/secret.png", &format!("127.0.0.1:{port}")), Some(404));
}

/// A client that asks for a large file and never reads it holds one answering thread, not the
/// server: the version poll of the browser is still answered (within the 5 s the poll waits).
#[test]
fn a_stalled_client_does_not_block_the_others() {
    let (_tmp, dir) = common::mini();
    let (_watch, url) = watch_serving(&dir);
    let port: u16 = url.rsplit(':').next().unwrap().trim_end_matches('/').parse().expect("a port");
    let proof = dir.join("out/proof");
    let deadline = std::time::Instant::now() + Duration::from_secs(120);
    while !proof.join("index.html").exists() && std::time::Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(100));
    }
    // Far more than the loopback socket buffers hold: answering it blocks until the client reads.
    std::fs::write(proof.join("big.png"), vec![0u8; 64 << 20]).unwrap();
    let stalled: Vec<TcpStream> = (0..3)
        .map(|_| {
            let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
            write!(s, "GET /big.png HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n").unwrap();
            s
        })
        .collect();
    std::thread::sleep(Duration::from_millis(500));
    assert_eq!(status(port, "/version", &format!("127.0.0.1:{port}")), Some(200));
    drop(stalled);
}

/// One folder, one writer: while watch holds its proof folder, a proof into it is refused with a
/// message; once watch is killed (no clean exit), the OS has released the lock and the proof runs.
#[test]
fn a_second_writer_into_one_folder_is_refused_and_a_killed_one_leaves_no_lock() {
    let (_tmp, dir) = common::mini();
    let (mut watch, _) = watch_serving(&dir);
    let proof = || Command::new(env!("CARGO_BIN_EXE_maquette")).args(["proof"]).arg(&dir).output().unwrap();
    let refused = proof();
    assert_eq!(refused.status.code(), Some(1));
    let message = String::from_utf8_lossy(&refused.stderr);
    assert!(message.contains("another maquette command"), "{message}");
    let _ = Command::new("kill").args(["-KILL", &watch.0.id().to_string()]).status();
    let _ = watch.0.wait();
    let after = proof();
    assert!(after.status.success(), "{}", String::from_utf8_lossy(&after.stderr));
}
