//! The fuzz harness: mutates the small test issue (`tests/fixtures/mini`) by class — numbers in
//! TOML, front matter, Markdown, the messages CSV, images, fonts — and runs load, layout and the
//! PDF writer in process on each case. A case passes when it ends in an error (bad input is
//! expected) or in a build whose PDF qpdf (when installed) and hayro both read; it fails on a
//! panic, and a watchdog aborts the process when one case runs 30 s (a hang guard, not a speed
//! test), naming the case. Shared by `tests/fuzzing.rs` (a fixed-seed slice) and
//! `examples/fuzz.rs` (long runs).

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

/// The mutation classes, in the order the summary prints them.
pub const CLASSES: [&str; 6] = ["toml-number", "front-matter", "markdown", "csv", "image", "font"];

/// What happened to the cases of one class.
#[derive(Clone, Debug, Default)]
pub struct Tally {
    /// Cases run.
    pub cases: usize,
    /// Cases whose issue loaded, so that the layout ran.
    pub layout: usize,
    /// Cases that reached the PDF writer and wrote a PDF.
    pub writer: usize,
}

/// The outcome of a run: a tally per class and the failures, each named by class and seed.
#[derive(Debug, Default)]
pub struct Run {
    /// Per class, in the order of [`CLASSES`].
    pub tallies: Vec<Tally>,
    /// "class seed: what went wrong".
    pub failures: Vec<String>,
}

/// A small deterministic generator (xorshift), so a seed gives the same case everywhere.
pub struct Rng(u64);

impl Rng {
    /// A generator from a seed.
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1)
    }

    /// The next number.
    pub fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    /// A number below `n`.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    /// One of `items`.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Runs `cases` cases from seed `first` on, the classes taken in turn; `root` is the repository.
pub fn run(root: &Path, first: u64, cases: u64, qpdf: bool) -> Run {
    let mut out = Run { tallies: vec![Tally::default(); CLASSES.len()], failures: Vec::new() };
    let quiet = std::panic::take_hook();
    // Panics are findings, reported with their case; the default hook would print each twice.
    std::panic::set_hook(Box::new(|_| {}));
    for seed in first..first + cases {
        let class = (seed % CLASSES.len() as u64) as usize;
        let tmp = tempfile::tempdir().expect("temp dir");
        let dir = copy_mini(root, tmp.path());
        let mut rng = Rng::new(seed);
        let what = mutate(root, &dir, class, &mut rng);
        let name = format!("{} {seed} ({what})", CLASSES[class]);
        let t = &mut out.tallies[class];
        t.cases += 1;
        match watched(&name, dir.clone()) {
            Err(panic) => out.failures.push(format!("{name}: panic: {panic}")),
            Ok((loaded, built)) => {
                t.layout += usize::from(loaded);
                if let Some(pdf) = built {
                    t.writer += 1;
                    if let Err(e) = readable(&pdf, qpdf) {
                        out.failures.push(format!("{name}: {e}"));
                    }
                }
            }
        }
    }
    std::panic::set_hook(quiet);
    out
}

/// One line per class: cases, how many reached the layout and the writer.
pub fn summary(run: &Run) -> String {
    let mut s = String::new();
    for (name, t) in CLASSES.iter().zip(&run.tallies) {
        s.push_str(&format!(
            "{name:<13} {:>6} cases, {:>6} reached layout, {:>6} reached the PDF writer\n",
            t.cases, t.layout, t.writer
        ));
    }
    s
}

/// Runs the case on its own thread; if it has not ended after 30 s, names it and aborts.
fn watched(name: &str, dir: PathBuf) -> Result<(bool, Option<Vec<u8>>), String> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let r = std::panic::catch_unwind(|| one_case(&dir));
        let _ = tx.send(r.map_err(|p| {
            p.downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| p.downcast_ref::<String>().cloned())
                .unwrap_or_default()
        }));
    });
    match rx.recv_timeout(Duration::from_secs(30)) {
        Ok(r) => r,
        Err(_) => {
            eprintln!("fuzz: case {name} ran 30 s: a hang; aborting");
            std::process::abort();
        }
    }
}

