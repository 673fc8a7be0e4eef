//! Files people attach to records (an OCOP dossier's documents, a product's photos): what kinds a
//! field takes, told from the bytes themselves rather than the file's name or the type the browser
//! claims, and how large they may be.

use crate::FieldErrors;
use sha2::{Digest, Sha256};
use unicode_normalization::UnicodeNormalization;

/// A kind of file hoptac keeps. Anything else (a script, a web page, an SVG that carries one, a
/// renamed executable) is refused, so a stored file is always served as the inert type it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Pdf,
    Jpeg,
    Png,
    Webp,
}

impl FileKind {
    /// Photographs: what phones and cameras produce and every browser shows.
    pub const IMAGES: &'static [FileKind] = &[FileKind::Jpeg, FileKind::Png, FileKind::Webp];
    /// Documents of a dossier: scanned or printed to PDF, or photographed.
    pub const DOCUMENTS: &'static [FileKind] =
        &[FileKind::Pdf, FileKind::Jpeg, FileKind::Png, FileKind::Webp];

    /// The kind the bytes are, by their signature (magic number), if one hoptac keeps.
    pub fn of(bytes: &[u8]) -> Option<FileKind> {
        match infer::get(bytes)?.mime_type() {
            "application/pdf" => Some(FileKind::Pdf),
            "image/jpeg" => Some(FileKind::Jpeg),
            "image/png" => Some(FileKind::Png),
            "image/webp" => Some(FileKind::Webp),
            _ => None,
        }
    }

    /// The kind a stored content type names.
    pub fn parse(content_type: &str) -> Option<FileKind> {
        [FileKind::Pdf, FileKind::Jpeg, FileKind::Png, FileKind::Webp]
            .into_iter()
            .find(|k| k.content_type() == content_type)
    }

    /// The media type it is served as.
    pub fn content_type(self) -> &'static str {
        match self {
            FileKind::Pdf => "application/pdf",
            FileKind::Jpeg => "image/jpeg",
            FileKind::Png => "image/png",
            FileKind::Webp => "image/webp",
        }
    }

    /// What a person calls it, in a list of the kinds a field takes.
    pub fn name(self) -> &'static str {
        match self {
            FileKind::Pdf => "PDF",
            FileKind::Jpeg => "JPEG",
            FileKind::Png => "PNG",
            FileKind::Webp => "WebP",
        }
    }

    pub fn is_image(self) -> bool {
        self != FileKind::Pdf
    }

    /// The endings a file of this kind is named with, the usual one first.
    pub fn extensions(self) -> &'static [&'static str] {
        match self {
            FileKind::Pdf => &["pdf"],
            FileKind::Jpeg => &["jpg", "jpeg", "jfif"],
            FileKind::Png => &["png"],
            FileKind::Webp => &["webp"],
        }
    }
}

/// A photo without what its camera wrote about it: only what draws the picture is kept (its
/// scans, tables, colour profile), so EXIF and XMP (where it was taken, to the metre, when, with
/// which phone), IPTC, comments, text and private chunks, and whatever follows a JPEG's end (a
/// phone's appended video) are left out. A product's photos are public. `None` when the image's
/// container does not read (the signature of an image followed by something else). A PDF is kept
/// as it is.
fn without_metadata(kind: FileKind, bytes: Vec<u8>) -> Option<Vec<u8>> {
    use img_parts::jpeg::{markers, Jpeg};
    use img_parts::png::Png;
    use img_parts::webp::{
        WebP, CHUNK_ALPH, CHUNK_ANIM, CHUNK_ANMF, CHUNK_ICCP, CHUNK_VP8, CHUNK_VP8L, CHUNK_VP8X,
    };
    let bytes = img_parts::Bytes::from(bytes);
    Some(match kind {
        FileKind::Pdf => return Some(bytes.to_vec()),
        FileKind::Jpeg => {
            let mut jpeg = Jpeg::from_bytes(bytes).ok()?;
            // JFIF, the colour profile and Adobe's colour transform draw; other APPn and COM tell.
            jpeg.segments_mut().retain(|s| {
                let m = s.marker();
                (!(markers::APP0..=markers::APP15).contains(&m) && m != markers::COM)
                    || matches!(m, markers::APP0 | markers::APP2 | markers::APP14)
            });
            jpeg_to_its_end(&jpeg.encoder().bytes())?
        }
        FileKind::Png => {
            const DRAWS: [&[u8; 4]; 13] = [
                b"IHDR", b"PLTE", b"IDAT", b"IEND", b"tRNS", b"cHRM", b"gAMA", b"iCCP", b"sBIT", b"sRGB",
                b"bKGD", b"pHYs", b"acTL",
            ];
            let mut png = Png::from_bytes(bytes).ok()?;
            png.chunks_mut()
                .retain(|c| DRAWS.contains(&&c.kind()) || matches!(&c.kind(), b"fcTL" | b"fdAT"));
            png.encoder().bytes().to_vec()
        }
        FileKind::Webp => {
            const DRAWS: [[u8; 4]; 7] = [
                CHUNK_VP8, CHUNK_VP8L, CHUNK_VP8X, CHUNK_ALPH, CHUNK_ANIM, CHUNK_ANMF, CHUNK_ICCP,
            ];
            let mut webp = WebP::from_bytes(bytes).ok()?;
            webp.chunks_mut().retain(|c| DRAWS.contains(&c.id()));
            webp.encoder().bytes().to_vec()
        }
    })
}

