//! Generated issues for the planner's tests: pages of made-up articles (paragraphs drawn from the
//! example issues' text), some with a photo, given only as flat plans.

use std::fmt::Write;
use std::path::{Path, PathBuf};

/// A small deterministic generator (xorshift), so each seed gives the same issue everywhere.
pub struct Rng(u64);

impl Rng {
    /// A generator from a seed.
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9e3779b97f4a7c15) | 1)
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

    /// A number in `lo..=hi`.
    pub fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + (self.next() % (hi - lo + 1) as u64) as usize
    }
}

/// Body paragraphs of the example articles, frozen in `tests/fixtures/paragraphs.txt` (every
/// paragraph of 30 words or more, as the examples stood when the planner's figures were taken), so
/// that editing an example does not change the pages these tests generate.
pub fn paragraphs() -> Vec<String> {
    let text = std::fs::read_to_string(super::root().join("tests/fixtures/paragraphs.txt")).unwrap();
    text.split("\n\n").map(str::trim).filter(|p| !p.is_empty()).map(String::from).collect()
}

/// The June example's photos (two of them portraits).
const PHOTOS: [&str; 6] = ["pont.jpg", "couchant.jpg", "libellule.jpg", "arc-en-ciel.jpg", "kot.jpg", "camp.jpg"];

const HEADLINES: [&str; 8] = [
    "La grève gagne les dépôts",
    "Un loyer pour vivre, pas pour survivre",
    "Les soignants tiennent bon",
    "Contre la fermeture, l'occupation",
    "Ce que coûte la réforme",
    "À l'école, les classes débordent",
    "La ville appartient à ceux qui la font",
    "Un été sans vacances pour beaucoup",
];

/// Fill of the free grid per word of text and per photo on a tabloid inside page, fitted on
/// generated pages (mean error 0.05), so pages can be drawn around a chosen fill.
const FILL_PER_WORD: f64 = 0.0004;
const FILL_PER_PHOTO: f64 = 0.058;

/// Writes an issue of four inside pages into `dir`, each with 2 to 4 articles listed in a flat
/// plan, whose text is drawn to fill about 78–97 % of the page's grid; the first article takes
/// 35–55 % of the words, and an article over 300 words has a photo one time in two. Returns the
/// folder.
pub fn issue(dir: &Path, seed: u64, pool: &[String]) -> PathBuf {
    let mut rng = Rng::new(seed);
    let root = dir.join(format!("gen-{seed}"));
    // A kept folder (MAQUETTE_PLAN_KEEP) is reused from one grid to the next: drop the bare one.
    let _ = std::fs::remove_dir_all(root.join("layouts"));
    std::fs::create_dir_all(root.join("articles")).unwrap();
    std::fs::create_dir_all(root.join("images")).unwrap();
    let images = super::root().join("examples/ls-2026-06/images");
    for f in PHOTOS {
        std::fs::copy(images.join(f), root.join("images").join(f)).unwrap();
    }
    let mut toml =
        String::from("title = \"Essai\"\nnumber = 1\ndate = 2026-06-01\nprice = \"2 €\"\ntemplate = \"tabloid\"\n");
    for page in 0..4 {
        let n = rng.range(2, 4);
        let photos: Vec<bool> = (0..n).map(|_| rng.range(0, 1) == 1).collect();
        let fill = rng.range(78, 97) as f64 / 100.0;
        let with_photos = photos.iter().filter(|p| **p).count() as f64;
        let words = ((fill - with_photos * FILL_PER_PHOTO) / FILL_PER_WORD).max(400.0) as usize;
        let first = words * rng.range(35, 55) / 100;
        let weights: Vec<usize> = (1..n).map(|_| rng.range(1, 10)).collect();
        let total: usize = weights.iter().sum();
        let mut slugs = Vec::new();
        for (k, photo) in photos.iter().enumerate() {
            let share = if k == 0 { first } else { (words - first) * weights[k - 1] / total };
            let slug = format!("p{page}-a{k}");
            write_article(&root, &slug, &mut rng, pool, share.max(80), *photo);
            slugs.push(format!("\"{slug}\""));
        }
        let _ = write!(toml, "\n[[pages]]\nvariant = \"inside\"\narticles = [{}]\n", slugs.join(", "));
    }
    std::fs::write(root.join("issue.toml"), toml).unwrap();
    root
}

fn write_article(root: &Path, slug: &str, rng: &mut Rng, pool: &[String], words: usize, photo: bool) {
    let mut body = String::new();
    let mut count = 0;
    let mut paras = 0;
    while count < words {
        let p = &pool[rng.range(0, pool.len() - 1)];
        let take: Vec<&str> = p.split_whitespace().take(words - count + 12).collect();
        count += take.len();
        if paras > 0 && paras % 4 == 0 && words > 500 {
            body += "## Un intertitre pour la suite\n\n";
        }
        body += &take.join(" ");
        if !body.ends_with(['.', '!', '?', '»']) {
            body += ".";
        }
        body += "\n\n";
        paras += 1;
    }
    let headline = HEADLINES[rng.range(0, HEADLINES.len() - 1)];
    let mut front = format!("kicker = \"Essai\"\nheadline = \"{headline}\"\nbyline = \"Par la rédaction\"\n");
    if words > 300 && photo {
        let file = PHOTOS[rng.range(0, PHOTOS.len() - 1)];
        let _ = write!(
            front,
            "\n[[photos]]\nfile = \"{file}\"\ncaption = \"Une photo pour l'essai.\"\ncredit = \"Photo : essai\"\n"
        );
    }
    std::fs::write(root.join("articles").join(format!("{slug}.md")), format!("+++\n{front}+++\n{body}")).unwrap();
}

/// Gives the generated issue in `root` a copy of the tabloid template without its `[rules]`:
/// the bare grid, with no blank line kept between stacked stories for a cut-off rule.
pub fn bare_grid(root: &Path) {
    let text = std::fs::read_to_string(super::root().join("layouts/tabloid.toml")).unwrap();
    let cut = text.find("\n[rules]").expect("the tabloid template has [rules]");
    let rest = &text[cut + 1..];
    let end = rest.find("\n[").map_or(text.len(), |e| cut + 1 + e + 1);
    let bare = format!("{}{}", &text[..cut + 1], &text[end.min(text.len())..]);
    std::fs::create_dir_all(root.join("layouts")).unwrap();
    std::fs::write(root.join("layouts/tabloid.toml"), bare).unwrap();
    let fonts = root.join("fonts");
    if !fonts.exists() {
        std::os::unix::fs::symlink(super::root().join("fonts"), fonts).unwrap();
    }
}