/// Load, then the whole build: whether the issue loaded, and the PDF when the build succeeded.
fn one_case(dir: &Path) -> (bool, Option<Vec<u8>>) {
    let load = maquette::model::Issue::load(dir);
    // `FUZZ_VERBOSE=1` prints why each case stopped at load, to see what a class exercises.
    if let (Some(_), Err(e)) = (std::env::var_os("FUZZ_VERBOSE"), &load) {
        eprintln!("load: {e}");
    }
    let loaded = load.is_ok();
    let out = dir.join("out");
    let opts = maquette::BuildOptions { out: Some(out.clone()), strict: false };
    match maquette::build(dir, &opts) {
        Ok(_) => (loaded, std::fs::read(out.join("issue.pdf")).ok()),
        Err(_) => (loaded, None),
    }
}

/// Whether another reader takes the PDF: hayro renders every page; qpdf checks its structure.
fn readable(pdf: &[u8], qpdf: bool) -> Result<(), String> {
    let pages = maquette::press::raster::rasterise(pdf, 8.0).map_err(|e| format!("hayro cannot read the PDF: {e}"))?;
    if pages.is_empty() {
        return Err("hayro finds no page".into());
    }
    if qpdf {
        let tmp = tempfile::NamedTempFile::new().map_err(|e| e.to_string())?;
        std::fs::write(tmp.path(), pdf).map_err(|e| e.to_string())?;
        let o =
            std::process::Command::new("qpdf").arg("--check").arg(tmp.path()).output().map_err(|e| e.to_string())?;
        // 3 is qpdf's "warnings": the file is read.
        if !matches!(o.status.code(), Some(0 | 3)) {
            return Err(format!("qpdf --check: {}", String::from_utf8_lossy(&o.stdout)));
        }
    }
    Ok(())
}

fn copy_mini(root: &Path, into: &Path) -> PathBuf {
    let dir = into.join("mini");
    copy_dir(&root.join("tests/fixtures/mini"), &dir);
    dir
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("dir");
    for e in std::fs::read_dir(from).expect("read dir").flatten() {
        let target = to.join(e.file_name());
        if e.path().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), &target).expect("copy");
        }
    }
}

/// Applies one mutation of `class`; returns a short description for the failure list.
fn mutate(root: &Path, dir: &Path, class: usize, rng: &mut Rng) -> String {
    match class {
        0 => toml_number(root, dir, rng),
        1 => front_matter(dir, rng),
        2 => markdown(dir, rng),
        3 => csv(dir, rng),
        4 => image(dir, rng),
        _ => font(root, dir, rng),
    }
}

/// Values a number may be replaced by: not numbers, infinities, zero, negatives, huge and tiny.
const NUMBERS: [&str; 22] = [
    "nan",
    "inf",
    "-inf",
    "0",
    "-1",
    "-0.5",
    "1e300",
    "-9.2e18",
    "1e9",
    "0.0001",
    "4294967296",
    "65536",
    "2.5",
    "\"12\"",
    "1",
    "2",
    "3",
    "5",
    "8",
    "12",
    "20",
    "40",
];

/// A number of issue.toml or of a local copy of the template replaced.
fn toml_number(root: &Path, dir: &Path, rng: &mut Rng) -> String {
    let file = if rng.below(2) == 0 { dir.join("issue.toml") } else { local_template(root, dir) };
    let text = std::fs::read_to_string(&file).expect("toml");
    let spots: Vec<(usize, usize)> = number_spots(&text);
    if spots.is_empty() {
        return "no number".into();
    }
    let (a, b) = *rng.pick(&spots);
    let with = *rng.pick(&NUMBERS);
    let line = text[..a].lines().count();
    std::fs::write(&file, format!("{}{with}{}", &text[..a], &text[b..])).expect("write");
    format!("{} line {line}: {} -> {with}", file.file_name().unwrap().to_string_lossy(), &text[a..b])
}

