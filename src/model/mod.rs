//! The issue as data: `issue.toml`, its articles, photos and template, loaded and checked.

pub mod article;
pub mod blocks;
pub mod hyphenation;
pub mod image;
pub mod issue;
mod markdown;
pub mod messages;
pub mod pages;
pub mod rules;
pub mod template;

use crate::error::{Error, Result, line_of};
pub use article::{Article, Block, Face, Span};
pub use image::Image;
pub use issue::{Date, IssueDef, ModuleDef, ModuleKind, Thumbnail};
pub use messages::{Message, Messages};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
pub use template::{Cmyk, Style, Template};

/// A module placed on the grid, with its source line in `issue.toml`.
#[derive(Clone, Debug)]
pub struct Module {
    /// The definition as written.
    pub def: ModuleDef,
    /// First column, 0-based.
    pub col: usize,
    /// First grid line, 0-based.
    pub top: usize,
    /// Height in grid lines.
    pub height: usize,
    /// 1-based line in `issue.toml` (0 for a module the planner made).
    pub line: usize,
    /// What of its geometry waits on the text (`top = "after"`, `height = "auto"` or `"fill"`);
    /// the planner settles it before the layout sees the module.
    pub pending: Pending,
    /// Made by the planner from the page's flat plan, not written in `issue.toml`.
    pub planned: bool,
}

impl Module {
    /// A module made by the engine (the planner, the messages' leftover space) from `def`, whose
    /// geometry is whole grid lines.
    pub fn made(def: ModuleDef, (top, height): (usize, usize), planned: bool) -> Module {
        Module { col: def.col.saturating_sub(1), def, top, height, line: 0, pending: Pending::default(), planned }
    }
}

/// Geometry a module leaves to the engine.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Pending {
    /// `top = "after"`: under the lowest module above it in its columns.
    pub top_after: bool,
    /// `height = "auto"` or `"fill"`.
    pub height: Option<HeightRule>,
}

impl Pending {
    /// Whether the module's geometry is all known.
    pub fn is_settled(&self) -> bool {
        !self.top_after && self.height.is_none()
    }
}

/// How a module's height is found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HeightRule {
    /// As tall as its text needs.
    Auto,
    /// Down to the next module in its columns, or the page's foot.
    Fill,
}

/// A page's flat plan: what the planner places around the page's modules.
#[derive(Clone, Debug, Default)]
pub struct FlatPlan {
    /// Slugs (or `promo`, `teasers`), most important first.
    pub articles: Vec<String>,
    /// Hints by article.
    pub hints: BTreeMap<String, issue::PlanHint>,
    /// 1-based line of `articles` in `issue.toml`.
    pub line: usize,
}

/// A page of the issue.
#[derive(Clone, Debug)]
pub struct Page {
    /// 1-based page number.
    pub number: usize,
    /// Variant name (`front`, `inside`).
    pub variant: String,
    /// Modules in reading order.
    pub modules: Vec<Module>,
    /// The flat plan, when the page has an `articles` list.
    pub plan: Option<FlatPlan>,
    /// Articles the page announces (front-page teasers).
    pub teasers: Vec<String>,
}

/// Everything the layout needs, loaded from an issue folder.
#[derive(Debug)]
pub struct Issue {
    /// The issue folder.
    pub dir: PathBuf,
    /// `issue.toml` as parsed.
    pub def: IssueDef,
    /// Cover date.
    pub date: Date,
    /// The template.
    pub template: Template,
    /// Pages in order.
    pub pages: Vec<Page>,
    /// Articles by slug (those the pages use).
    pub articles: BTreeMap<String, Article>,
    /// Article files in `articles/` that no module names, so nothing of theirs is printed.
    pub unplaced: Vec<String>,
    /// Photos by file name in `images/`.
    pub images: BTreeMap<String, Image>,
    /// The promo box text, when the issue has one.
    pub promo: Option<Article>,
    /// What the printer requires of the files.
    pub printer: crate::printer::Printer,
    /// Reader messages, when `issue.toml` has a `[messages]` table.
    pub messages: Option<Messages>,
    /// The other issue whose front page the promo box shows (`[promo] thumbnail = "../folder"`).
    pub thumbnail_issue: Option<Box<Issue>>,
    /// Hyphenation exceptions and micro-typography switches (`hyphenation.toml`).
    pub hyphenation: hyphenation::Hyphenation,
}

