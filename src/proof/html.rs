//! The HTML proof: one self-contained page (inline CSS and script) showing the spreads as images,
//! a large view of a clicked page, and the articles with their status linked to where they sit.
//!
//! The page images are the PNG files beside `index.html`, referenced with a content hash so a browser
//! reloads only the pages that changed. When served by `maquette watch`, the page polls `/version`
//! and reloads itself after each rebuild; opened from disk, the poll fails quietly.

use super::contact::spreads;
use super::overlay::{Fit, LineFlags, article_fit};
use crate::frame::PageFrame;
use crate::layout::report::Report;
use crate::plan::PlanReport;
use serde::Serialize;
use std::collections::HashMap;

/// Where the server puts the build number into the page.
pub const VERSION_SLOT: &str = "const VERSION = null;";

/// A page image of the proof.
#[derive(Clone, Debug, Serialize)]
pub struct PageImage {
    /// Page number.
    pub n: usize,
    /// File name beside `index.html`.
    pub file: String,
    /// Hash of the file's bytes (cache buster).
    pub v: String,
}

#[derive(Serialize)]
struct ArticleRow {
    slug: String,
    status: String,
    fit: &'static str,
    words: usize,
    lines: usize,
    loose: usize,
    hyphens: usize,
    widows: usize,
    pages: Vec<usize>,
    /// Module boxes as (page, left, top, width, height), in percent of the page.
    boxes: Vec<(usize, f64, f64, f64, f64)>,
    /// Placed by the planner.
    planned: bool,
}

/// The status of an article as the proof lists it: `fits`, `overset by N`, `short by N`.
pub fn status(fit: Fit) -> String {
    match fit {
        Fit::Fits => "fits".to_string(),
        Fit::Overset(n) => format!("overset by {n}"),
        Fit::Short(n) => format!("short by {n}"),
    }
}

fn rows(pages: &[PageFrame], report: &Report, flags: &[LineFlags]) -> Vec<ArticleRow> {
    // Loose lines and widows or orphans per article, counted in one pass over the lines (not one
    // per article: 128 articles of a 64-page issue would read its 20,000 lines 256 times).
    let mut counts: HashMap<&str, (usize, usize)> = HashMap::new();
    for (line, f) in pages.iter().flat_map(|p| &p.lines).zip(flags) {
        let c = counts.entry(line.slug.as_str()).or_default();
        c.0 += usize::from(f.loose);
        c.1 += usize::from(f.widow || f.orphan);
    }
    report
        .articles
        .iter()
        .map(|a| {
            let (loose, widows) = counts.get(a.slug.as_str()).copied().unwrap_or_default();
            let fit = article_fit(a);
            let boxes = pages
                .iter()
                .flat_map(|p| p.modules.iter().filter(|m| m.label == a.slug).map(move |m| (p, m)))
                .map(|(p, m)| {
                    let (w, h) = p.size;
                    let pc = |v: f64, of: f64| (v / of * 1000.0).round() / 10.0;
                    (p.number, pc(m.rect[0], w), pc(m.rect[1], h), pc(m.rect[2], w), pc(m.rect[3], h))
                })
                .collect();
            ArticleRow {
                slug: a.slug.clone(),
                status: status(fit),
                fit: match fit {
                    Fit::Fits => "fits",
                    Fit::Overset(_) => "overset",
                    Fit::Short(_) => "short",
                },
                words: a.words,
                lines: a.lines,
                loose,
                hyphens: a.hyphenated,
                widows,
                pages: a.pages.clone(),
                planned: pages.iter().flat_map(|p| &p.modules).any(|m| m.label == a.slug && m.planned),
                boxes,
            }
        })
        .collect()
}

/// The proof page.
pub fn page(
    title: &str,
    pages: &[PageFrame],
    images: &[PageImage],
    (report, plan, free): (&Report, &PlanReport, &[(usize, Vec<usize>)]),
    flags: &[LineFlags],
) -> String {
    let data = serde_json::json!({
        "title": title,
        "pages": images,
        "spreads": spreads(images.len()),
        "articles": rows(pages, report, flags),
        "warnings": report.warnings,
        "free": free_rows(free, plan),
    });
    let json = serde_json::to_string(&data).unwrap_or_else(|_| "{}".into()).replace("</", "<\\/");
    TEMPLATE
        .replace("__RELOAD__", RELOAD)
        .replace("__STYLE__", STYLE)
        .replace("__TITLE__", &escape(title))
        .replace("__DATA__", &json)
}