/// Byte ranges of number literals after `=` or inside arrays, outside comments and strings.
fn number_spots(text: &str) -> Vec<(usize, usize)> {
    let mut spots = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let code = line.split('#').next().unwrap_or("");
        if let Some(eq) = code.find('=') {
            let bytes = code.as_bytes();
            let mut i = eq + 1;
            let mut in_str = false;
            while i < bytes.len() {
                let c = bytes[i];
                if c == b'"' {
                    in_str = !in_str;
                } else if !in_str
                    && (c.is_ascii_digit() || (c == b'-' && bytes.get(i + 1).is_some_and(u8::is_ascii_digit)))
                {
                    let start = i;
                    while i < bytes.len()
                        && (bytes[i].is_ascii_alphanumeric() || matches!(bytes[i], b'.' | b'-' | b'+' | b'_' | b':'))
                    {
                        i += 1;
                    }
                    spots.push((offset + start, offset + i));
                    continue;
                }
                i += 1;
            }
        }
        offset += line.len();
    }
    spots
}

/// A copy of the tabloid template in the issue's own `layouts/`, with the repository's fonts.
fn local_template(root: &Path, dir: &Path) -> PathBuf {
    let layouts = dir.join("layouts");
    std::fs::create_dir_all(&layouts).expect("layouts");
    let t = layouts.join("tabloid.toml");
    std::fs::copy(root.join("layouts/tabloid.toml"), &t).expect("template");
    let fonts = dir.join("fonts");
    if !fonts.exists() {
        std::os::unix::fs::symlink(root.join("fonts"), fonts).expect("fonts link");
    }
    t
}

/// Front matter of the lead article: a key given an odd value, or its fences broken.
fn front_matter(dir: &Path, rng: &mut Rng) -> String {
    let file = dir.join("articles/une.md");
    let text = std::fs::read_to_string(&file).expect("article");
    let lines: Vec<&str> = [
        "headline = \"\"",
        "headline = 12",
        "kicker = nan",
        "photo_lines = -4",
        "photo_lines = 1e12",
        "focus = \"nan,0.5\"",
        "focus = \"2,3\"",
        "figure = \"\u{0}\"",
        "deck = \u{201C}Un chapô\u{201D}",
        "byline = \"\u{202E}gauche\"",
        "inconnu = 1",
        "headline = \"a\"\nheadline = \"b\"",
        "[[photos]]\nfile = \"../../etc/passwd\"",
        "[[photos]]\nfile = \"champ.jpg\"\ncaption = \"x\"\nfocus = \"top\"",
        "figure = \"123456789012345678901234\"",
        "section = \"\"",
        "dropcap = true",
        "kind = \"brief\"",
        "byline = \"Par quelqu'un dont le nom est très très long, vraiment très long, interminable\"",
    ]
    .to_vec();
    let pick = rng.below(lines.len() + 6);
    let new = match pick {
        p if p < lines.len() => text.replacen("+++\n", &format!("+++\n{}\n", lines[p]), 1),
        p if p < lines.len() + 3 => {
            let long = "Un titre qui ne finit pas ".repeat(1 + rng.below(40));
            text.replacen("headline = \"Un titre pour les essais\"", &format!("headline = \"{long}\""), 1)
        }
        p if p == lines.len() => text.replacen("+++", "", 1),
        p if p == lines.len() + 1 => text.replace("+++", "+ + +"),
        _ => text.replacen("\n+++\n", "\n", 1),
    };
    std::fs::write(&file, &new).expect("write");
    format!("front matter variant {pick}")
}

/// The brief's body given hostile Markdown.
fn markdown(dir: &Path, rng: &mut Rng) -> String {
    let file = dir.join("articles/breve.md");
    let text = std::fs::read_to_string(&file).expect("article");
    let n = 1 + rng.below(3000);
    let piece = match rng.below(10) {
        0 => ">".repeat(n) + " citation",
        1 => "- ".repeat(n.min(500)) + "liste",
        2 => format!("| a | b |\n|---|---|\n{}", "| x | y |\n".repeat(n)),
        3 => "مرحبا بالعالم שלום עולם ".repeat(n / 10 + 1),
        4 => format!("e{}", "\u{0301}".repeat(n)),
        5 => format!("avant\u{0}après {}", "\u{0}".repeat(n % 50)),
        6 => "a".repeat(n * 3),
        7 => "*".repeat(n) + "gras" + &"*".repeat(n),
        8 => "#".repeat(1 + n % 9) + " titre\n\n" + &"[lien](http://x) ".repeat(n / 20 + 1),
        _ => "\u{FEFF}\u{200B}\u{00AD}".repeat(n / 3 + 1) + "mot",
    };
    std::fs::write(&file, format!("{text}\n{piece}\n")).expect("write");
    format!("markdown piece of {} bytes", piece.len())
}