impl Issue {
    /// Loads and checks an issue folder.
    pub fn load(dir: &Path) -> Result<Issue> {
        Issue::load_inner(dir, true)
    }

    /// Loads an issue; `thumbnail_issue` says whether to load the issue its promo thumbnail names
    /// (not for that issue itself, so two issues naming each other cannot loop).
    fn load_inner(dir: &Path, thumbnail_issue: bool) -> Result<Issue> {
        let toml_path = dir.join("issue.toml");
        if !dir.is_dir() {
            return Err(Error::in_file(dir, "no such issue folder"));
        }
        let (def, text) = IssueDef::load(&toml_path)?;
        let date = def.cover_date().map_err(|m| Error::in_file(&toml_path, m))?;
        let template = load_template(dir, &def, &toml_path, &text)?;
        let printer = crate::printer::Printer::for_issue(def.printer.clone(), &toml_path, &layout_dirs(dir))
            .map_err(|e| locate_printer_error(e, &text))?;
        let pages = pages::place_pages(&def, &template, &toml_path, &text)?;
        check_issue(&def, &pages, &toml_path, &text)?;
        check_page_count(&printer, pages.len(), &toml_path)?;
        let articles = load_articles(dir, &pages, &toml_path)?;
        let promo = load_promo(dir, &def, &toml_path, &text)?;
        let unplaced = unplaced_articles(dir, &articles, &def);
        let mut images = load_images(dir, &articles, &def, &toml_path, &text)?;
        let hyphenation = hyphenation::Hyphenation::load(dir)?;
        let messages = load_messages(dir, &def, &template, &pages, &mut images, &toml_path, &text)?;
        let thumbnail_issue = match thumbnail_issue {
            true => load_thumbnail_issue(dir, &def, &mut images, &toml_path, &text)?,
            false => None,
        };
        Ok(Issue {
            dir: dir.to_path_buf(),
            def,
            date,
            template,
            pages,
            articles,
            unplaced,
            images,
            promo,
            messages,
            thumbnail_issue,
            printer,
            hyphenation,
        })
    }

    /// File name of page `n` in `out/print/`: the printer's pattern, else the issue's.
    pub fn page_file_name(&self, n: usize) -> String {
        self.def.page_file_name_with(self.printer.pattern(&self.def.file_pattern), n)
    }

    /// The `issue.toml` path.
    pub fn toml_path(&self) -> PathBuf {
        self.dir.join("issue.toml")
    }
}

/// Folders searched for `layouts/<name>.toml`: the issue's own, each folder above it, then the
/// folder maquette was built from, so `maquette build examples/x` finds the repository's templates.
pub fn layout_dirs(issue_dir: &Path) -> Vec<PathBuf> {
    let mut dirs = Vec::new();
    let abs = std::path::absolute(issue_dir).unwrap_or_else(|_| issue_dir.to_path_buf());
    for anc in abs.ancestors() {
        dirs.push(anc.join("layouts"));
    }
    if let Ok(home) = std::env::var("MAQUETTE_HOME") {
        dirs.push(PathBuf::from(home).join("layouts"));
    }
    dirs.push(Path::new(env!("CARGO_MANIFEST_DIR")).join("layouts"));
    dirs
}

fn load_template(dir: &Path, def: &IssueDef, toml_path: &Path, text: &str) -> Result<Template> {
    let file = format!("{}.toml", def.template);
    let dirs = layout_dirs(dir);
    if let Some(path) = dirs.iter().map(|d| d.join(&file)).find(|p| p.is_file()) {
        return Template::load(&path);
    }
    let mut known: Vec<String> = dirs
        .iter()
        .filter_map(|d| std::fs::read_dir(d).ok())
        .flatten()
        .filter_map(|e| template_name(&e.ok()?.path()))
        .collect();
    known.sort();
    known.dedup();
    let line = text.find("template").map_or(1, |o| line_of(text, o));
    let mut err = Error::in_file(toml_path, format!("unknown template `{}`", def.template)).at_line(line);
    err = err.with_help(match crate::error::closest(&def.template, known.iter().map(String::as_str)) {
        Some(c) => format!("did you mean `{c}`? templates found: {}", known.join(", ")),
        None if known.is_empty() => format!(
            "no templates found; looked in {} (or set MAQUETTE_HOME to a folder holding layouts/)",
            dirs.iter().map(|d| d.display().to_string()).collect::<Vec<_>>().join(", ")
        ),
        None => format!("templates found: {}", known.join(", ")),
    });
    Err(err)
}

