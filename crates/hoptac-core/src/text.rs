//! Text folding for search: Vietnamese users type without diacritics ("htx tien linh"), so every
//! searchable name is stored and compared in a folded form.

use unicode_normalization::UnicodeNormalization;

/// Lower-cases, strips diacritics and collapses white space: "HTX Tiến  Linh" -> "htx tien linh".
///
/// Unicode decomposition does not split "đ" (it is a letter of its own, not d with a mark), so it is
/// mapped to "d" by hand.
pub fn fold(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    let mut pending_space = false;
    for c in input.nfd() {
        if unicode_normalization::char::is_combining_mark(c) {
            continue;
        }
        if c.is_whitespace() {
            pending_space = !out.is_empty();
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        match c {
            'đ' | 'Đ' => out.push('d'),
            _ => out.extend(c.to_lowercase()),
        }
    }
    out
}

/// Letters without their diacritics, case and spacing kept: "Phiếu Đăng ký" is "Phieu Dang ky".
pub fn without_marks(input: &str) -> String {
    input
        .nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .map(|c| match c {
            'đ' => 'd',
            'Đ' => 'D',
            c => c,
        })
        .collect()
}

/// A phone number as written and as a `tel:` link dials it: its digits, and the plus of a country
/// code ("0208 3852 111" dials "02083852111"); nothing for no number.
pub fn dialled(phone: Option<&str>) -> Option<(String, String)> {
    let phone = phone.map(str::trim).filter(|p| !p.is_empty())?;
    let dial = phone
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == '+')
        .collect();
    Some((phone.to_owned(), dial))
}

/// A name as a file's name can hold it everywhere: without diacritics, lower case, letters and
/// digits joined by single hyphens ("DS HTX Bắc Kạn 2024" is "ds-htx-bac-kan-2024").
pub fn slug(input: &str) -> String {
    fold(input)
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|word| !word.is_empty())
        .collect::<Vec<_>>()
        .join("-")
}

/// Why a piece of text that arrived from outside (a form, a query string, a JSON body) is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// A control character other than a tab or a line break: no one types one, and PostgreSQL
    /// cannot store a NUL.
    ControlCharacter,
    /// U+FFFD, the mark a decoder leaves where bytes were not text: the text was damaged before it
    /// arrived, and storing it would keep the damage.
    Damaged,
}

impl Refusal {
    /// The check code its message is found under (`check-{code}`).
    pub fn code(self) -> &'static str {
        match self {
            Refusal::ControlCharacter => "control_characters",
            Refusal::Damaged => "damaged_text",
        }
    }
}

/// Characters nobody sees: white space, and the zero-width and format characters that editors and
/// copied web pages leave at the ends of a name (U+200B to U+200F, U+2060 to U+2064, U+FEFF, the
/// soft hyphen).
fn is_invisible(c: char) -> bool {
    c.is_whitespace()
        || matches!(c, '\u{200B}'..='\u{200F}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}' | '\u{00AD}' | '\u{034F}' | '\u{180E}')
}

/// Characters that change how text around them reads without being seen (Unicode's format
/// characters: direction marks and overrides, joiners, the byte-order mark): in a file's name they
/// can make "gnp.exe" show as "exe.png", in a message hide what it says.
pub fn is_format_character(c: char) -> bool {
    matches!(c, '\u{061C}' | '\u{180E}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{206F}' | '\u{FEFF}')
}

/// Refuses text with a control character (tab and line breaks aside) or a replacement character.
pub fn check_received(input: &str) -> Result<(), Refusal> {
    for c in input.chars() {
        if c == '\u{FFFD}' {
            return Err(Refusal::Damaged);
        }
        if c.is_control() && !matches!(c, '\t' | '\n' | '\r') {
            return Err(Refusal::ControlCharacter);
        }
    }
    Ok(())
}

/// Text as hoptac keeps what people send: checked by [`check_received`], composed (Unicode NFC, so
/// "ế" typed as e + two marks and "ế" typed as one letter are the same text), and without invisible
/// characters at either end, so a name of only invisible characters is blank.
pub fn received(input: &str) -> Result<String, Refusal> {
    check_received(input)?;
    let trimmed = input.trim_matches(is_invisible);
    Ok(trimmed.nfc().collect())
}