/// One line per page with free grid lines, or planned: `page 4 (planned, exact): free —`,
/// `page 7: free col 2: 4, col 5: 12`.
fn free_rows(free: &[(usize, Vec<usize>)], plan: &PlanReport) -> Vec<String> {
    free.iter()
        .filter_map(|(n, cols)| {
            let planned = plan.pages.iter().find(|p| p.number == *n);
            let cells: Vec<String> =
                cols.iter().enumerate().filter(|(_, l)| **l > 0).map(|(c, l)| format!("col {}: {l}", c + 1)).collect();
            if planned.is_none() && cells.is_empty() {
                return None;
            }
            let how = match planned {
                Some(p) if p.exact => " (planned, exact)",
                Some(_) => " (planned, not exact)",
                None => "",
            };
            let list = if cells.is_empty() { "none".to_string() } else { cells.join(", ") };
            Some(format!("page {n}{how}: free grid lines {list}"))
        })
        .collect()
}

/// A page that shows a failed build's message in place of the proof (served by `maquette watch`).
pub fn error_page(title: &str, message: &str) -> String {
    ERROR_TEMPLATE
        .replace("__RELOAD__", RELOAD)
        .replace("__TITLE__", &escape(title))
        .replace("__MESSAGE__", &escape(message))
}

/// Escapes text for HTML.
pub fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