/// The size in points (width, height) of the advert format `name` in the template of the issue in
/// `issue_dir`, or of the house template `tabloid` without one: the reader-message formats of
/// `[messages.formats]`, which are the sizes the paper sells. An unknown name lists the known ones.
pub fn advert_format(issue_dir: Option<&Path>, name: &str) -> Result<(f64, f64)> {
    let (template, path) = match issue_dir {
        Some(dir) => {
            let toml = dir.join("issue.toml");
            let (def, text) = IssueDef::load(&toml)?;
            (load_template(dir, &def, &toml, &text)?, toml)
        }
        None => {
            let dirs = layout_dirs(Path::new("."));
            let path = dirs.iter().map(|d| d.join("tabloid.toml")).find(|p| p.is_file());
            let path = path.ok_or_else(|| Error::msg("no template `tabloid` found; name the issue with --issue"))?;
            (Template::load(&path)?, path)
        }
    };
    let formats = template.messages.as_ref().map(|m| &m.formats);
    match formats.and_then(|f| f.get(name)) {
        Some(f) => Ok((template.span_width(f.span), f.lines as f64 * template.baseline)),
        None => {
            let known: Vec<&str> = formats.into_iter().flat_map(|f| f.keys()).map(String::as_str).collect();
            let help =
                if known.is_empty() { "it sells none".to_string() } else { format!("it has {}", known.join(", ")) };
            Err(Error::in_file(&path, format!("no advert format `{name}` in the template; {help}")))
        }
    }
}

/// The template a file in `layouts/` defines: a `.toml` file other than the printer's profile.
fn template_name(path: &Path) -> Option<String> {
    let stem = path.file_stem()?.to_string_lossy();
    (path.extension()? == "toml" && stem != "printer").then(|| stem.into_owned())
}

/// Checks that need the whole issue: a promo module needs a `[promo]` table, and the per-page file
/// pattern must number the pages, or every page would overwrite the last.
fn check_issue(def: &IssueDef, pages: &[Page], path: &Path, text: &str) -> Result<()> {
    if def.promo.is_none()
        && let Some(m) = pages.iter().flat_map(|p| &p.modules).find(|m| m.def.kind == ModuleKind::Promo)
    {
        return Err(Error::in_file(path, "a promo module needs a [promo] table (text and image)")
            .at_line(m.line)
            .with_help("add:\n[promo]\ntext = \"promo.md\"\nimage = \"une.jpg\""));
    }
    for page in pages {
        let Some(plan) = &page.plan else { continue };
        let n = page.number;
        if def.promo.is_none() && plan.articles.iter().any(|a| a == "promo") {
            return Err(Error::in_file(
                path,
                format!("page {n}: `promo` is listed, but the issue has no [promo] table"),
            )
            .at_line(plan.line));
        }
        if page.teasers.is_empty() && plan.articles.iter().any(|a| a == "teasers") {
            return Err(Error::in_file(
                path,
                format!("page {n}: `teasers` is listed, but the page has no `teasers` list"),
            )
            .at_line(plan.line)
            .with_help("add teasers = [\"slug\", …] to the page: the articles to announce"));
        }
    }
    if !def.file_pattern.contains("{NN}") && !def.file_pattern.contains("{N}") {
        let line = text.find("file_pattern").map_or(1, |o| line_of(text, o));
        return Err(Error::in_file(path, format!("file_pattern `{}` has no page number", def.file_pattern))
            .at_line(line)
            .with_help("use {NN} (01, 02 …) or {N} in the pattern, e.g. LS_{yyyymmdd}_p{NN}.pdf"));
    }
    Ok(())
}

/// Presses print signatures of 4 (or 8, 16) pages: a count that is not a multiple would leave
/// blank pages the editors did not plan.
fn check_page_count(printer: &crate::printer::Printer, count: usize, path: &Path) -> Result<()> {
    let k = printer.page_multiple;
    if count.is_multiple_of(k) {
        return Ok(());
    }
    let (add, remove) = (k - count % k, count % k);
    Err(Error::in_file(path, format!("the issue has {count} pages, but the printer needs a multiple of {k}"))
        .with_help(format!("add {add} page(s) or remove {remove} (or set page_multiple in [printer])")))
}