/// A JPEG up to its end marker: its segments as they are to the first scan, then the scans
/// (with the tables between a progressive JPEG's scans, without any metadata segment among them)
/// to the end marker, and nothing after it. `None` without an end marker (a truncated file).
fn jpeg_to_its_end(jpeg: &[u8]) -> Option<Vec<u8>> {
    const SOS: u8 = 0xDA;
    let length_at = |i: usize| -> Option<usize> {
        Some(usize::from(u16::from_be_bytes([
            *jpeg.get(i)?,
            *jpeg.get(i + 1)?,
        ])))
    };
    // The segments before the first scan, each a marker and its length.
    let mut i = 2;
    let scans = loop {
        if *jpeg.get(i)? != 0xFF {
            return None;
        }
        let marker = *jpeg.get(i + 1)?;
        let end = i + 2 + length_at(i + 2)?;
        if marker == SOS {
            break end;
        }
        i = end;
    };
    let mut out = jpeg.get(..scans)?.to_vec();
    let mut i = scans;
    while i < jpeg.len() {
        if jpeg[i] != 0xFF {
            out.push(jpeg[i]);
            i += 1;
            continue;
        }
        match *jpeg.get(i + 1)? {
            // A stuffed 0xFF or a restart marker belongs to the scan.
            0x00 | 0xD0..=0xD7 => {
                out.extend_from_slice(&jpeg[i..i + 2]);
                i += 2;
            }
            // Fill before a marker.
            0xFF => i += 1,
            0xD9 => {
                out.extend_from_slice(&[0xFF, 0xD9]);
                return Some(out);
            }
            // A segment between scans: tables and the next scan's header are kept, APPn and COM not.
            marker => {
                let end = i + 2 + length_at(i + 2)?;
                if !(0xE0..=0xEF).contains(&marker) && marker != 0xFE {
                    out.extend_from_slice(jpeg.get(i..end)?);
                }
                i = end;
            }
        }
    }
    None
}

/// A file that passed [`check_file`]: its name as sent (trimmed, without folders, NFC), its kind
/// from its content, its size in bytes and its SHA-256 in hex.
#[derive(Debug, Clone)]
pub struct CheckedFile {
    pub name: String,
    pub kind: FileKind,
    pub size: i64,
    pub sha256: String,
    pub bytes: Vec<u8>,
}

/// The longest file name kept, in characters; a longer one is cut, keeping its ending.
pub const FILE_NAME_MAX_CHARS: usize = 120;

