//! Build benchmark: CPU time, wall time and peak memory of whole `maquette` commands, per build and
//! per page, and of each phase of the build; the issue, a 16-page and a 64-page issue generated
//! from the shared corpus, and the watch path (a saved one-word edit until the page is redrawn).
//!
//! `cargo run --release --example bench` measures this checkout's `target/release/maquette`.
//! `cargo run --release --example bench -- --ab OLD NEW` times two `maquette` binaries in
//! alternation (A B A B …, the same inputs) and prints medians and the ratio NEW ÷ OLD;
//! `scripts/ab REV_A REV_B` builds two commits' binaries and runs it. `--runs N` sets the runs.
//!
//! A **cold** build starts from an empty output folder; a **warm** one follows a one-word edit in
//! every article, with only what the output folder keeps (the photo cache) from the build before.
//! Each build is a new process, so nothing else is warm. Peak memory is the process's maximum
//! resident set (`wait4`); per phase, the high-water mark is reset between phases
//! (`/proc/self/clear_refs`), so a phase's figure is its own peak.

mod issues;

use issues::{Issue, corpus_issue, example_issue};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("--phases") => return phases_child(Path::new(&args[1]), Path::new(&args[2])),
        Some("--figures") => return issues::print_figures(Path::new(&args[1])),
        _ => {}
    }
    let runs = args.iter().position(|a| a == "--runs").and_then(|i| args.get(i + 1)?.parse().ok()).unwrap_or(5);
    let issues = issues();
    if let Some(i) = args.iter().position(|a| a == "--ab") {
        let bins = [PathBuf::from(&args[i + 1]), PathBuf::from(&args[i + 2])];
        return ab(&bins, &issues, runs);
    }
    let bin = sibling("maquette");
    for issue in &issues {
        per_phase(issue, runs);
        let [cold, warm] =
            [false, true].map(|w| median_usage(&(0..runs).map(|k| command(&bin, issue, w, k, 0)).collect::<Vec<_>>()));
        println!("{}: whole command, cold: {}", issue.name, cold.line(issue.pages));
        println!("{}: whole command, warm: {}", issue.name, warm.line(issue.pages));
        let w = median(watch_path(&bin, issue, runs));
        println!("{}: watch, saved edit to redrawn page and reload: {:.0} ms (median of {runs})", issue.name, ms(w));
        if let Some(f) = &issue.figures {
            println!("{}: {f}", issue.name);
        }
    }
}

/// The example, and the corpus issues when ../shared is there.
fn issues() -> Vec<Issue> {
    let mut v = vec![example_issue()];
    let shared =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/assets/text/fr_articles_debian_handbook.json");
    if shared.is_file() {
        v.push(corpus_issue(&shared, 16));
        v.push(corpus_issue(&shared, 64));
    } else {
        println!("corpus issues: skipped (../shared is absent)");
    }
    v
}

/// A binary next to this one's folder (`target/release/maquette` for `target/release/examples/bench`).
fn sibling(name: &str) -> PathBuf {
    let exe = std::env::current_exe().expect("current exe");
    exe.parent().and_then(Path::parent).expect("target dir").join(name)
}

/// What one process used.
#[derive(Clone, Copy, Debug, Default)]
struct Usage {
    wall: Duration,
    cpu: Duration,
    peak_kb: u64,
}

impl Usage {
    fn line(&self, pages: usize) -> String {
        format!(
            "CPU {:.0} ms ({:.1} ms/page), wall {:.0} ms ({:.1} ms/page), peak {:.1} MB",
            ms(self.cpu),
            ms(self.cpu) / pages as f64,
            ms(self.wall),
            ms(self.wall) / pages as f64,
            self.peak_kb as f64 / 1024.0
        )
    }
}

