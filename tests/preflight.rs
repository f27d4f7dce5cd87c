//! Preflight on hand-made PDFs: a good PDF/X-4 file passes, and each single fault is reported alone.

mod common;

use common::{root, tool};
use maquette::preflight::{Check, PreflightReport, Severity, check_bytes};
use maquette::printer::Printer;
use pdf_writer::types::{OutputIntentSubtype, OverprintMode, TrappingStatus};
use pdf_writer::{Content, Filter, Finish, Name, Pdf, Rect, Ref, Str, TextStr};
use std::path::Path;
use std::process::Command;

/// One fault at a time; the default is the good file.
#[derive(Clone, Copy)]
struct Fixture {
    pages: usize,
    rgb_image: bool,
    rgb_text: bool,
    unembedded_font: bool,
    no_trim_on_page_2: bool,
    rich_black_area: bool,
    four_colour_text: bool,
    photo_ppi: f32,
    /// The photo as an Adobe-style CMYK JPEG of one flat ink, with or without `/Decode [1 0 …]`.
    jpeg: Option<([u8; 4], bool)>,
    /// More content for page 1 (resources: font /F1, ExtGStates /Op and /OpMode0).
    extra: &'static str,
}

impl Default for Fixture {
    fn default() -> Self {
        Fixture {
            pages: 4,
            rgb_image: false,
            rgb_text: false,
            unembedded_font: false,
            no_trim_on_page_2: false,
            rich_black_area: false,
            four_colour_text: false,
            photo_ppi: 300.0,
            jpeg: None,
            extra: "",
        }
    }
}

const PHOTO_PX: u32 = 240;
const XMP: &str = r#"<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:pdfxid="http://www.npes.org/pdfx/ns/id/">
<pdfxid:GTS_PDFXVersion>PDF/X-4</pdfxid:GTS_PDFXVersion></rdf:Description></rdf:RDF></x:xmpmeta>
<?xpacket end="w"?>"#;

impl Fixture {
    /// Writes the PDF: `pages` A4 pages, each with a headline in an embedded TrueType font, a photo
    /// and a light tint panel; faults go on page 1 (or 2 for the trim box).
    fn pdf(&self) -> Vec<u8> {
        let ids: Vec<Ref> = (1..=12).map(Ref::new).collect();
        let [catalog, tree, info, xmp, icc, font, descriptor, font_file, photo, overprint, mode0, ..] = ids[..] else {
            unreachable!()
        };
        let page_id = |i: usize| Ref::new(100 + 2 * i as i32);
        let content_id = |i: usize| Ref::new(101 + 2 * i as i32);
        let mut pdf = Pdf::new();
        pdf.set_version(1, 6);
        let mut cat = pdf.catalog(catalog);
        cat.pages(tree).metadata(xmp);
        let mut intents = cat.output_intents();
        intents
            .push()
            .subtype(OutputIntentSubtype::PDFX)
            .output_condition_identifier(TextStr("FOGRA29L"))
            .registry_name(TextStr("http://www.color.org"))
            .dest_output_profile(icc);
        intents.finish();
        cat.finish();
        pdf.pages(tree).kids((0..self.pages).map(page_id)).count(self.pages as i32);
        for i in 0..self.pages {
            self.page(&mut pdf, i, page_id(i), content_id(i), tree, [font, photo, overprint, mode0]);
        }
        let profile = std::fs::read(root().join("layouts/icc/Uncoated_FOGRA29L_TAC240_argyll.icc")).unwrap();
        pdf.icc_profile(icc, &profile).n(4);
        pdf.metadata(xmp, XMP.as_bytes());
        self.font(&mut pdf, font, descriptor, font_file);
        self.photo(&mut pdf, photo);
        pdf.ext_graphics(overprint)
            .overprint(true)
            .overprint_fill(true)
            .overprint_mode(OverprintMode::IgnoreZeroChannel);
        pdf.ext_graphics(mode0)
            .overprint(true)
            .overprint_fill(true)
            .overprint_mode(OverprintMode::OverrideAllColorants);
        let mut doc_info = pdf.document_info(info);
        doc_info.title(TextStr("Preflight fixture")).trapped(TrappingStatus::NotTrapped);
        doc_info.pair(Name(b"GTS_PDFXVersion"), TextStr("PDF/X-4"));
        doc_info.finish();
        pdf.set_file_id((b"fixture-id-00001".to_vec(), b"fixture-id-00001".to_vec()));
        pdf.finish()
    }