/// The collator of Vietnamese alphabetical order (CLDR's `vi` tailoring, as ICU sorts it):
/// a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y, each letter with its tones after it
/// (a à ả ã á ạ), case after that.
fn vietnamese() -> &'static icu_collator::CollatorBorrowed<'static> {
    static COLLATOR: std::sync::OnceLock<icu_collator::CollatorBorrowed<'static>> =
        std::sync::OnceLock::new();
    COLLATOR.get_or_init(|| {
        let vietnamese: icu_collator::CollatorPreferences = icu_locale_core::locale!("vi").into();
        // The data is compiled in: only a build without it could fail here, and then the root
        // order (Unicode's) is the nearest there is.
        icu_collator::CollatorBorrowed::try_new(vietnamese, Default::default())
            .or_else(|_| icu_collator::CollatorBorrowed::try_new(Default::default(), Default::default()))
            .unwrap_or_else(|e| panic!("the collation data is compiled into hoptac: {e}"))
    })
}

/// Compares two names in Vietnamese alphabetical order.
pub fn compare_names(a: &str, b: &str) -> std::cmp::Ordering {
    vietnamese().compare(a, b)
}

/// A name's key in Vietnamese alphabetical order, as text that sorts byte by byte (hex): what a
/// column is ordered by on either engine, so "An, Ăn, Ân, Dũng, Dương, Đông, Em" come out in that
/// order. Keys change with the Unicode and CLDR data compiled in; they are recomputed where they
/// are stored (see the registry's `prepare`).
pub fn name_key(name: &str) -> String {
    let mut key = Vec::new();
    let Ok(()) = vietnamese().write_sort_key_to(name, &mut key);
    hex::encode(key)
}

/// The first letter in lower case, as a name reads inside a sentence: "Tỉnh Thái Nguyên" →
/// "tỉnh Thái Nguyên". A leading abbreviation keeps its capitals: "HTX có doanh thu".
pub fn lower_first(text: &str) -> String {
    let first_word = text.split_whitespace().next().unwrap_or("");
    let abbreviation = first_word.chars().filter(|c| c.is_alphabetic()).count() > 1
        && first_word.chars().all(|c| !c.is_lowercase());
    let mut chars = text.chars();
    match chars.next() {
        Some(first) if !abbreviation => first.to_lowercase().chain(chars).collect(),
        _ => text.to_owned(),
    }
}

