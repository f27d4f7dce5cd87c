//! An issue's `hyphenation.toml`: proper nouns break only where it says, listed words without a
//! hyphen never break, and the rest follows the French patterns with the house minimums.

use maquette::layout::hyphenator;
use maquette::model::hyphenation::Hyphenation;

fn cuts(h: &maquette::text::hyphenate::Hyphenator, word: &str) -> String {
    let mut s = word.to_string();
    for b in h.breaks(word).iter().rev() {
        s.insert(b.offset, '-');
    }
    s
}

#[test]
fn the_issue_list_decides_for_the_words_it_names() {
    let dir = tempfile::tempdir().unwrap();
    let list = "words = [\"Ja-naö-zen\", \"travailleurs\", \"Llor-dal\"]\n";
    std::fs::write(dir.path().join("hyphenation.toml"), list).unwrap();
    let h = hyphenator(&Hyphenation::load(dir.path()).unwrap());
    let plain = hyphenator(&Hyphenation::default());
    assert_eq!(cuts(&plain, "Janaözen"), "Janaözen", "a capitalised proper noun is left whole");
    assert_eq!(cuts(&h, "Janaözen"), "Ja-naö-zen", "unless listed");
    assert_eq!(cuts(&plain, "travailleurs"), "tra-vailleurs");
    assert_eq!(cuts(&h, "travailleurs"), "travailleurs", "a listed word without hyphens never breaks");
    assert_eq!(cuts(&h, "Llordal,"), "Llor-dal,", "punctuation around a listed word is no obstacle");
    assert_eq!(cuts(&h, "manifestation"), "ma-ni-fes-ta-tion", "other words follow the patterns");
    assert_eq!(cuts(&h, "syndicat"), "syn-di-cat", "2 letters before, 3 after at least");
}

#[test]
fn a_broken_list_names_the_file() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("hyphenation.toml"), "words = [\"deux mots\"]\n").unwrap();
    let e = Hyphenation::load(dir.path()).unwrap_err();
    assert!(e.file.as_ref().is_some_and(|f| f.ends_with("hyphenation.toml")), "{e:?}");
    assert_eq!(e.line, Some(1));
}