    fn page(&self, pdf: &mut Pdf, i: usize, id: Ref, content: Ref, tree: Ref, [font, photo, op, op0]: [Ref; 4]) {
        let a4 = Rect::new(0.0, 0.0, 595.0, 842.0);
        let mut page = pdf.page(id);
        page.parent(tree).media_box(a4).contents(content);
        if !(self.no_trim_on_page_2 && i == 1) {
            page.trim_box(a4);
        }
        let mut res = page.resources();
        res.fonts().pair(Name(b"F1"), font);
        res.x_objects().pair(Name(b"Im1"), photo);
        res.ext_g_states().pair(Name(b"Op"), op).pair(Name(b"OpMode0"), op0);
        res.finish();
        page.finish();
        let stream = self.content(i == 0);
        pdf.stream(content, &stream);
    }

    fn content(&self, faulty: bool) -> Vec<u8> {
        let mut c = Content::new();
        c.save_state().set_parameters(Name(b"Op"));
        match faulty {
            true if self.rgb_text => c.set_fill_rgb(1.0, 0.0, 0.0),
            true if self.four_colour_text => c.set_fill_cmyk(0.6, 0.5, 0.5, 1.0),
            _ => c.set_fill_cmyk(0.0, 0.0, 0.0, 1.0),
        };
        c.begin_text().set_font(Name(b"F1"), 11.0).next_line(72.0, 760.0).show(Str(b"Preflight")).end_text();
        c.restore_state();
        let side = if faulty { PHOTO_PX as f32 / self.photo_ppi * 72.0 } else { PHOTO_PX as f32 / 300.0 * 72.0 };
        c.save_state().transform([side, 0.0, 0.0, side, 72.0, 500.0]).x_object(Name(b"Im1")).restore_state();
        let panel = if faulty && self.rich_black_area { [1.0; 4] } else { [0.2, 0.1, 0.0, 0.0] };
        c.set_fill_cmyk(panel[0], panel[1], panel[2], panel[3]).rect(72.0, 100.0, 200.0, 100.0).fill_nonzero();
        let mut bytes = c.finish().into_vec();
        if faulty {
            bytes.extend_from_slice(format!("\n{}\n", self.extra).as_bytes());
        }
        bytes
    }

    /// A whole TrueType font as `/FontFile2`, or Helvetica with no font program at all.
    fn font(&self, pdf: &mut Pdf, id: Ref, descriptor: Ref, file: Ref) {
        if self.unembedded_font {
            pdf.type1_font(id).base_font(Name(b"Helvetica"));
            return;
        }
        let ttf = std::fs::read(root().join("fonts/SourceSerif4SmText-Regular.ttf")).unwrap();
        let mut dict = pdf.indirect(id).dict();
        dict.pair(Name(b"Type"), Name(b"Font")).pair(Name(b"Subtype"), Name(b"TrueType"));
        dict.pair(Name(b"BaseFont"), Name(b"SourceSerif4SmText-Regular"));
        dict.pair(Name(b"FirstChar"), 32).pair(Name(b"LastChar"), 126);
        dict.insert(Name(b"Widths")).array().items(std::iter::repeat_n(500.0f32, 95));
        dict.pair(Name(b"Encoding"), Name(b"WinAnsiEncoding")).pair(Name(b"FontDescriptor"), descriptor);
        dict.finish();
        pdf.font_descriptor(descriptor)
            .name(Name(b"SourceSerif4SmText-Regular"))
            .flags(pdf_writer::types::FontFlags::NON_SYMBOLIC)
            .bbox(Rect::new(-200.0, -300.0, 1200.0, 950.0))
            .italic_angle(0.0)
            .ascent(900.0)
            .descent(-300.0)
            .cap_height(650.0)
            .stem_v(80.0)
            .font_file2(file);
        let compressed = miniz_oxide::deflate::compress_to_vec_zlib(&ttf, 1);
        pdf.stream(file, &compressed).filter(Filter::FlateDecode).pair(Name(b"Length1"), ttf.len() as i32);
    }

    /// A CMYK photo (or RGB with the fault) of a smooth gradient, under 200 % ink everywhere.
    fn photo(&self, pdf: &mut Pdf, id: Ref) {
        if let Some((ink, decode)) = self.jpeg {
            return jpeg_photo(pdf, id, ink, decode);
        }
        let n = if self.rgb_image { 3 } else { 4 };
        let mut samples = Vec::with_capacity((PHOTO_PX * PHOTO_PX * n) as usize);
        for y in 0..PHOTO_PX {
            for x in 0..PHOTO_PX {
                let (a, b) = ((x * 255 / PHOTO_PX) as u8, (y * 255 / PHOTO_PX) as u8);
                samples.extend_from_slice(&[a / 2, b / 2, a / 3, b / 3][..n as usize]);
            }
        }
        let data = miniz_oxide::deflate::compress_to_vec_zlib(&samples, 6);
        let mut image = pdf.image_xobject(id, &data);
        image.filter(Filter::FlateDecode);
        image.width(PHOTO_PX as i32).height(PHOTO_PX as i32).bits_per_component(8);
        image.color_space_name(Name(if self.rgb_image { b"DeviceRGB" } else { b"DeviceCMYK" }));
    }
}