fn median_usage(v: &[Usage]) -> Usage {
    Usage {
        wall: median(v.iter().map(|u| u.wall).collect()),
        cpu: median(v.iter().map(|u| u.cpu).collect()),
        peak_kb: {
            let mut p: Vec<u64> = v.iter().map(|u| u.peak_kb).collect();
            p.sort();
            p[p.len() / 2]
        },
    }
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// Runs `cmd` and returns what the process used, from `wait4` (which also reaps it).
#[allow(clippy::zombie_processes)]
fn timed(cmd: &mut Command) -> Usage {
    // A child's peak counts this process's high-water mark at the spawn (the kernel keeps the
    // larger of the two), so that mark is brought down to what this process holds now, a few MB:
    // the benchmark lays nothing out itself.
    reset_peak();
    let start = Instant::now();
    let child = cmd.stdout(Stdio::null()).stderr(Stdio::null()).spawn().expect("spawn");
    let mut status = 0;
    let mut ru: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: waits for our own child, whose pid we hold and have not waited for.
    let pid = unsafe { libc::wait4(child.id() as i32, &mut status, 0, &mut ru) };
    let wall = start.elapsed();
    assert!(pid > 0 && libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0, "{cmd:?} failed");
    Usage { wall, cpu: tv(ru.ru_utime) + tv(ru.ru_stime), peak_kb: ru.ru_maxrss as u64 }
}

fn tv(t: libc::timeval) -> Duration {
    Duration::from_micros(t.tv_sec as u64 * 1_000_000 + t.tv_usec as u64)
}

/// One `maquette build` of `issue` by `bin`: cold into an empty folder, or warm after a one-word
/// edit in every article (the `k`-th edit) with the output folder of the build before.
/// `slot` keeps each binary's output folder apart.
fn command(bin: &Path, issue: &Issue, warm: bool, k: usize, slot: usize) -> Usage {
    let out = issue.dir().join(format!("out-bench-{slot}-{}", u8::from(warm)));
    if !warm {
        let _ = std::fs::remove_dir_all(&out);
    } else {
        if !out.is_dir() {
            timed(Command::new(bin).arg("build").arg(issue.dir()).arg("--out").arg(&out));
        }
        issue.edit_every_article(k);
    }
    timed(Command::new(bin).arg("build").arg(issue.dir()).arg("--out").arg(&out))
}

/// The build's phases, cold, each run in a new process (this binary with `--phases`).
fn per_phase(issue: &Issue, runs: usize) {
    let mut table: Vec<Vec<(String, f64, f64, f64)>> = Vec::new();
    for _ in 0..runs {
        let out = issue.dir().join("out-bench-phases");
        let _ = std::fs::remove_dir_all(&out);
        let o = Command::new(std::env::current_exe().unwrap())
            .arg("--phases")
            .arg(issue.dir())
            .arg(&out)
            .output()
            .expect("phases run");
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let rows = String::from_utf8_lossy(&o.stdout)
            .lines()
            .filter_map(|l| {
                let f: Vec<&str> = l.split('\t').collect();
                Some((
                    f.first()?.to_string(),
                    f.get(1)?.parse().ok()?,
                    f.get(2)?.parse().ok()?,
                    f.get(3)?.parse().ok()?,
                ))
            })
            .collect();
        table.push(rows);
    }
    let n = issue.pages as f64;
    println!("{}: {} pages, cold build by phase (median of {runs} processes):", issue.name, issue.pages);
    println!(
        "  {:<11} {:>9} {:>11} {:>9} {:>11} {:>9}",
        "phase", "CPU ms", "CPU ms/pg", "wall ms", "wall ms/pg", "peak MB"
    );
    for (i, (name, ..)) in table[0].iter().enumerate() {
        let col = |f: fn(&(String, f64, f64, f64)) -> f64| {
            let mut v: Vec<f64> = table.iter().map(|r| f(&r[i])).collect();
            v.sort_by(f64::total_cmp);
            v[v.len() / 2]
        };
        let (cpu, wall, peak) = (col(|r| r.1), col(|r| r.2), col(|r| r.3));
        println!("  {name:<11} {cpu:>9.1} {:>11.2} {wall:>9.1} {:>11.2} {peak:>9.1}", cpu / n, wall / n);
    }
}

/// In the child: one build, one line per phase (name, CPU ms, wall ms, peak MB of that phase).
fn phases_child(dir: &Path, out: &Path) {
    let opts = maquette::BuildOptions { out: Some(out.to_path_buf()), strict: false };
    let mut last = (Instant::now(), cpu_now());
    reset_peak();
    let mut rows = Vec::new();
    maquette::build::build_with(dir, &opts, &mut |name| {
        let (now, cpu) = (Instant::now(), cpu_now());
        rows.push(format!(
            "{name}\t{:.3}\t{:.3}\t{:.2}",
            ms(cpu - last.1),
            ms(now - last.0),
            peak_kb() as f64 / 1024.0
        ));
        reset_peak();
        last = (Instant::now(), cpu_now());
    })
    .expect("build");
    println!("{}", rows.join("\n"));
}

fn cpu_now() -> Duration {
    let mut ru: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: fills a rusage we own.
    unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut ru) };
    tv(ru.ru_utime) + tv(ru.ru_stime)
}

