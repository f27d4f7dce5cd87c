//! Markdown that has a printed form of its own: struck-through text, links, and pictures in the
//! text (reported, since photos are placed from the front matter).

mod common;

use common::{edit, mini};
use maquette::frame::{Item, TextItem};
use maquette::{BuildOptions, build};

fn texts(items: &[Item]) -> Vec<&TextItem> {
    items.iter().filter_map(|i| if let Item::Text(t) = i { Some(t) } else { None }).collect()
}

/// Left and right ends of the glyphs of `word` on the page, and their baseline.
fn word_extent(items: &[Item], word: &str) -> (f64, f64, f64) {
    for t in texts(items) {
        let s = t.text();
        if let Some(at) = s.find(word) {
            let first = s[..at].chars().count();
            let n = word.chars().count();
            let (a, b) = (&t.glyphs[first], &t.glyphs[first + n - 1]);
            return (t.x + a.x, t.x + b.x + b.advance, t.y);
        }
    }
    panic!("{word} is not on the page");
}

#[test]
fn struck_text_prints_with_a_line_through_exactly_its_words() {
    let (_tmp, dir) = mini();
    edit(
        &dir.join("articles/une.md"),
        "La direction refuse.",
        "La direction propose un ~~licenciement collectif~~ plan.",
    );
    let out = build(&dir, &BuildOptions::default()).unwrap();
    let page = &out.document.pages[0];
    let all: String = texts(&page.items).iter().map(|t| t.text()).collect();
    assert!(all.contains("licenciement") && !all.contains('~'), "{all}");
    let rules: Vec<_> = page
        .items
        .iter()
        .filter_map(|i| if let Item::Rule(r) = i { Some(r) } else { None })
        .filter(|r| r.width < 1.0)
        .collect();
    let (start, _, base) = word_extent(&page.items, "licenciement");
    let (_, end, base2) = word_extent(&page.items, "collectif");
    // The two words may fall on one line or two; either way the lines start at the first struck
    // letter, end at the last, and sit between the baseline and the x-height.
    let near = |y: f64, base: f64| (y - base).abs() < 5.0;
    let through: Vec<_> = rules.iter().filter(|r| near(r.from.1, base) || near(r.from.1, base2)).collect();
    assert!(!through.is_empty(), "no strike line near the struck words: {rules:?}");
    assert!(through.iter().any(|r| (r.from.0 - start).abs() < 0.01), "{through:?} vs start {start}");
    assert!(through.iter().any(|r| (r.to.0 - end).abs() < 0.01), "{through:?} vs end {end}");
    for r in &through {
        let above = if near(r.from.1, base) { base - r.from.1 } else { base2 - r.from.1 };
        assert!(above > 1.0 && above < 4.0, "{r:?} sits {above} pt above its baseline");
        assert!(r.from.0 >= start - 0.01 || !near(r.from.1, base), "{r:?} starts before the struck words");
        assert!(r.to.0 <= end + 0.01 || !near(r.from.1, base2), "{r:?} runs on past the struck words");
    }
}

#[test]
fn a_link_prints_its_address_after_its_text() {
    let (_tmp, dir) = mini();
    let link = "voir [le communiqué](https://exemple.org/communique?id=3).";
    edit(&dir.join("articles/une.md"), "La direction refuse.", &format!("La direction refuse, {link}"));
    let out = build(&dir, &BuildOptions::default()).unwrap();
    let all: String = texts(&out.document.pages[0].items).iter().map(|t| t.text()).collect::<Vec<_>>().join("\n");
    // The address keeps its `?` unspaced: it is read as an address, not as French punctuation.
    let joined = all.replace("\n", "");
    assert!(joined.contains("le communiqué (https://exemple.org/communique?id=3)."), "{all}");
    assert!(!all.contains("](") && !all.contains('['), "{all}");
}

#[test]
fn a_picture_in_the_text_is_reported_with_its_file_and_line_and_fails_strict() {
    let (_tmp, dir) = mini();
    let path = dir.join("articles/une.md");
    edit(&path, "La direction refuse.", "La direction refuse.\n\n![Le piquet](images/piquet.jpg)\n");
    let line = std::fs::read_to_string(&path).unwrap().lines().position(|l| l.starts_with("![")).unwrap() + 1;
    let out = build(&dir, &BuildOptions::default()).unwrap();
    let warnings = out.document.report.warnings.join("\n");
    assert!(warnings.contains(&format!("articles/une.md line {line}: the picture `images/piquet.jpg`")), "{warnings}");
    let all: String = texts(&out.document.pages[0].items).iter().map(|t| t.text()).collect();
    assert!(!all.contains("piquet"), "the picture's description was printed: {all}");
    let err = build(&dir, &BuildOptions { strict: true, ..Default::default() }).unwrap_err();
    assert!(err.message.contains("images/piquet.jpg"), "{err}");
}

#[test]
fn a_picture_in_the_promo_text_is_reported_with_its_file() {
    let (_tmp, dir) = mini();
    let promo = "+++\nheadline = \"Placez votre message\"\n+++\nÉcrivez-nous.\n\n![Une](images/une.jpg)\n";
    std::fs::write(dir.join("promo.md"), promo).unwrap();
    edit(&dir.join("issue.toml"), "[[pages]]", "[promo]\ntext = \"promo.md\"\n\n[[pages]]");
    let module = "\n[[pages.modules]]\nkind = \"promo\"\ncol = 1\nspan = 2\ntop = 40\nheight = 20\n\n[printer]";
    edit(&dir.join("issue.toml"), "\n[printer]", module);
    let out = build(&dir, &BuildOptions::default()).unwrap();
    let warnings = out.document.report.warnings.join("\n");
    assert!(warnings.contains("promo.md line 6: the picture `images/une.jpg`"), "{warnings}");
}