/// jpeg-encoder writes CMYK inverted, as Adobe applications do, with an APP14 marker.
fn jpeg_photo(pdf: &mut Pdf, id: Ref, ink: [u8; 4], decode: bool) {
    let pixels = ink.repeat((PHOTO_PX * PHOTO_PX) as usize);
    let mut jpeg = Vec::new();
    let side = PHOTO_PX as u16;
    jpeg_encoder::Encoder::new(&mut jpeg, 90).encode(&pixels, side, side, jpeg_encoder::ColorType::Cmyk).unwrap();
    let mut image = pdf.image_xobject(id, &jpeg);
    image.filter(Filter::DctDecode);
    image.width(PHOTO_PX as i32).height(PHOTO_PX as i32).bits_per_component(8);
    image.color_space_name(Name(b"DeviceCMYK"));
    if decode {
        image.decode([1.0, 0.0, 1.0, 0.0, 1.0, 0.0, 1.0, 0.0]);
    }
}

fn house() -> Printer {
    Printer::house(&maquette::model::layout_dirs(&root())).unwrap()
}

fn preflight(f: Fixture) -> PreflightReport {
    check_bytes(&f.pdf(), &house()).expect("fixture is readable")
}

/// The only finding is an error of `check` on `page`, saying `words`, and the file fails.
fn only(f: Fixture, check: Check, page: Option<usize>, words: &str) {
    only_on(f, check, &[page], words);
}

/// The only findings are errors of `check`, one on each of `pages`.
fn only_on(f: Fixture, check: Check, pages: &[Option<usize>], words: &str) {
    let report = preflight(f);
    assert!(!report.passed(), "the fault was not caught: {report:#?}");
    assert!(report.findings.iter().all(|x| x.check == check), "other findings too: {:#?}", report.findings);
    let found: Vec<_> = report.findings.iter().map(|x| x.page).collect();
    assert_eq!(found, pages, "{:#?}", report.findings);
    for finding in &report.findings {
        assert_eq!(finding.severity, Severity::Error);
        assert!(finding.message.contains(words), "message: {}", finding.message);
    }
}

#[test]
fn the_good_file_passes_with_nothing_to_say() {
    let report = preflight(Fixture::default());
    assert_eq!(report.pages, 4);
    assert!(report.findings.is_empty(), "{:#?}", report.findings);
    assert!(report.passed());
}

#[test]
fn an_rgb_image_is_an_error() {
    // The photo is one object placed on every page.
    let pages = [Some(1), Some(2), Some(3), Some(4)];
    only_on(Fixture { rgb_image: true, ..Default::default() }, Check::Colour, &pages, "DeviceRGB colour in image /Im1");
}

#[test]
fn rgb_text_is_an_error() {
    only(Fixture { rgb_text: true, ..Default::default() }, Check::Colour, Some(1), "DeviceRGB colour in text");
}

#[test]
fn an_unembedded_font_is_an_error() {
    only(Fixture { unembedded_font: true, ..Default::default() }, Check::Fonts, Some(1), "Helvetica is not embedded");
}

#[test]
fn a_missing_trim_box_is_an_error() {
    only(Fixture { no_trim_on_page_2: true, ..Default::default() }, Check::Boxes, Some(2), "page 2 has no TrimBox");
}

#[test]
fn a_400_percent_area_is_over_the_ink_limit() {
    only(Fixture { rich_black_area: true, ..Default::default() }, Check::Ink, Some(1), "400 % ink in vector fill");
}

#[test]
fn four_colour_black_text_is_an_error() {
    let f = Fixture { four_colour_text: true, ..Default::default() };
    only(f, Check::BlackText, Some(1), "four-colour black text (C 60 M 50 Y 50 K 100)");
}

#[test]
fn a_72_ppi_photo_is_an_error() {
    only(Fixture { photo_ppi: 72.0, ..Default::default() }, Check::Resolution, Some(1), "image /Im1 at 72 ppi");
}

