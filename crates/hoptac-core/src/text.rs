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
    fn folds_vietnamese_letters() {
        assert_eq!(fold("HTX Tiến Linh"), "htx tien linh");
        assert_eq!(fold("Đặc sản Gạo tám"), "dac san gao tam");
        assert_eq!(fold("  Hợp   tác xã\tNông nghiệp  "), "hop tac xa nong nghiep");
        assert_eq!(fold("ƯỚC MƠ Ở ĐÂY"), "uoc mo o day");
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
