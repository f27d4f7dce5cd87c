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
    /// More content for page 1 (resources: font /F1, ExtGStates /Op, /OpMode0, /Half (ca 0.5)
    /// and /Multiply, colour spaces /Spot (PANTONE 485 C over CMYK), /SpotRgb (over RGB),
    /// /IccGray (ICC-based, one component) and /Reg (registration, `All`)).
    extra: &'static str,
    /// The photo as a JPEG 2000 stream.
    jpx: bool,
    /// Optional content in the catalog, with one layer hidden by default or none.
    layers: Option<bool>,
    /// `/GTS_PDFXVersion` of the document info.
    version: &'static str,
    /// A 10 pt margin of paper around the A4 trim, 5 pt of it bleed.
    bleed: bool,
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
            jpx: false,
            layers: None,
            version: "PDF/X-4",
            bleed: false,
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
        let ids: Vec<Ref> = (1..=21).map(Ref::new).collect();
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
        if let Some(hidden) = self.layers {
            let mut oc = cat.insert(Name(b"OCProperties")).dict();
            oc.insert(Name(b"OCGs")).array().item(ids[12]);
            let mut d = oc.insert(Name(b"D")).dict();
            d.insert(Name(b"ON")).array().items(if hidden { vec![] } else { vec![ids[12]] });
            d.insert(Name(b"OFF")).array().items(if hidden { vec![ids[12]] } else { vec![] });
        }
        cat.finish();
        if self.layers.is_some() {
            pdf.indirect(ids[12]).dict().pair(Name(b"Type"), Name(b"OCG")).pair(Name(b"Name"), TextStr("Notes"));
        }
        self.spaces(&mut pdf, [ids[13], ids[14], ids[15], ids[16], ids[17], ids[18], ids[19], ids[20]]);
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
        doc_info.pair(Name(b"GTS_PDFXVersion"), TextStr(self.version));
        doc_info.finish();
        pdf.set_file_id((b"fixture-id-00001".to_vec(), b"fixture-id-00001".to_vec()));
        pdf.finish()
    }

    fn page(&self, pdf: &mut Pdf, i: usize, id: Ref, content: Ref, tree: Ref, [font, photo, op, op0]: [Ref; 4]) {
        let a4 = Rect::new(0.0, 0.0, 595.0, 842.0);
        let mut page = pdf.page(id);
        if self.bleed {
            page.media_box(Rect::new(-10.0, -10.0, 605.0, 852.0)).bleed_box(Rect::new(-5.0, -5.0, 600.0, 847.0));
        } else {
            page.media_box(a4);
        }
        page.parent(tree).contents(content);
        if !(self.no_trim_on_page_2 && i == 1) {
            page.trim_box(a4);
        }
        let mut res = page.resources();
        res.fonts().pair(Name(b"F1"), font);
        res.x_objects().pair(Name(b"Im1"), photo);
        let mut states = res.ext_g_states();
        states.pair(Name(b"Op"), op).pair(Name(b"OpMode0"), op0);
        states.pair(Name(b"Half"), Ref::new(17)).pair(Name(b"Multiply"), Ref::new(18));
        states.finish();
        let mut spaces = res.color_spaces();
        spaces
            .pair(Name(b"Spot"), Ref::new(14))
            .pair(Name(b"SpotRgb"), Ref::new(15))
            .pair(Name(b"IccGray"), Ref::new(16))
            .pair(Name(b"Reg"), Ref::new(21));
        spaces.finish();
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
            true if self.four_colour_text => c.set_fill_cmyk(0.4, 0.3, 0.3, 1.0),
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

    /// The colour spaces and transparent states `extra` may use: two separations of one spot
    /// (alternates CMYK and RGB) sharing a tint transform, an ICC-based grey, constant alpha 0.5
    /// and a Multiply blend.
    fn spaces(&self, pdf: &mut Pdf, [spot, spot_rgb, gray, half, multiply, function, profile, reg]: [Ref; 8]) {
        pdf.exponential_function(function).domain([0.0, 1.0]).c0([0.0; 4]).c1([0.0, 0.8, 0.3, 0.0]).n(1.0);
        for (id, alternate) in [(spot, &b"DeviceCMYK"[..]), (spot_rgb, b"DeviceRGB")] {
            let mut a = pdf.indirect(id).array();
            a.item(Name(b"Separation")).item(Name(b"PANTONE 485 C")).item(Name(alternate)).item(function);
        }
        pdf.indirect(gray).array().item(Name(b"ICCBased")).item(profile);
        pdf.indirect(reg).array().item(Name(b"Separation")).item(Name(b"All")).item(Name(b"DeviceCMYK")).item(function);
        pdf.icc_profile(profile, b"a grey profile").n(1);
        pdf.ext_graphics(half).non_stroking_alpha(0.5);
        pdf.ext_graphics(multiply).blend_mode(pdf_writer::types::BlendMode::Multiply);
    }

    /// A CMYK photo (or RGB with the fault) of a smooth gradient, under 200 % ink everywhere.
    fn photo(&self, pdf: &mut Pdf, id: Ref) {
        if self.jpx {
            // The filter is what is checked; a reader would find no codestream here.
            let mut image = pdf.image_xobject(id, b"not a codestream");
            image.filter(Filter::JpxDecode);
            image.width(PHOTO_PX as i32).height(PHOTO_PX as i32);
            return;
        }
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
    only(f, Check::BlackText, Some(1), "four-colour black text (C 40 M 30 Y 30 K 100)");
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
    assert_eq!(report.findings.len(), 1, "one finding, not a cascade: {:#?}", report.findings);
    assert!(report.findings[0].message.starts_with("encrypted"), "{:#?}", report.findings);
}

// The classes a prepress checks besides the basics above, each with its clean twin.

fn fault(extra: &'static str) -> Fixture {
    Fixture { extra, ..Fixture::default() }
}

fn report_with(f: Fixture, printer: &Printer) -> PreflightReport {
    check_bytes(&f.pdf(), printer).expect("fixture is readable")
}

/// The file fails with an error of `check` saying `words` (other findings allowed).
fn caught(report: &PreflightReport, check: Check, words: &str) {
    let hit = report.errors().any(|f| f.check == check && f.message.contains(words));
    assert!(hit, "no {check:?} error saying {words:?}: {:#?}", report.findings);
}

fn passes(report: &PreflightReport) {
    assert!(report.findings.is_empty(), "{:#?}", report.findings);
}

#[test]
fn a_spot_colour_is_an_error_whatever_its_alternate_unless_the_press_has_its_plate() {
    only(fault("/Spot cs 1 scn 300 300 50 50 re f"), Check::Spot, Some(1), "PANTONE 485 C");
    only(fault("/SpotRgb cs 1 scn 300 300 50 50 re f"), Check::Spot, Some(1), "PANTONE 485 C");
    let printer = Printer { spots: vec!["PANTONE 485 C".to_string()], ..house() };
    passes(&report_with(fault("/Spot cs 1 scn 300 300 50 50 re f"), &printer));
}

#[test]
fn white_that_overprints_vanishes_and_is_an_error() {
    only(fault("q /Op gs 0 0 0 0 k BT /F1 11 Tf 72 700 Td (x) Tj ET Q"), Check::Overprint, Some(1), "white text");
    only(fault("q /Op gs 1 g 300 300 50 50 re f Q"), Check::Overprint, Some(1), "white fill");
    // Under overprint mode 0, CMYK white paints its zeros: it knocks out and shows.
    passes(&preflight(fault("q /OpMode0 gs 0 0 0 0 k 300 300 50 50 re f Q")));
}

#[test]
fn black_text_in_device_grey_knocks_out_even_when_set_to_overprint() {
    only(fault("q /Op gs 0 g BT /F1 11 Tf 72 700 Td (x) Tj ET Q"), Check::Overprint, Some(1), "DeviceGray");
}

#[test]
fn black_text_in_an_icc_grey_separates_into_four_inks() {
    only(
        fault("q /Op gs /IccGray cs 0 sc BT /F1 11 Tf 72 700 Td (x) Tj ET Q"),
        Check::BlackText,
        Some(1),
        "ICCBased grey",
    );
}

#[test]
fn text_over_the_ink_limit_is_an_error() {
    only(fault("1 1 1 0 k BT /F1 30 Tf 72 700 Td (x) Tj ET"), Check::Ink, Some(1), "300 % ink in text");
}

#[test]
fn transparency_is_an_error_in_pdf_x1a_only() {
    let x1a = Printer { pdfx: maquette::printer::PdfX::X1a, ..house() };
    for extra in ["q /Half gs 300 300 50 50 re f Q", "q /Multiply gs 300 300 50 50 re f Q"] {
        caught(
            &report_with(Fixture { version: "PDF/X-1a:2003", ..fault(extra) }, &x1a),
            Check::Transparency,
            "PDF/X-1a",
        );
        passes(&preflight(fault(extra)));
    }
}

#[test]
fn hairlines_and_lines_under_the_least_width_are_errors() {
    only(fault("0 0 0 1 K 0 w 72 300 m 200 300 l S"), Check::LineWeight, Some(1), "width 0");
    only(fault("0 0 0 1 K 0.2 w 72 300 m 200 300 l S"), Check::LineWeight, Some(1), "0.20 pt line in one ink");
    only(fault("1 0 1 0 K 1 w 72 300 m 200 300 l S"), Check::LineWeight, Some(1), "several inks");
    passes(&preflight(fault("0 0 0 1 K 0.6 w 72 300 m 200 300 l S")));
}

#[test]
fn line_art_needs_600_ppi() {
    // 8 pixels over an inch: 8 ppi of 1-bit pixels.
    let art = "q 72 0 0 72 300 300 cm BI /W 8 /H 8 /BPC 1 /CS /G ID UUUUUUUU EI Q";
    only(fault(art), Check::Resolution, Some(1), "line art needs 600 ppi");
}

#[test]
fn a_jpeg_2000_image_is_an_error() {
    let report = preflight(Fixture { jpx: true, ..Fixture::default() });
    caught(&report, Check::Colour, "JPEG 2000");
}

#[test]
fn layers_are_an_error_in_x1a_and_a_warning_in_x4_when_one_is_hidden() {
    let x1a = Printer { pdfx: maquette::printer::PdfX::X1a, ..house() };
    let shown = Fixture { layers: Some(false), version: "PDF/X-1a:2003", ..Fixture::default() };
    caught(&report_with(shown, &x1a), Check::Layers, "PDF/X-1a");
    passes(&preflight(Fixture { layers: Some(false), ..Fixture::default() }));
    let hidden = preflight(Fixture { layers: Some(true), ..Fixture::default() });
    assert!(hidden.passed());
    assert!(
        hidden.warnings().any(|f| f.check == Check::Layers && f.message.contains("hidden")),
        "{:#?}",
        hidden.findings
    );
}

#[test]
fn an_x4_printer_takes_x1a_and_x3_files_and_an_x1a_printer_does_not_take_x4() {
    for version in ["PDF/X-1a:2003", "PDF/X-3:2002", "PDF/X-3:2003"] {
        passes(&preflight(Fixture { version, ..Fixture::default() }));
    }
    let x1a = Printer { pdfx: maquette::printer::PdfX::X1a, ..house() };
    caught(&report_with(Fixture::default(), &x1a), Check::Pdfx, "the printer wants PDF/X-1a");
}

#[test]
fn a_truncated_file_gets_one_finding_damaged() {
    let good = Fixture::default().pdf();
    for cut in [good.len() / 2, good.len() - 8] {
        let report = check_bytes(&good[..cut], &house()).expect("a report, not an error");
        assert_eq!(report.findings.len(), 1, "one finding, not a cascade: {:#?}", report.findings);
        assert!(report.findings[0].message.starts_with("damaged"), "{:#?}", report.findings);
    }
    let mut moved = good.clone();
    let at = moved.windows(9).rposition(|w| w == b"startxref").unwrap() + 10;
    moved[at] = if moved[at] == b'1' { b'2' } else { b'1' };
    let report = check_bytes(&moved, &house()).unwrap();
    assert!(report.findings[0].message.starts_with("damaged: xref broken at byte"), "{:#?}", report.findings);
}

#[test]
fn an_advert_is_checked_against_the_size_it_was_booked_in() {
    use maquette::preflight::{Booking, check_advert};
    let pdf = Fixture { pages: 1, ..Fixture::default() }.pdf();
    let a4 = Booking { format: "A4".to_string(), size: (595.0, 842.0) };
    passes(&check_advert(&pdf, &house(), Some(&a4)).unwrap());
    let eighth = Booking {
        format: "1/8".to_string(),
        size: maquette::model::advert_format(Some(&root().join("tests/fixtures/mini")), "1/8").unwrap(),
    };
    let report = check_advert(&pdf, &house(), Some(&eighth)).unwrap();
    caught(&report, Check::AdSize, "the 1/8 format is");
}

/// Ghostscript's separations of page 1 of a one-page fixture with `extra`, written to a temporary
/// folder: what a RIP would put on each plate.
fn plates_of(extra: &'static str) -> std::collections::BTreeMap<String, common::plates::Plate> {
    let tmp = tempfile::tempdir().unwrap();
    let pdf = tmp.path().join("f.pdf");
    std::fs::write(&pdf, Fixture { pages: 1, ..fault(extra) }.pdf()).unwrap();
    common::plates::separate(&pdf, tmp.path())
}

#[test]
fn ghostscript_makes_a_fifth_plate_exactly_where_preflight_finds_a_spot_colour() {
    if !tool("gs") {
        return;
    }
    for (extra, spot) in [("/Spot cs 1 scn 300 300 50 50 re f", true), ("0 0.8 0.3 0 k 300 300 50 50 re f", false)] {
        let plates = plates_of(extra);
        let report = preflight(Fixture { pages: 1, ..fault(extra) });
        assert_eq!(plates.contains_key("PANTONE 485 C"), spot, "{:?}", plates.keys().collect::<Vec<_>>());
        assert_eq!(report.findings.iter().any(|f| f.check == Check::Spot), spot, "{:#?}", report.findings);
    }
}

#[test]
fn ghostscript_loses_the_white_that_preflight_says_vanishes() {
    if !tool("gs") {
        return;
    }
    // A magenta square with a white one inside it, set to overprint or not; (340, 340) in PDF
    // points is pixel (340, 842 - 340) of the 72 dpi plates.
    let vanishing = "0 1 0 0 k 300 300 100 100 re f q /Op gs 0 0 0 0 k 320 320 40 40 re f Q";
    let knocking_out = "0 1 0 0 k 300 300 100 100 re f 0 0 0 0 k 320 320 40 40 re f";
    for (extra, vanishes) in [(vanishing, true), (knocking_out, false)] {
        let magenta = plates_of(extra).remove("Magenta").expect("a magenta plate");
        let report = preflight(Fixture { pages: 1, ..fault(extra) });
        assert_eq!(magenta.at(340, 502) > 128, vanishes, "magenta under the white square");
        let found = report.findings.iter().any(|f| f.check == Check::Overprint && f.message.contains("white"));
        assert_eq!(found, vanishes, "{:#?}", report.findings);
    }
}

#[test]
fn only_what_prints_counts_and_registration_marks_outside_the_trim_are_fine() {
    let with_bleed = |extra| Fixture { bleed: true, ..fault(extra) };
    // Beyond the bleed, on the paper cut away: not printed, not judged.
    passes(&preflight(with_bleed("1 1 1 1 k -9 400 3 3 re f 0 0 1 rg -9 300 3 3 re f")));
    // In the bleed it prints: 400 % is over the limit there.
    only(with_bleed("1 1 1 1 k -4 400 3 3 re f"), Check::Ink, Some(1), "400 % ink");
    // A registration hairline in the bleed, outside the trim, is a crop mark; inside, it is ink.
    passes(&preflight(with_bleed("/Reg CS 1 SCN 0.25 w -4 400 m -1 400 l S")));
    only(with_bleed("/Reg cs 1 scn 300 300 50 50 re f"), Check::Ink, Some(1), "400 % ink");
}

#[test]
fn ghostscript_knocks_out_grey_black_text_that_preflight_says_knocks_out() {
    if !tool("gs") {
        return;
    }
    // Black text over a magenta square, set to overprint: in DeviceGray, or as 100 % K under /OPM 1.
    let grey = "0 1 0 0 k 300 300 100 100 re f q /Op gs 0 g BT /F1 60 Tf 305 330 Td (HH) Tj ET Q";
    let cmyk = "0 1 0 0 k 300 300 100 100 re f q /Op gs 0 0 0 1 k BT /F1 60 Tf 305 330 Td (HH) Tj ET Q";
    let mut inked = Vec::new();
    for (extra, knocks_out) in [(grey, true), (cmyk, false)] {
        let magenta = plates_of(extra).remove("Magenta").expect("a magenta plate");
        let square = (300..400).flat_map(|x| (442..542).map(move |y| (x, y)));
        inked.push(square.filter(|&(x, y)| magenta.at(x, y) > 128).count());
        let report = preflight(Fixture { pages: 1, ..fault(extra) });
        let found = report.findings.iter().any(|f| f.check == Check::Overprint && f.message.contains("knocks out"));
        assert_eq!(found, knocks_out, "{:#?}", report.findings);
    }
    assert!(inked[0] + 200 < inked[1], "the grey text took no magenta away: {inked:?}");
    assert!(inked[1] >= 9_900, "the overprinting K text left the magenta square whole: {inked:?}");
}