#[test]
fn a_150_ppi_photo_is_only_a_warning() {
    let report = preflight(Fixture { photo_ppi: 150.0, ..Default::default() });
    assert!(report.passed());
    let kinds: Vec<_> = report.findings.iter().map(|f| (f.check, f.severity)).collect();
    assert_eq!(kinds, vec![(Check::Resolution, Severity::Warning)]);
}

#[test]
fn a_cmyk_jpeg_over_the_ink_limit_is_found_on_every_page_it_is_placed() {
    // 230 × 3 / 255 = 271 %: over 240 % with room for JPEG rounding.
    let f = Fixture { jpeg: Some(([230, 230, 230, 0], true)), ..Default::default() };
    let report = preflight(f);
    let inks: Vec<_> = report.findings.iter().map(|x| (x.check, x.page)).collect();
    assert_eq!(inks, (1..=4).map(|p| (Check::Ink, Some(p))).collect::<Vec<_>>(), "{report:#?}");
    let percent: f64 = report.findings[0].message.split(' ').nth(2).unwrap().parse().unwrap();
    assert!((268.0..=274.0).contains(&percent), "{}", report.findings[0].message);
}

#[test]
fn the_decode_array_decides_how_jpeg_samples_read() {
    // Without `/Decode [1 0 …]` the same inverted samples mean 25 + 25 + 25 + 255 = 129 % ink.
    let f = Fixture { jpeg: Some(([230, 230, 230, 0], false)), ..Default::default() };
    assert!(preflight(f).findings.is_empty());
    let f = Fixture { jpeg: Some(([100, 80, 80, 40], true)), ..Default::default() };
    assert!(preflight(f).findings.is_empty());
}

#[test]
fn black_body_text_that_knocks_out_is_an_error() {
    let f = Fixture { extra: "0 0 0 1 k BT /F1 9 Tf 72 700 Td (x) Tj ET", ..Default::default() };
    only(f, Check::Overprint, Some(1), "100 % K text at 9.0 pt knocks out");
}

#[test]
fn overprint_mode_0_still_knocks_out_cmyk_black() {
    let f = Fixture { extra: "q /OpMode0 gs 0 0 0 1 k BT /F1 9 Tf 72 700 Td (x) Tj ET Q", ..Default::default() };
    only(f, Check::Overprint, Some(1), "/OPM 0");
}

#[test]
fn black_display_type_that_knocks_out_is_a_warning() {
    let f = Fixture { extra: "0 g BT /F1 36 Tf 72 700 Td (Titre) Tj ET", ..Default::default() };
    let report = preflight(f);
    assert!(report.passed());
    let kinds: Vec<_> = report.findings.iter().map(|f| (f.check, f.severity)).collect();
    assert_eq!(kinds, vec![(Check::Overprint, Severity::Warning)]);
}

#[test]
fn small_tinted_type_is_reported_once_with_its_smallest_size() {
    let runs = "q /Op gs 0 0 0 0.5 k BT /F1 7 Tf 72 700 Td (a) Tj /F1 6 Tf (b) Tj /F1 7.5 Tf (c) Tj ET Q";
    let f = Fixture { extra: runs, ..Default::default() };
    only(f, Check::TypeSize, Some(1), "tinted type at 6.0 pt (minimum 8 pt) (3 times)");
}

#[test]
fn scaled_down_solid_type_is_measured_on_the_page() {
    // 12 pt under a 0.4 scale is 4.8 pt on the page: below the 6 pt minimum for solid type.
    let f = Fixture { extra: "q 0.4 0 0 0.4 0 0 cm /Op gs 0 0 0 1 k BT /F1 12 Tf (a) Tj ET Q", ..Default::default() };
    only(f, Check::TypeSize, Some(1), "solid single-colour type at 4.8 pt");
}

#[test]
fn seven_pages_are_not_a_multiple_of_four() {
    only(
        Fixture { pages: 7, ..Default::default() },
        Check::PageCount,
        None,
        "7 pages — the printer needs a multiple of 4",
    );
}

#[test]
fn the_good_file_is_a_valid_pdf_for_qpdf() {
    if !tool("qpdf") {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("good.pdf");
    std::fs::write(&path, Fixture::default().pdf()).unwrap();
    let out = Command::new("qpdf").arg("--check").arg(&path).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stdout));
}

fn run(args: &[&std::ffi::OsStr], dir: &Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_maquette")).args(args).current_dir(dir).output().unwrap()
}