/// Resets the process's resident-set high-water mark (Linux: "5" to /proc/self/clear_refs).
fn reset_peak() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

fn peak_kb() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let line = status.lines().find(|l| l.starts_with("VmHWM:")).unwrap_or("");
    line.split_whitespace().nth(1).and_then(|v| v.parse().ok()).unwrap_or(0)
}

/// Saved one-word edits under `maquette watch` (default dpi): from the write to the moment the
/// proof's `/version` changes, which `watch` does once the page's PNG is on disk (the browser,
/// polling it, then reloads). Polled every 2 ms.
fn watch_path(bin: &Path, issue: &Issue, runs: usize) -> Vec<Duration> {
    use std::io::{BufRead, BufReader};
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let proof = issue.dir().join("out-bench-watch");
    let _ = std::fs::remove_dir_all(&proof);
    let mut child = Command::new(bin)
        .arg("watch")
        .arg(issue.dir())
        .arg("--port")
        .arg(port.to_string())
        .arg("--out")
        .arg(&proof)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("watch");
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let mut rebuilt =
        || lines.by_ref().map_while(|l| l.ok()).any(|l| l.contains("rebuilt in") || l.contains("build failed"));
    assert!(rebuilt(), "watch did not build");
    let mut times = Vec::new();
    for k in 0..runs {
        std::thread::sleep(Duration::from_millis(300));
        let before = version(port);
        let start = Instant::now();
        issue.edit_one_article(k);
        // The browser polls /version and reloads when it changes: that is when the edit is sent.
        while version(port) == before && start.elapsed() < Duration::from_secs(30) {
            std::thread::sleep(Duration::from_millis(2));
        }
        times.push(start.elapsed());
        assert!(rebuilt(), "watch stopped");
    }
    let _ = child.kill();
    let _ = child.wait();
    times
}

/// The proof's version as `watch` serves it to the browser (empty when it does not answer).
fn version(port: u16) -> String {
    use std::io::{Read, Write};
    let Ok(mut stream) = std::net::TcpStream::connect(("127.0.0.1", port)) else { return String::new() };
    let _ = stream.write_all(b"GET /version HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n");
    let mut answer = String::new();
    let _ = stream.read_to_string(&mut answer);
    answer.rsplit("\r\n\r\n").next().unwrap_or("").to_string()
}

/// Two binaries in alternation on every issue: cold, warm and the watch path; medians and the
/// ratio of the second to the first.
fn ab(bins: &[PathBuf; 2], issues: &[Issue], runs: usize) {
    println!("A = {}\nB = {}\n{runs} runs each, alternating A B A B …", bins[0].display(), bins[1].display());
    println!("{:<34} {:>10} {:>10} {:>7}", "measure", "A", "B", "B/A");
    for issue in issues {
        for warm in [false, true] {
            let mut u: [Vec<Usage>; 2] = [Vec::new(), Vec::new()];
            for k in 0..runs {
                for (j, bin) in bins.iter().enumerate() {
                    u[j].push(command(bin, issue, warm, k, j));
                }
            }
            let [a, b] = [median_usage(&u[0]), median_usage(&u[1])];
            let what = format!("{} {}", issue.name, if warm { "warm" } else { "cold" });
            row(&format!("{what}: CPU ms/page"), ms(a.cpu) / issue.pages as f64, ms(b.cpu) / issue.pages as f64);
            row(&format!("{what}: wall ms"), ms(a.wall), ms(b.wall));
            row(&format!("{what}: peak MB"), a.peak_kb as f64 / 1024.0, b.peak_kb as f64 / 1024.0);
        }
        let mut w: [Vec<Duration>; 2] = [Vec::new(), Vec::new()];
        for _ in 0..runs.div_ceil(3) {
            for (j, bin) in bins.iter().enumerate() {
                w[j].extend(watch_path(bin, issue, 3));
            }
        }
        let [a, b] = [ms(median(w[0].clone())), ms(median(w[1].clone()))];
        row(&format!("{} watch edit→page ms", issue.name), a, b);
    }
}

fn row(what: &str, a: f64, b: f64) {
    println!("{what:<34} {a:>10.1} {b:>10.1} {:>7.2}", b / a);
}
