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
/// kinds by its content. Errors (each naming the field): `file_empty`, `file_too_large` (with
/// `megabytes`, the limit), `file_type_not_allowed` (with `allowed`, the kinds the field takes).
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
    Ok(CheckedFile {
        name: file_name(name, kind),
        kind,
        size: i64::try_from(bytes.len()).unwrap_or(i64::MAX),
        sha256: hex::encode(Sha256::digest(&bytes)),
        bytes,
    })
}

/// A file's name as kept: the last part of a path, tidied, at most [`FILE_NAME_MAX_CHARS`]
/// characters; a name of nothing printable becomes "tep.<ext>".
fn file_name(sent: &str, kind: FileKind) -> String {
    let last = sent.rsplit(['/', '\\']).next().unwrap_or_default();
    let clean: String = crate::text::tidy(last)
        .nfc()
        .filter(|c| !c.is_control() && *c != '\u{FFFD}')
        .collect();
    let clean = clean.trim();
    if clean.is_empty() {
        return format!("tep.{}", kind.name().to_lowercase());
    }
    let count = clean.chars().count();
    if count <= FILE_NAME_MAX_CHARS {
        clean.to_owned()
    } else {
        clean.chars().skip(count - FILE_NAME_MAX_CHARS).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PDF: &[u8] = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n";
    const PNG: &[u8] = &[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13];
    const JPEG: &[u8] = &[0xFF, 0xD8, 0xFF, 0xE0, 0, 16, b'J', b'F', b'I', b'F'];

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
    }

    #[test]
    fn the_digest_is_of_the_bytes() {
        let f = check_file("file", "a.pdf", PDF.to_vec(), FileKind::DOCUMENTS, 1024);
        let f = f.ok();
        assert_eq!(f.as_ref().map(|f| f.size), Some(PDF.len() as i64));
        assert_eq!(f.map(|f| f.sha256.len()), Some(64));
    }
}
