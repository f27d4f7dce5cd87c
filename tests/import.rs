//! `maquette import`: Word, LibreOffice, web pages and text become articles that build.

mod common;

use common::{edit, mini, root};
use maquette::frame::Item;
use maquette::import::import;
use maquette::{BuildOptions, build};
use std::io::Write;
use std::path::{Path, PathBuf};

/// The article written by importing `file` into `issue`, as text.
fn imported(file: &Path, issue: &Path) -> (String, maquette::import::Imported) {
    let mut done = import(&[file.to_path_buf()], issue, false).expect("imports");
    let one = done.remove(0);
    (std::fs::read_to_string(&one.article).unwrap(), one)
}

/// What each marked thing of tests/fixtures/import/source.fodt becomes.
const KEPT: &[&str] = &[
    "headline = \"Les cheminots tiennent bon\"",
    "deck = \"Trois semaines de grève contre la fermeture des guichets\"",
    "byline = \"Par Camille Renard\"",
    "caption = \"Le hall de la gare au petit matin.\"",
    "Depuis le **2 mars**",
    "*Le Journal des voyageurs*",
    ".[^1] La direction",
    "\n## Un piquet chaque matin\n",
    "\n> Sans guichet, ce sont les plus âgés qui restent sur le quai.\n",
    "\n- une pétition de 4 000 signatures ;\n- un rassemblement le samedi.\n",
    "| Gare | Guichets |\n| --- | --- |\n| Namur | 4 |\n",
    "[^1]: Édition du 28 février.",
];

#[test]
fn word_and_libreoffice_files_saved_by_libreoffice_keep_everything_they_mark() {
    for name in ["article.docx", "article.odt"] {
        let (_tmp, dir) = mini();
        let (md, done) = imported(&root().join("tests/fixtures/import").join(name), &dir);
        for kept in KEPT {
            assert!(md.contains(kept), "{name}: {kept:?} missing from\n{md}");
        }
        assert_eq!(done.pictures.len(), 1, "{name}");
        let picture = std::fs::read(&done.pictures[0]).unwrap();
        assert!(picture.starts_with(&[0xFF, 0xD8]), "{name}: the photo is the JPEG it embeds");
        assert!(md.contains(&format!("file = \"{}\"", done.pictures[0].file_name().unwrap().to_string_lossy())));
    }
}

/// Every word of the text runs a build draws.
fn printed_words(dir: &Path) -> String {
    let outcome = build(dir, &BuildOptions::default()).expect("the issue builds");
    let pages = &outcome.document.pages;
    let runs =
        pages.iter().flat_map(|p| &p.items).filter_map(|i| if let Item::Text(t) = i { Some(t.text()) } else { None });
    runs.collect::<Vec<_>>().join(" ")
}

#[test]
fn an_imported_article_builds_and_every_marked_thing_reaches_the_page() {
    let (_tmp, dir) = mini();
    import(&[root().join("tests/fixtures/import/article.odt")], &dir, false).unwrap();
    edit(&dir.join("issue.toml"), "article = \"une\"", "article = \"les-cheminots-tiennent-bon\"");
    // The fixture's photo is 400 pixels wide: printed three columns wide, it is under 100 ppi.
    edit(&dir.join("issue.toml"), "page_multiple = 1", "page_multiple = 1\nmin_ppi = 50\nwarn_ppi = 60");
    edit(
        &dir.join("issue.toml"),
        "height = 40\n\n[[pages.modules]]\narticle = \"breve\"",
        "height = 90\n\n[[pages.modules]]\narticle = \"breve\"",
    );
    let printed = printed_words(&dir);
    for words in [
        "Les cheminots tiennent bon",
        "Trois semaines",
        "Camille Renard",
        "2 mars",
        "Journal des voyageurs",
        "Un piquet chaque matin",
        "plus âgés",
        "pétition",
        "Namur",
        "28 février",
        "Le hall de la gare",
    ] {
        let found = words.split(' ').all(|w| printed.contains(w));
        assert!(found, "« {words} » is not on the page: {printed}");
    }
}

#[test]
fn an_existing_article_is_kept_unless_forced() {
    let (_tmp, dir) = mini();
    let file = root().join("tests/fixtures/import/article.odt");
    import(std::slice::from_ref(&file), &dir, false).unwrap();
    let article = dir.join("articles/les-cheminots-tiennent-bon.md");
    std::fs::write(&article, "mine").unwrap();
    let err = import(std::slice::from_ref(&file), &dir, false).err().expect("refused");
    assert!(err.to_string().contains("exists already"), "{err}");
    assert_eq!(std::fs::read_to_string(&article).unwrap(), "mine");
    import(&[file], &dir, true).unwrap();
    assert!(std::fs::read_to_string(&article).unwrap().starts_with("+++"));
}