#[test]
fn the_command_passes_good_files_and_fails_bad_ones() {
    let tmp = tempfile::tempdir().unwrap();
    let (good, bad) = (tmp.path().join("good.pdf"), tmp.path().join("bad.pdf"));
    std::fs::write(&good, Fixture::default().pdf()).unwrap();
    std::fs::write(&bad, Fixture { four_colour_text: true, ..Default::default() }.pdf()).unwrap();
    let out = run(&["preflight".as_ref(), good.as_os_str()], &root());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}");
    assert!(text.contains("✔ fonts embedded") && text.contains("PASSED: 0 errors"), "{text}");
    let out = run(&["preflight".as_ref(), good.as_os_str(), bad.as_os_str()], &root());
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(text.contains("✘ black text on the black plate only") && text.contains("FAILED: 1 error"), "{text}");
}

#[test]
fn json_output_parses_and_lists_the_findings() {
    let tmp = tempfile::tempdir().unwrap();
    let bad = tmp.path().join("seven.pdf");
    std::fs::write(&bad, Fixture { pages: 7, ..Default::default() }.pdf()).unwrap();
    let out = run(&["preflight".as_ref(), "--json".as_ref(), bad.as_os_str()], &root());
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    let first = &json[0];
    assert_eq!(first["passed"], false);
    assert_eq!(first["report"]["pages"], 7);
    let finding = &first["report"]["findings"][0];
    assert_eq!((finding["check"].as_str(), finding["severity"].as_str()), (Some("page-count"), Some("error")));
}

#[test]
fn a_printer_file_changes_the_rules() {
    let tmp = tempfile::tempdir().unwrap();
    let pdf = tmp.path().join("seven.pdf");
    std::fs::write(&pdf, Fixture { pages: 7, ..Default::default() }.pdf()).unwrap();
    let profile = tmp.path().join("loose.toml");
    std::fs::write(&profile, "base = \"printer\"\npage_multiple = 1\n").unwrap();
    let out = run(&["preflight".as_ref(), "--printer".as_ref(), profile.as_os_str(), pdf.as_os_str()], &root());
    assert!(out.status.success(), "{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
}

#[test]
fn a_file_that_is_not_a_pdf_is_named_in_a_clear_error() {
    let out = run(&["preflight".as_ref(), "Cargo.toml".as_ref(), "missing.pdf".as_ref()], &root());
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1));
    assert!(err.contains("Cargo.toml") && err.contains("not a PDF file"), "{err}");
    assert!(err.contains("missing.pdf") && err.contains("file not found"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn a_build_reports_the_preflight_of_its_issue_pdf() {
    let tmp = tempfile::tempdir().unwrap();
    let (_fixture, dir) = common::mini();
    let opts = maquette::BuildOptions { out: Some(tmp.path().to_path_buf()), strict: false };
    let outcome = maquette::build(&dir, &opts).unwrap();
    let pdf = std::fs::read(tmp.path().join("issue.pdf")).unwrap();
    assert_eq!(outcome.preflight.pages, outcome.document.pages.len());
    let printer = maquette::model::Issue::load(&dir).unwrap().printer;
    assert_eq!(outcome.preflight.findings, check_bytes(&pdf, &printer).unwrap().findings);
}

#[test]
fn the_example_issue_passes_preflight() {
    let tmp = tempfile::tempdir().unwrap();
    let opts = maquette::BuildOptions { out: Some(tmp.path().to_path_buf()), strict: true };
    let outcome = maquette::build(&root().join("examples/ls-2026-05"), &opts).expect("strict build passes preflight");
    assert!(outcome.preflight.passed(), "{:#?}", outcome.preflight.findings);
    let pdf = std::fs::read(tmp.path().join("issue.pdf")).unwrap();
    let report = check_bytes(&pdf, &house()).unwrap();
    assert!(report.findings.is_empty(), "{:#?}", report.findings);
}

#[test]
fn a_file_encrypted_with_an_empty_password_is_an_error() {
    if !tool("qpdf") {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let (plain, locked) = (tmp.path().join("plain.pdf"), tmp.path().join("locked.pdf"));
    std::fs::write(&plain, Fixture::default().pdf()).unwrap();
    // Opens without a password (empty user password), but carries /Encrypt all the same.
    let status =
        Command::new("qpdf").args(["--encrypt", "", "owner", "256", "--"]).arg(&plain).arg(&locked).status().unwrap();
    assert!(status.code().is_some_and(|c| c == 0 || c == 3), "qpdf failed");
    let report = check_bytes(&std::fs::read(&locked).unwrap(), &house()).expect("it opens");
    assert!(!report.passed());
    assert!(report.findings.iter().any(|f| f.message.contains("encrypted")), "{:#?}", report.findings);
}