/// Checks a file sent in `field`: not empty, at most `max_bytes`, and of one of the `allowed`
/// kinds by its content; a photo is kept without its metadata ([`without_metadata`]). Errors (each
/// naming the field): `file_empty`, `file_too_large` (with `megabytes`, the limit),
/// `file_type_not_allowed` (with `allowed`, the kinds the field takes), `file_damaged` (an image
/// whose container does not read).
pub fn check_file(
    field: &str,
    name: &str,
    bytes: Vec<u8>,
    allowed: &[FileKind],
    max_bytes: usize,
) -> Result<CheckedFile, FieldErrors> {
    if bytes.is_empty() {
        return Err(FieldErrors::single(field, "file_empty"));
    }
    if bytes.len() > max_bytes {
        let mut errors = FieldErrors::new();
        errors.add_with(
            field,
            "file_too_large",
            vec![("megabytes", (max_bytes / (1024 * 1024)).to_string())],
        );
        return Err(errors);
    }
    let Some(kind) = FileKind::of(&bytes).filter(|k| allowed.contains(k)) else {
        let mut errors = FieldErrors::new();
        let names: Vec<&str> = allowed.iter().map(|k| k.name()).collect();
        errors.add_with(
            field,
            "file_type_not_allowed",
            vec![("allowed", names.join(", "))],
        );
        return Err(errors);
    };
    let Some(bytes) = without_metadata(kind, bytes) else {
        return Err(FieldErrors::single(field, "file_damaged"));
    };
    Ok(CheckedFile {
        name: file_name(name, kind),
        kind,
        size: i64::try_from(bytes.len()).unwrap_or(i64::MAX),
        sha256: hex::encode(Sha256::digest(&bytes)),
        bytes,
    })
}