const STYLE: &str = r#"
body{margin:0;font:14px/1.4 system-ui,sans-serif;background:#6b6b6b;color:#111;display:flex;height:100vh}
aside{width:400px;overflow:auto;background:#f4f4f0;padding:10px;box-sizing:border-box}
main{flex:1;overflow:auto;padding:16px}
h1{font-size:16px;margin:0 0 8px}
table{border-collapse:collapse;width:100%;font-size:12px}
td,th{padding:3px 4px;border-bottom:1px solid #ddd;text-align:left}
tr.art{cursor:pointer} tr.art:hover{background:#e6eefc} tr.sel{background:#fde6f7}
.overset{color:#c00;font-weight:bold} .short{color:#b60} .fits{color:#070}
.spreads{display:flex;flex-wrap:wrap;gap:22px}
.spread{display:flex;background:#555;padding:6px}
.slot{width:220px;position:relative}
.pg{position:relative;cursor:zoom-in;display:block}
.pg img{width:100%;display:block;background:#fff}
.pg .n{position:absolute;bottom:-18px;left:0;color:#eee;font-size:11px}
.hl{position:absolute;outline:3px solid #f0c;background:rgba(255,0,200,.12);pointer-events:none}
#big{position:fixed;inset:0;background:rgba(0,0,0,.85);display:none;overflow:auto;z-index:9}
#big .pg{width:min(96vw,1100px);margin:20px auto;cursor:zoom-out}
.warn{font-size:12px;color:#840;margin:6px 0}
.free{font-size:12px;color:#246;margin:4px 0}
.err{background:#fee;color:#900;padding:20px;white-space:pre-wrap;font:13px monospace;border:2px solid #c00}
"#;

const TEMPLATE: &str = r#"<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8"><title>__TITLE__ — proof</title>
<style>__STYLE__</style></head>
<body>
<aside><h1>__TITLE__</h1>
<table id="arts"><thead><tr><th>Article</th><th>Status</th><th>Words</th><th>Loose</th><th>Hyph.</th><th>Wid.</th><th>Pages</th></tr></thead><tbody></tbody></table>
<div id="free"></div><div id="warns"></div></aside>
<main><div class="spreads" id="spreads"></div></main>
<div id="big"></div>
<script>
const DATA = __DATA__;
const VERSION = null;
const byPage = {};
function pageEl(n, big) {
  const p = DATA.pages.find(p => p.n === n);
  const a = document.createElement('a');
  a.className = 'pg'; a.dataset.page = n;
  if (!big) { a.id = 'p' + n; }
  const img = document.createElement('img');
  img.src = p.file + '?v=' + p.v; img.alt = 'page ' + n; img.dataset.v = p.v; img.dataset.page = n;
  img.onload = img.onerror = showState;
  a.appendChild(img);
  if (!big) { const s = document.createElement('span'); s.className = 'n'; s.textContent = 'page ' + n; a.appendChild(s); }
  a.onclick = () => big ? closeBig() : openBig(n);
  return a;
}
function showState() {
  // The title lists each page image's hash, with ! while it loads: a plain way to see what is shown.
  const imgs = [...document.querySelectorAll('#spreads img')];
  document.title = DATA.title + ' — proof ' + imgs.map(i => i.dataset.page + ':' + i.dataset.v + (i.complete && i.naturalWidth > 0 ? '' : '!')).join(' ');
}
let current = null;
function openBig(n) {
  const big = document.getElementById('big');
  big.innerHTML = ''; big.appendChild(pageEl(n, true)); big.style.display = 'block';
  if (current) highlight(current, big);
}
// #a-<slug> selects an article: its row, its modules outlined, its first page in view.
function select() {
  const slug = decodeURIComponent(location.hash.slice(3));
  const a = location.hash.startsWith('#a-') && DATA.articles.find(a => a.slug === slug);
  document.querySelectorAll('tr.sel').forEach(e => e.classList.remove('sel'));
  if (!a) return;
  current = a.slug;
  document.getElementById('a-' + a.slug).classList.add('sel');
  highlight(a.slug);
  document.getElementById('p' + a.pages[0]).scrollIntoView({block: 'center'});
}
window.addEventListener('hashchange', select);
function closeBig() { document.getElementById('big').style.display = 'none'; }
function highlight(slug, root) {
  (root || document).querySelectorAll('.hl').forEach(e => e.remove());
  const a = DATA.articles.find(a => a.slug === slug);
  for (const [n, x, y, w, h] of a.boxes) {
    const pg = (root || document).querySelector('.pg[data-page="' + n + '"]');
    if (!pg) continue;
    const d = document.createElement('div'); d.className = 'hl';
    Object.assign(d.style, {left: x + '%', top: y + '%', width: w + '%', height: h + '%'});
    pg.appendChild(d);
  }
}
function build() {
  const sp = document.getElementById('spreads');
  for (const s of DATA.spreads) {
    const d = document.createElement('div'); d.className = 'spread';
    for (const n of s) { const slot = document.createElement('div'); slot.className = 'slot'; if (n) slot.appendChild(pageEl(n)); d.appendChild(slot); }
    sp.appendChild(d);
  }
  const tb = document.querySelector('#arts tbody');
  for (const a of DATA.articles) {
    const tr = document.createElement('tr'); tr.className = 'art'; tr.id = 'a-' + a.slug;
    const cells = [a.slug + (a.planned ? ' ◇' : ''), a.status, a.words, a.loose, a.hyphens, a.widows, a.pages.join(', ')];
    cells.forEach((c, i) => { const td = document.createElement('td'); td.textContent = c; if (i === 1) td.className = a.fit; tr.appendChild(td); });
    tr.onclick = () => { location.hash = 'a-' + a.slug; };
    tb.appendChild(tr);
  }
  const fr = document.getElementById('free');
  for (const t of DATA.free) { const p = document.createElement('div'); p.className = 'free'; p.textContent = t; fr.appendChild(p); }
  if (DATA.free.length) { const p = document.createElement('div'); p.className = 'free'; p.textContent = '◇ planned by maquette'; fr.appendChild(p); }
  const w = document.getElementById('warns');
  for (const t of DATA.warnings) { const p = document.createElement('div'); p.className = 'warn'; p.textContent = t; w.appendChild(p); }
  showState();
}
build();
select();
document.addEventListener('keydown', e => { if (e.key === 'Escape') closeBig(); });
__RELOAD__
</script></body></html>
"#;

/// Served pages (watch) ask for the build's version and reload when it changes; a proof opened
/// from disk keeps `VERSION = null` and never asks.
const RELOAD: &str = r#"if (VERSION !== null) {
  setInterval(() => fetch('/version', {cache: 'no-store'}).then(r => r.text()).then(v => {
    if (v.trim() !== String(VERSION)) location.reload();
  }).catch(() => {}), 300);
}"#;

const ERROR_TEMPLATE: &str = r#"<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8"><title>__TITLE__ — build failed</title>
<style>body{font:14px system-ui,sans-serif;margin:20px}.err{background:#fee;color:#900;padding:20px;white-space:pre-wrap;font:13px monospace;border:2px solid #c00}</style></head>
<body><h1>The last build failed</h1><p>The proof on disk is still the last good one. Fix the file and save: this page reloads by itself.</p>
<div class="err">__MESSAGE__</div>
<script>
const VERSION = null;
__RELOAD__
</script></body></html>
"#;