/// Reader messages on page 2, from a CSV with odd rows.
fn csv(dir: &Path, rng: &mut Rng) -> String {
    let toml = dir.join("issue.toml");
    let text = std::fs::read_to_string(&toml).expect("issue.toml");
    std::fs::write(&toml, text.replacen("[[pages]]", "[messages]\npages = [2]\n\n[[pages]]", 1)).expect("write");
    let rows = [
        "Section,Bon 1er Mai,1/32",
        "Section,\"texte, avec virgule\",1/8",
        "\"non fermé,Salut,1/32",
        "Section,Salut",
        "Section,Salut,1/32,absent.png",
        "Section,Salut,1/1000",
        ",,",
        "Section,Salut,1/32,,reversed",
        "Section,Salut,1/32,,inconnu",
        "\u{FEFF}Section,Salut,1/4",
    ];
    let mut csv = String::from("sender,text,format,logo,style\n");
    let count = 1 + rng.below(40);
    for _ in 0..count {
        let row = *rng.pick(&rows);
        csv.push_str(row);
        csv.push('\n');
    }
    if rng.below(4) == 0 {
        csv.push_str(&format!("Long,\"{}\",1/32\n", "mot ".repeat(2000)));
    }
    std::fs::write(dir.join("messages.csv"), csv).expect("csv");
    format!("{count} CSV rows")
}

/// The lead's photo truncated, or bytes of its header changed.
fn image(dir: &Path, rng: &mut Rng) -> String {
    let file = dir.join("images/champ.jpg");
    let mut bytes = std::fs::read(&file).expect("photo");
    let what = if rng.below(2) == 0 {
        let keep = rng.below(bytes.len());
        bytes.truncate(keep);
        format!("truncated to {keep} bytes")
    } else {
        let flips = 1 + rng.below(8);
        for _ in 0..flips {
            let at = rng.below(bytes.len().min(700));
            bytes[at] = rng.next() as u8;
        }
        format!("{flips} header bytes changed")
    };
    std::fs::write(&file, bytes).expect("write");
    what
}

/// One font of a local copy of the fonts truncated or changed.
fn font(root: &Path, dir: &Path, rng: &mut Rng) -> String {
    let layouts = dir.join("layouts");
    std::fs::create_dir_all(&layouts).expect("layouts");
    std::fs::copy(root.join("layouts/tabloid.toml"), layouts.join("tabloid.toml")).expect("template");
    let fonts = dir.join("fonts");
    std::fs::create_dir_all(&fonts).expect("fonts");
    let names: Vec<String> = std::fs::read_dir(root.join("fonts"))
        .expect("fonts")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".ttf") || n.ends_with(".otf"))
        .collect();
    let mut names = names;
    names.sort();
    let victim = rng.pick(&names).clone();
    for n in &names {
        if *n != victim {
            std::os::unix::fs::symlink(root.join("fonts").join(n), fonts.join(n)).expect("link");
        }
    }
    let mut bytes = std::fs::read(root.join("fonts").join(&victim)).expect("font");
    let what = if rng.below(2) == 0 {
        let keep = rng.below(bytes.len());
        bytes.truncate(keep);
        format!("{victim} truncated to {keep} bytes")
    } else {
        let flips = 1 + rng.below(16);
        for _ in 0..flips {
            let at = rng.below(bytes.len().min(4096));
            bytes[at] = rng.next() as u8;
        }
        format!("{victim}: {flips} bytes of its tables changed")
    };
    std::fs::write(fonts.join(&victim), bytes).expect("write");
    what
}