/// A file's name as kept: the last part of a path, tidied, without control or invisible format
/// characters, ending as its content is (a PDF sent as "anh.png" is kept as "anh.png.pdf"), at most
/// [`FILE_NAME_MAX_CHARS`] characters; a name of nothing printable becomes "tep.<ext>".
fn file_name(sent: &str, kind: FileKind) -> String {
    let last = sent.rsplit(['/', '\\']).next().unwrap_or_default();
    let clean: String = crate::text::tidy(last)
        .nfc()
        .filter(|c| !c.is_control() && !crate::text::is_format_character(*c) && *c != '\u{FFFD}')
        .collect();
    let clean = clean.trim().trim_start_matches('.');
    let ext = kind.extensions()[0];
    if clean.is_empty() {
        return format!("tep.{ext}");
    }
    let ends_right = clean
        .rsplit_once('.')
        .is_some_and(|(_, ending)| kind.extensions().contains(&ending.to_lowercase().as_str()));
    let named = if ends_right {
        clean.to_owned()
    } else {
        format!("{clean}.{ext}")
    };
    let count = named.chars().count();
    if count <= FILE_NAME_MAX_CHARS {
        named
    } else {
        named.chars().skip(count - FILE_NAME_MAX_CHARS).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PDF: &[u8] = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n";
    // Photos of two by two pixels as a phone's camera would write them, with EXIF naming the phone.
    const PNG: &[u8] = include_bytes!("../testdata/photo-with-exif.png");
    const JPEG: &[u8] = include_bytes!("../testdata/photo-with-exif.jpg");
    const WEBP: &[u8] = include_bytes!("../testdata/photo-with-exif.webp");

    fn code(result: Result<CheckedFile, FieldErrors>) -> &'static str {
        match result {
            Ok(_) => "ok",
            Err(e) => e.iter().next().map(|e| e.code).unwrap_or("none"),
        }
    }

    #[test]
    fn the_kind_comes_from_the_content_not_the_name() {
        let pdf = check_file("file", "ho-so.jpg", PDF.to_vec(), FileKind::DOCUMENTS, 1024);
        assert_eq!(pdf.map(|f| f.kind).ok(), Some(FileKind::Pdf));
        // A page of HTML named as a picture is not a picture.
        let html = b"<html><script>alert(1)</script></html>".to_vec();
        assert_eq!(
            code(check_file("file", "anh.png", html, FileKind::IMAGES, 1024)),
            "file_type_not_allowed"
        );
        // A PDF where only photos are taken.
        assert_eq!(
            code(check_file("photo", "a.pdf", PDF.to_vec(), FileKind::IMAGES, 1024)),
            "file_type_not_allowed"
        );
        assert_eq!(
            code(check_file("photo", "a.png", PNG.to_vec(), FileKind::IMAGES, 1024)),
            "ok"
        );
        assert_eq!(
            code(check_file(
                "photo",
                "a.jpg",
                JPEG.to_vec(),
                FileKind::IMAGES,
                1024
            )),
            "ok"
        );
    }

    #[test]
    fn empty_and_oversized_files_are_refused_with_the_limit() {
        assert_eq!(
            code(check_file("file", "a.pdf", Vec::new(), FileKind::DOCUMENTS, 1024)),
            "file_empty"
        );
        let big = [PDF, &vec![b' '; 3 * 1024 * 1024]].concat();
        let refused = check_file("file", "a.pdf", big, FileKind::DOCUMENTS, 2 * 1024 * 1024).err();
        let error = refused.as_ref().and_then(|e| e.iter().next().cloned());
        assert_eq!(error.as_ref().map(|e| e.code), Some("file_too_large"));
        assert_eq!(error.map(|e| e.params), Some(vec![("megabytes", "2".to_owned())]));
    }

    #[test]
    fn a_name_loses_its_folders_and_keeps_its_ending() {
        let f = check_file(
            "file",
            "C:\\Hồ sơ\\  phieu dang ky.pdf ",
            PDF.to_vec(),
            FileKind::DOCUMENTS,
            1024,
        );
        assert_eq!(f.map(|f| f.name).ok().as_deref(), Some("phieu dang ky.pdf"));
        let long = format!("{}.pdf", "a".repeat(300));
        let f = check_file("file", &long, PDF.to_vec(), FileKind::DOCUMENTS, 1024);
        let name = f.map(|f| f.name).unwrap_or_default();
        assert_eq!(name.chars().count(), FILE_NAME_MAX_CHARS);
        assert!(name.ends_with(".pdf"));
        let f = check_file("file", "///", PDF.to_vec(), FileKind::DOCUMENTS, 1024);
        assert_eq!(f.map(|f| f.name).ok().as_deref(), Some("tep.pdf"));
        // A name that would read backwards, or end as another kind, ends as what the file is.
        let name = |sent: &str, bytes: &[u8]| {
            check_file("file", sent, bytes.to_vec(), FileKind::DOCUMENTS, 1024)
                .map(|f| f.name)
                .unwrap_or_default()
        };
        assert_eq!(name("\u{202E}gnp.exe", PDF), "gnp.exe.pdf");
        assert_eq!(name("anh.png", PDF), "anh.png.pdf");
        assert_eq!(name("Ảnh.JPEG", JPEG), "Ảnh.JPEG");
        assert_eq!(name("../../etc/passwd", PNG), "passwd.png");
        assert_eq!(name(".htaccess", PDF), "htaccess.pdf");
    }

    #[test]
    fn a_photo_is_kept_without_what_the_camera_wrote_about_it() {
        for (name, photo) in [("a.jpg", JPEG), ("a.png", PNG), ("a.webp", WEBP)] {
            let contains = |bytes: &[u8], text: &[u8]| bytes.windows(text.len()).any(|w| w == text);
            assert!(contains(photo, b"PhoneMaker"), "{name}: the fixture carries EXIF");
            let kept = check_file("photo", name, photo.to_vec(), FileKind::IMAGES, 1024).unwrap();
            assert!(!contains(&kept.bytes, b"PhoneMaker"), "{name}: EXIF taken out");
            assert!(!contains(&kept.bytes, b"toa do"), "{name}: text taken out");
            assert_eq!(
                FileKind::of(&kept.bytes),
                Some(kept.kind),
                "{name}: still the same kind"
            );
            assert!(kept.bytes.len() < photo.len(), "{name}");
        }
        // What follows a JPEG's end (a phone's appended video, a page) is not kept.
        let trailed = [JPEG, b"<html><script>alert(1)</script>"].concat();
        let kept = check_file("photo", "a.jpg", trailed, FileKind::IMAGES, 1024).unwrap();
        assert!(kept.bytes.ends_with(&[0xFF, 0xD9]), "ends at its end marker");
        // A JPEG cut short has no end, and does not read.
        let cut = JPEG[..JPEG.len() - 20].to_vec();
        assert_eq!(
            code(check_file("photo", "a.jpg", cut, FileKind::IMAGES, 1024)),
            "file_damaged"
        );
        // The signature of a PNG followed by a web page is not a PNG.
        let fake = [&PNG[..8], b"<html><script>alert(1)</script>"].concat();
        assert_eq!(
            code(check_file("photo", "a.png", fake, FileKind::IMAGES, 1024)),
            "file_damaged"
        );
    }

    #[test]
    fn the_digest_is_of_the_bytes() {
        let f = check_file("file", "a.pdf", PDF.to_vec(), FileKind::DOCUMENTS, 1024);
        let f = f.ok();
        assert_eq!(f.as_ref().map(|f| f.size), Some(PDF.len() as i64));
        assert_eq!(f.map(|f| f.sha256.len()), Some(64));
    }
}
