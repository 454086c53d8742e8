//! Substring search for the decoder's hot paths. `str::contains` builds a Two-Way searcher on
//! every call, which dominated the profile for the short needles the parsers look for; these
//! use memchr's SIMD `memmem` instead, and the case-insensitive forms compare in place instead
//! of lower-casing the haystack first.

use memchr::memmem;

/// From this length (bytes) on, [`find`] uses `memmem`, whose set-up pays for itself there.
pub(crate) const LONG_TEXT: usize = 128;

/// Byte offset of the first `needle` in `hay`. A short text (a reply line) is searched by a
/// first-byte scan and a compare, several times cheaper there than any searcher's set-up.
pub fn find(hay: &str, needle: &str) -> Option<usize> {
    let (h, n) = (hay.as_bytes(), needle.as_bytes());
    if h.len() > LONG_TEXT {
        return memmem::find(h, n);
    }
    let Some((&first, rest)) = n.split_first() else {
        return Some(0);
    };
    let last = h.len().checked_sub(n.len())?;
    let mut from = 0;
    while let Some(at) = h[from..=last].iter().position(|&b| b == first) {
        let at = from + at;
        if &h[at + 1..at + n.len()] == rest {
            return Some(at);
        }
        from = at + 1;
        if from > last {
            break;
        }
    }
    None
}

/// Whether `hay` contains `needle`.
pub fn contains(hay: &str, needle: &str) -> bool {
    find(hay, needle).is_some()
}

/// Byte offset of the first ASCII-case-insensitive match of `needle` in `hay`. `needle` must be
/// lower case; non-ASCII bytes compare exactly. Offsets are the same as in `hay`.
pub fn find_ci(hay: &str, needle: &str) -> Option<usize> {
    let (h, n) = (hay.as_bytes(), needle.as_bytes());
    debug_assert!(
        !n.iter().any(u8::is_ascii_uppercase),
        "needle must be lower case"
    );
    let Some((&first, rest)) = n.split_first() else {
        return Some(0);
    };
    if h.len() < n.len() {
        return None;
    }
    let last_start = h.len() - n.len();
    let upper = first.to_ascii_uppercase();
    let mut from = 0;
    while from <= last_start {
        let i = from + memchr::memchr2(first, upper, &h[from..=last_start])?;
        if h[i + 1..i + n.len()].eq_ignore_ascii_case(rest) {
            return Some(i);
        }
        from = i + 1;
    }
    None
}

/// Whether `hay` contains `needle` (lower case) ignoring ASCII case.
#[inline]
pub fn contains_ci(hay: &str, needle: &str) -> bool {
    find_ci(hay, needle).is_some()
}

/// Whether `hay` contains any of `needles`.
pub fn contains_any(hay: &str, needles: &[&str]) -> bool {
    needles.iter().any(|n| contains(hay, n))
}

/// Whether `hay` contains any of `needles` (lower case) ignoring ASCII case.
pub fn contains_any_ci(hay: &str, needles: &[&str]) -> bool {
    needles.iter().any(|n| contains_ci(hay, n))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_and_long_texts_like_str_find() {
        let long = "x".repeat(200);
        for hay in ["", "a", "abcabd", "550 5.7.1 (S3150)", "ab", long.as_str()] {
            for needle in ["", "a", "abd", "S3150", "abcabdx", "xx", "b"] {
                assert_eq!(find(hay, needle), hay.find(needle), "{hay:?} / {needle:?}");
                let longer = format!("{long}{hay}");
                assert_eq!(find(&longer, needle), longer.find(needle), "long {hay:?}");
            }
        }
    }

    #[test]
    fn exact_and_case_insensitive() {
        let hay = "550 5.7.1 Unfortunately, messages from [203.0.113.45] weren't sent (S3150)";
        assert_eq!(find(hay, "S3150"), hay.find("S3150"));
        assert!(!contains(hay, "s3150"));
        assert_eq!(find_ci(hay, "unfortunately"), Some(10));
        assert_eq!(find_ci(hay, "s3150)"), hay.find("S3150)"));
        assert_eq!(find_ci(hay, "s3151"), None);
        assert_eq!(find_ci("", "a"), None);
        assert_eq!(find_ci("abc", ""), Some(0));
        assert_eq!(find_ci("ab", "abc"), None);
        assert_eq!(find_ci("xxABC", "abc"), Some(2));
        // Non-ASCII text keeps its offsets.
        let t = "Zustellung fehlgeschlagen: Empfänger UNBEKANNT";
        assert_eq!(find_ci(t, "unbekannt"), t.find("UNBEKANNT"));
        assert_eq!(find_ci(t, "empfänger"), t.find("Empfänger"));
        assert!(contains_any_ci(hay, &["nope", "weren't sent"]));
        assert!(!contains_any(hay, &["nope", "WEREN'T"]));
    }

    #[test]
    fn agrees_with_lowercased_search() {
        let hays = [
            "",
            "a",
            "AaAaB",
            "mailbox FULL full",
            "ÄäAa550 5.1.1",
            "x\ny\nUSER UNKNOWN",
        ];
        let needles = [
            "a",
            "aab",
            "full",
            "550 5.1.1",
            "user unknown",
            "y\nu",
            "ää",
        ];
        for h in hays {
            for n in needles {
                let expected = h.to_ascii_lowercase().find(n);
                assert_eq!(find_ci(h, n), expected, "{h:?} / {n:?}");
            }
        }
    }
}