/// A `[printer]` error found by serde carries no line; point at the table.
fn locate_printer_error(e: Error, text: &str) -> Error {
    match (e.line, text.find("[printer]")) {
        (None, Some(o)) if e.file.as_ref().is_some_and(|f| f.ends_with("issue.toml")) => e.at_offset(text, o),
        _ => e,
    }
}

/// Every slug the pages name, with the `issue.toml` line that names it: in modules, flat plans and
/// teaser lists (`promo` and `teasers` in a flat plan are not articles).
fn named_articles(pages: &[Page]) -> Vec<(String, usize)> {
    let mut out: Vec<(String, usize)> = Vec::new();
    for page in pages {
        for m in &page.modules {
            out.extend(m.def.article.clone().map(|a| (a, m.line)));
        }
        if let Some(plan) = &page.plan {
            let listed = plan.articles.iter().filter(|a| !is_planned_box(a));
            out.extend(listed.map(|a| (a.clone(), plan.line)));
        }
        let line = page.plan.as_ref().map_or(0, |p| p.line);
        out.extend(page.teasers.iter().map(|a| (a.clone(), line)));
    }
    out
}

/// Flat-plan entries that name a box of the issue rather than an article.
pub fn is_planned_box(entry: &str) -> bool {
    entry == "promo" || entry == "teasers"
}

fn load_articles(dir: &Path, pages: &[Page], toml_path: &Path) -> Result<BTreeMap<String, Article>> {
    let mut articles = BTreeMap::new();
    for (slug, line) in named_articles(pages) {
        if articles.contains_key(&slug) {
            continue;
        }
        let path = dir.join("articles").join(format!("{slug}.md"));
        // Something that is there but not a file (a device, a pipe) is read as one, and refused.
        if !path.is_file() && !path.exists() {
            return Err(Error::in_file(toml_path, format!("article `{slug}` not found: no file {}", path.display()))
                .at_line(line.max(1))
                .with_help(available_articles(dir)));
        }
        let mut article = Article::load(&path)?;
        // A module of kind `box` makes its article a sidebar, as `kind = "box"` in the article's
        // front matter does: the page decides, so one text can be a sidebar in one issue only.
        let boxed = |m: &Module| m.def.article.as_ref() == Some(&slug) && m.def.kind == ModuleKind::Box;
        if pages.iter().flat_map(|p| &p.modules).any(boxed) {
            article.front.kind = Some("box".to_string());
        }
        articles.insert(slug, article);
    }
    Ok(articles)
}

fn available_articles(dir: &Path) -> String {
    format!("articles in the folder: {}", article_files(dir).join(", "))
}

/// Names (file stems) of the Markdown files in `articles/`, sorted.
fn article_files(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir.join("articles"))
        .into_iter()
        .flatten()
        .filter_map(|e| {
            let p = e.ok()?.path();
            (p.extension()? == "md").then(|| p.file_stem().map(|s| s.to_string_lossy().into_owned()))?
        })
        .collect();
    names.sort();
    names
}

/// Article files no module names. An editor who writes an article and forgets its module would
/// otherwise get an issue without it and no word of it; the promo text may live in `articles/` too.
fn unplaced_articles(dir: &Path, articles: &BTreeMap<String, Article>, def: &IssueDef) -> Vec<String> {
    let promo = def.promo.as_ref().and_then(|p| std::fs::canonicalize(dir.join(&p.text)).ok());
    article_files(dir)
        .into_iter()
        .filter(|slug| !articles.contains_key(slug))
        .filter(|slug| {
            let path = std::fs::canonicalize(dir.join("articles").join(format!("{slug}.md"))).ok();
            promo.is_none() || path != promo
        })
        .map(|slug| format!("articles/{slug}.md"))
        .collect()
}

fn load_promo(dir: &Path, def: &IssueDef, toml_path: &Path, text: &str) -> Result<Option<Article>> {
    let Some(promo) = &def.promo else { return Ok(None) };
    let path = dir.join(&promo.text);
    if !path.is_file() {
        let line = text.find("[promo]").map_or(1, |o| line_of(text, o));
        return Err(Error::in_file(toml_path, format!("promo text {} not found", path.display())).at_line(line));
    }
    Article::load(&path).map(Some)
}