/// The first letter in upper case, as a sentence begins: "toàn tỉnh có" → "Toàn tỉnh có".
pub fn upper_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Trims and collapses inner white space, keeping the letters as typed.
pub fn tidy(input: &str) -> String {
    input.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Folded text reduced to words of letters and digits separated by single spaces: what the search
/// indexes hold. Punctuation separates words ("0101248141-001" -> "0101248141 001"), as both
/// engines' full-text tokenisers would split it anyway, but consistently.
pub fn searchable(input: &str) -> String {
    fold(input)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The words of a search query, as [`searchable`] stores them.
pub fn search_terms(query: &str) -> Vec<String> {
    searchable(query)
        .split(' ')
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

/// 8 to 15 digits, with spaces, +, -, ( ) and dots allowed between them.
/// Text as a CSV cell holds it safely: a spreadsheet program takes a cell beginning with `=`, `+`,
/// `-` or `@` for a formula and runs it (CSV injection, OWASP), so such text is written after an
/// apostrophe, which the program shows as text.
pub fn csv_cell(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_owned()
    }
}

pub fn is_phone(value: &str) -> bool {
    let digits = value.chars().filter(char::is_ascii_digit).count();
    (8..=15).contains(&digits) && value.chars().all(|c| c.is_ascii_digit() || " +-().".contains(c))
}

/// A plausible e-mail address: something@domain.tld without spaces.
pub fn is_email(value: &str) -> bool {
    match value.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !value.contains(char::is_whitespace)
                && !domain.contains('@')
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn first_letters_change_case_but_abbreviations_keep_theirs() {
        assert_eq!(lower_first("Tỉnh Thái Nguyên"), "tỉnh Thái Nguyên");
        assert_eq!(lower_first("Đơn vị"), "đơn vị");
        assert_eq!(
            lower_first("HTX, LHHTX có số liệu doanh thu"),
            "HTX, LHHTX có số liệu doanh thu"
        );
        assert_eq!(lower_first(""), "");
        assert_eq!(upper_first("toàn tỉnh có"), "Toàn tỉnh có");
    }

    #[test]
    fn folds_vietnamese_letters() {
        assert_eq!(fold("HTX Tiến Linh"), "htx tien linh");
        assert_eq!(fold("Đặc sản Gạo tám"), "dac san gao tam");
        assert_eq!(fold("  Hợp   tác xã\tNông nghiệp  "), "hop tac xa nong nghiep");
        assert_eq!(fold("ƯỚC MƠ Ở ĐÂY"), "uoc mo o day");
    }

    #[test]
    fn a_slug_is_a_file_name_every_system_takes() {
        assert_eq!(slug("DS HTX Bắc Kạn 2024"), "ds-htx-bac-kan-2024");
        assert_eq!(slug("  Đường (mới)/cũ  "), "duong-moi-cu");
        assert_eq!(slug("…"), "");
    }

    #[test]
    fn received_text_is_composed_and_trimmed_of_what_no_one_sees() {
        assert_eq!(received("  Hợp tác xã\u{200B}\n").as_deref(), Ok("Hợp tác xã"));
        // e + circumflex + acute, composed into the one letter people mean.
        assert_eq!(received("Tie\u{0302}\u{0301}n").as_deref(), Ok("Tiến"));
        assert_eq!(received("\u{200B}\u{FEFF} \u{00AD}").as_deref(), Ok(""));
        assert_eq!(
            received("dòng 1\r\ndòng 2\tcột").as_deref(),
            Ok("dòng 1\r\ndòng 2\tcột")
        );
        assert_eq!(received("a\u{0}b"), Err(Refusal::ControlCharacter));
        assert_eq!(received("a\u{1B}b"), Err(Refusal::ControlCharacter));
        assert_eq!(received("Nguy\u{FFFD}\u{FFFD}n"), Err(Refusal::Damaged));
    }

    #[test]
    fn names_sort_in_vietnamese_alphabetical_order() {
        let expected = ["An", "Ăn", "Ân", "Dũng", "Dương", "Đông", "Em"];
        let mut names = ["Đông", "Em", "Ân", "Dương", "An", "Dũng", "Ăn"];
        names.sort_by(|a, b| compare_names(a, b));
        assert_eq!(names, expected);
        let mut keys: Vec<(String, &str)> = expected.iter().rev().map(|n| (name_key(n), *n)).collect();
        keys.sort();
        assert_eq!(keys.iter().map(|(_, n)| *n).collect::<Vec<_>>(), expected);
        assert!(name_key("HTX An Phú") < name_key("HTX Đông Hỷ"));
        assert!(name_key("HTX Đông Hỷ") < name_key("HTX Em"));
    }

    #[test]
    fn search_terms_split_on_anything_but_letters_and_digits() {
        assert_eq!(search_terms(" htx  Tiến linh "), vec!["htx", "tien", "linh"]);
        assert_eq!(search_terms("0101248141-001"), vec!["0101248141", "001"]);
        assert_eq!(
            searchable("HTX Dịch vụ - Thương mại (Cũ)"),
            "htx dich vu thuong mai cu"
        );
        assert!(search_terms(" % * ").is_empty());
    }

    proptest! {
        #[test]
        fn folding_is_idempotent(s in "\\PC{0,40}") {
            let once = fold(&s);
            prop_assert_eq!(fold(&once), once.clone());
        }

        #[test]
        fn folded_vietnamese_is_ascii(s in "[a-zA-ZàáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđĐ ]{0,40}") {
            prop_assert!(fold(&s).is_ascii());
        }
    }
}
