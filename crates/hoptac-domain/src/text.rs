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

/// The folded words of a search query, each at least one character long.
pub fn search_terms(query: &str) -> Vec<String> {
    fold(query)
        .split(' ')
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
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
    fn search_terms_split_on_space() {
        assert_eq!(search_terms(" htx  Tiến linh "), vec!["htx", "tien", "linh"]);
        assert!(search_terms("   ").is_empty());
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