/// A .docx made here: a French Word's style ids (`Titre1`) with their built-in names, a tracked
/// insertion and deletion, a comment and a text box.
fn french_word(dir: &Path) -> PathBuf {
    let w = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;
    let styles = format!(
        r#"<w:styles {w}><w:style w:type="paragraph" w:styleId="Titre1"><w:name w:val="heading 1"/></w:style>
        <w:style w:type="paragraph" w:styleId="Titre2"><w:name w:val="heading 2"/></w:style>
        <w:style w:type="paragraph" w:styleId="Citation"><w:name w:val="Quote"/></w:style></w:styles>"#
    );
    let body = format!(
        r#"<w:document {w}><w:body>
        <w:p><w:pPr><w:pStyle w:val="Titre1"/></w:pPr><w:r><w:t>Le marché couvert rouvre</w:t></w:r></w:p>
        <w:p><w:r><w:t xml:space="preserve">Les maraîchers </w:t></w:r><w:ins><w:r><w:t>sont revenus</w:t></w:r></w:ins><w:del><w:r><w:delText>ont fui</w:delText></w:r></w:del><w:r><w:t xml:space="preserve"> ce matin.</w:t></w:r><w:r><w:commentReference w:id="0"/></w:r></w:p>
        <w:p><w:pPr><w:pStyle w:val="Titre2"/></w:pPr><w:r><w:t>Les prix</w:t></w:r></w:p>
        <w:p><w:pPr><w:pStyle w:val="Citation"/></w:pPr><w:r><w:t>On revient au quartier.</w:t></w:r></w:p>
        <w:p><w:r><w:drawing><w:txbxContent><w:p><w:r><w:t>Encadré : horaires</w:t></w:r></w:p></w:txbxContent></w:drawing></w:r></w:p>
        </w:body></w:document>"#
    );
    let comments = format!(
        r#"<w:comments {w}><w:comment w:id="0"><w:p><w:r><w:t>vérifier la date</w:t></w:r></w:p></w:comment></w:comments>"#
    );
    let path = dir.join("marche.docx");
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
    for (name, text) in [("word/document.xml", body), ("word/styles.xml", styles), ("word/comments.xml", comments)] {
        zip.start_file(name, zip::write::SimpleFileOptions::default()).unwrap();
        zip.write_all(text.as_bytes()).unwrap();
    }
    zip.finish().unwrap();
    path
}

#[test]
fn headings_go_by_built_in_style_changes_are_accepted_and_comments_listed() {
    let (_tmp, dir) = mini();
    let (md, done) = imported(&french_word(&dir), &dir);
    assert!(md.contains("headline = \"Le marché couvert rouvre\""), "{md}");
    assert!(md.contains("Les maraîchers sont revenus ce matin."), "{md}");
    assert!(!md.contains("ont fui"), "{md}");
    assert!(md.contains("\n## Les prix\n") && md.contains("\n> On revient au quartier.\n"), "{md}");
    assert!(md.trim_end().ends_with("Encadré : horaires"), "the text box closes the article: {md}");
    let reports = done.reports.join("\n");
    assert!(reports.contains("tracked changes accepted"), "{reports}");
    assert!(reports.contains("1 comment(s) dropped: « vérifier la date »"), "{reports}");
    assert!(reports.contains("text boxes"), "{reports}");
}

#[test]
fn a_web_page_gives_its_article_not_its_menus() {
    let (tmp, dir) = mini();
    let page = tmp.path().join("loyer.html");
    std::fs::write(
        &page,
        "<!doctype html><html><body><nav>Accueil Contact</nav><article><h1>Le loyer mange le salaire</h1>\
         <p class=\"byline\">Par Jules Marchal</p><p>Un locataire sur trois y met <em>plus de la moitié</em> de ses \
         <strong>revenus</strong>.</p><h2>Des chiffres</h2><ul><li>Loyer : 780 €</li><li>Revenu : 1 650 €</li></ul>\
         <blockquote><p>On choisit entre le chauffage et les courses.</p></blockquote><p>Voir \
         <a href=\"https://example.org/rapport\">le rapport</a>.</p><table><tr><th>Ville</th><th>Loyer</th></tr>\
         <tr><td>Liège</td><td>720</td></tr></table></article></body></html>",
    )
    .unwrap();
    let (md, _) = imported(&page, &dir);
    for kept in [
        "headline = \"Le loyer mange le salaire\"",
        "byline = \"Par Jules Marchal\"",
        "*plus de la moitié*",
        "**revenus**",
        "\n## Des chiffres\n",
        "- Loyer : 780 €\n- Revenu : 1 650 €",
        "> On choisit entre le chauffage et les courses.",
        "[le rapport](https://example.org/rapport)",
        "| Liège | 720 |",
    ] {
        assert!(md.contains(kept), "{kept:?} missing from\n{md}");
    }
    assert!(!md.contains("Accueil"), "the menu came in: {md}");
}

#[test]
fn text_pasted_from_word_is_cleaned() {
    let (tmp, dir) = mini();
    let file = tmp.path().join("note.txt");
    std::fs::write(&file, "Un titre\n\nmani\u{ad}fes\u{200b}tation  du 1er\u{a0}mai\r\nà Liège.\n").unwrap();
    let (md, _) = imported(&file, &dir);
    assert!(md.contains("\nmanifestation du 1er\u{a0}mai à Liège.\n"), "{md}");
}

#[test]
fn a_file_that_is_not_what_its_name_says_is_named_in_the_error() {
    let (tmp, dir) = mini();
    let file = tmp.path().join("faux.docx");
    std::fs::write(&file, "not a zip").unwrap();
    let err = import(&[file], &dir, false).err().expect("refused");
    assert!(err.to_string().contains("faux.docx") || format!("{err:?}").contains("faux.docx"), "{err:?}");
}