fn load_images(
    dir: &Path,
    articles: &BTreeMap<String, Article>,
    def: &IssueDef,
    toml_path: &Path,
    text: &str,
) -> Result<BTreeMap<String, Image>> {
    let mut wanted: Vec<(String, PathBuf, usize)> = Vec::new();
    for a in articles.values() {
        for (i, p) in a.front.photos.iter().enumerate() {
            wanted.push((p.file.clone(), a.path.clone(), a.photo_lines.get(i).copied().unwrap_or(1)));
        }
    }
    if let Some(image) = def.promo.as_ref().and_then(|p| p.image.as_ref()) {
        let line = text.find("image").map_or(1, |o| line_of(text, o));
        wanted.push((image.clone(), toml_path.to_path_buf(), line));
    }
    let mut images = BTreeMap::new();
    for (file, source, line) in wanted {
        if images.contains_key(&file) {
            continue;
        }
        let path = dir.join("images").join(&file);
        // Something that is there but not a file (a device, a pipe) is read as one, and refused.
        if !path.is_file() && !path.exists() {
            return Err(Error::in_file(&source, format!("image `{file}` not found (looked for {})", path.display()))
                .at_line(line));
        }
        images.insert(file, Image::load(&path)?);
    }
    Ok(images)
}

// ---- Reader messages and the promo thumbnail -------------------------------------------------

/// The messages named by `[messages]`, once the template has formats and the pages exist.
fn load_messages(
    dir: &Path,
    def: &IssueDef,
    t: &Template,
    pages: &[Page],
    images: &mut BTreeMap<String, Image>,
    toml_path: &Path,
    text: &str,
) -> Result<Option<Messages>> {
    let Some(m) = &def.messages else { return Ok(None) };
    let line = text.find("[messages]").map_or(1, |o| line_of(text, o));
    let err = |msg: String| Error::in_file(toml_path, msg).at_line(line);
    let Some(formats) = &t.messages else {
        return Err(err(format!("the template `{}` has no [messages] section with formats", t.name)));
    };
    for style in ["message_heading", "message_text"] {
        if !t.styles.contains_key(style) {
            return Err(err(format!("the template `{}` has no style `{style}` for messages", t.name)));
        }
    }
    if m.pages.is_empty() {
        return Err(err("[messages] names no pages".into()));
    }
    if let Some(&p) = m.pages.iter().find(|&&p| p == 0 || p > pages.len()) {
        return Err(err(format!("[messages] page {p} does not exist (the issue has {} pages)", pages.len())));
    }
    if let Some((_, p)) = m.pages.iter().enumerate().find(|(i, p)| m.pages[..*i].contains(p)) {
        return Err(err(format!("[messages] names page {p} twice")));
    }
    messages::load(dir, m, formats, images).map(Some)
}

/// Loads the issue folder named by `[promo] thumbnail` (without its own thumbnail) and adds its
/// photos under `<folder>/<file>` keys.
fn load_thumbnail_issue(
    dir: &Path,
    def: &IssueDef,
    images: &mut BTreeMap<String, Image>,
    toml_path: &Path,
    text: &str,
) -> Result<Option<Box<Issue>>> {
    let Some(Thumbnail::Folder(folder)) = def.promo.as_ref().and_then(|p| p.thumbnail.as_ref()) else {
        return Ok(None);
    };
    let other_dir = dir.join(folder);
    let line = text.find("thumbnail").map_or(1, |o| line_of(text, o));
    if !other_dir.join("issue.toml").is_file() {
        return Err(Error::in_file(toml_path, format!("thumbnail: {} is not an issue folder", other_dir.display()))
            .at_line(line));
    }
    let mut other = Issue::load_inner(&other_dir, false)?;
    if let Some(p) = other.def.promo.as_mut() {
        p.thumbnail = None;
    }
    for (k, v) in &other.images {
        images.insert(image_key_for_thumbnail(folder, k), v.clone());
    }
    Ok(Some(Box::new(other)))
}

/// The key under which another issue's photo is kept in this issue's image table.
pub fn image_key_for_thumbnail(folder: &str, key: &str) -> String {
    format!("{folder}/{key}")
}
