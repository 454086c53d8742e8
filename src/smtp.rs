//! SMTP reply codes (RFC 5321) and enhanced status codes (RFC 3463) found in free text.

#[cfg(test)]
use regex_lite::Regex;
#[cfg(test)]
use std::sync::OnceLock;

#[cfg(test)]
fn status_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?:^|[^0-9.])([245])\.([0-9]{1,3})\.([0-9]{1,3})(?:[^0-9.]|\.(?:[^0-9]|$)|$)")
            .unwrap()
    })
}

#[cfg(test)]
fn reply_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    // "550 …", "550-…", "550: …" (some MTAs), "ERROR_CODE :550," (Zoho).
    RE.get_or_init(|| Regex::new(r"(?:^|[^0-9A-Za-z.#])([245][0-9][0-9])(?:[ \-:,]|$)").unwrap())
}

/// The enhanced status code at `p` (`5.7.1`, no longer digit runs, not followed by `.N`):
/// its end, and where the regexes' trailing group (one more char, or `.` and one) ends.
fn status_at(text: &str, p: usize) -> Option<(usize, usize)> {
    let b = text.as_bytes();
    let digits = |from: usize| {
        b[from.min(b.len())..]
            .iter()
            .take_while(|c| c.is_ascii_digit())
            .count()
    };
    if !matches!(b.get(p), Some(b'2' | b'4' | b'5')) || b.get(p + 1) != Some(&b'.') {
        return None;
    }
    let n2 = digits(p + 2);
    if !(1..=3).contains(&n2) || b.get(p + 2 + n2) != Some(&b'.') {
        return None;
    }
    let at3 = p + 3 + n2;
    let n3 = digits(at3);
    let end = at3 + n3;
    if !(1..=3).contains(&n3) {
        return None;
    }
    let char_len = |at: usize| text[at..].chars().next().map_or(0, char::len_utf8);
    let consumed = match b.get(end) {
        None => end,
        Some(b'.') if b.get(end + 1).is_some_and(u8::is_ascii_digit) => return None,
        Some(b'.') => end + 1 + char_len(end + 1),
        Some(_) => end + char_len(end), // not a digit: `digits` stopped there
    };
    Some((end, consumed))
}

/// Whether a code may start at `p` when the search began at `start`: at the text's start, or
/// after a byte outside `bad` (the regexes' `(?:^|[^…])`, which needs that byte after `start`).
fn starts_after(b: &[u8], p: usize, start: usize, bad: fn(u8) -> bool) -> bool {
    p == 0 || (p > start && !bad(b[p - 1]))
}

fn digit_or_dot(c: u8) -> bool {
    c.is_ascii_digit() || c == b'.'
}

fn word_dot_or_hash(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'.' || c == b'#'
}

/// The spans of the enhanced status codes in `text`, as `status_re().captures_iter` finds
/// them (hand-written: the regex was a hot spot, run per record on whole replies).
fn statuses(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let b = text.as_bytes();
    let (mut p, mut start) = (0, 0);
    std::iter::from_fn(move || {
        while p < b.len() {
            // A code starts right before a dot: jump to the next such place.
            p += memchr::memchr(b'.', &b[p + 1..])?;
            if starts_after(b, p, start, digit_or_dot) {
                if let Some((end, next)) = status_at(text, p) {
                    let at = p;
                    (p, start) = (next, next);
                    return Some((at, end));
                }
            }
            p += 1;
        }
        None
    })
}

/// The first RFC 3463 enhanced status code in `text` ("5.7.1"), ignoring version-like numbers.
pub fn find_status(text: &str) -> Option<String> {
    statuses(text).next().map(|(a, e)| text[a..e].to_string())
}

/// `text` is an enhanced status code and nothing else ("5.7.1", not "see 5.7.1").
pub fn is_status(text: &str) -> bool {
    find_status(text).as_deref() == Some(text)
}

/// `text` is a 4xx or 5xx reply code and nothing else ("550").
pub fn is_refusal_code(text: &str) -> bool {
    text.len() == 3
        && matches!(text.as_bytes()[0], b'4' | b'5')
        && text.bytes().all(|b| b.is_ascii_digit())
}

/// Every enhanced status code in `text`, in order.
pub fn find_statuses(text: &str) -> Vec<String> {
    statuses(text)
        .map(|(a, e)| text[a..e].to_string())
        .collect()
}

#[cfg(test)]
fn paired_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?:^|[^0-9A-Za-z.#])[245][0-9][0-9][ -]+['\x22(#]?([245]\.[0-9]{1,3}\.[0-9]{1,3})(?:[^0-9.]|\.(?:[^0-9]|$)|$)")
            .unwrap()
    })
}

/// A reply code and the enhanced code right after it at `p` (`550 5.7.1`, `550-'5.7.1`): the
/// code, the status's span, where the match ends (as `paired_re()`).
fn paired_at(text: &str, p: usize) -> Option<(u16, (usize, usize), usize)> {
    let b = text.as_bytes();
    let code = b.get(p..p + 3)?;
    if !matches!(code[0], b'2' | b'4' | b'5') || !code[1..].iter().all(u8::is_ascii_digit) {
        return None;
    }
    let gap = b[p + 3..]
        .iter()
        .take_while(|c| matches!(c, b' ' | b'-'))
        .count();
    if gap == 0 {
        return None;
    }
    let mut q = p + 3 + gap;
    if matches!(b.get(q), Some(b'\'' | b'"' | b'(' | b'#')) {
        q += 1;
    }
    let (end, next) = status_at(text, q)?;
    Some((text[p..p + 3].parse().ok()?, (q, end), next))
}

/// The enhanced code the remote server put right after its reply code (`550 5.7.1`,
/// `550-'5.7.1`), the last one when several replies are quoted. For an Exchange chain
/// `A -> B` it is B's.
pub fn find_remote_status(text: &str) -> Option<String> {
    find_remote_reply(text).map(|(_, s)| s)
}

/// The text after the last `->` (all of it when there is none): `rsplit_once("->")` by a
/// byte search (the reverse substring searcher was a hot spot, called per record).
fn after_last_arrow(text: &str) -> &str {
    let b = text.as_bytes();
    let mut end = b.len();
    while let Some(i) = memchr::memrchr(b'>', &b[..end]) {
        if i > 0 && b[i - 1] == b'-' {
            return &text[i + 1..];
        }
        end = i;
    }
    text
}

/// [`find_remote_status`] with the reply code it came with.
pub fn find_remote_reply(text: &str) -> Option<(u16, String)> {
    // The last reply is the remote's final word: an MTA quotes it after its own summary
    // ("554 4.4.7 Message expired … <421 4.4.2 Connection timed out>").
    let tail = after_last_arrow(text);
    // The last of the first 64 matches of `paired_re()`, hand-written (called per record).
    let last = |t: &str| {
        let b = t.as_bytes();
        let (mut p, mut start, mut found, mut last) = (0, 0, 0, None);
        while p < b.len() && found < 64 {
            // A reply code starts with 2, 4 or 5: jump to the next one.
            let Some(i) = memchr::memchr3(b'2', b'4', b'5', &b[p..]) else {
                break;
            };
            p += i;
            if starts_after(b, p, start, word_dot_or_hash) {
                if let Some((code, (a, e), next)) = paired_at(t, p) {
                    last = Some((code, t[a..e].to_string()));
                    found += 1;
                    (p, start) = (next, next);
                    continue;
                }
            }
            p += 1;
        }
        last
    };

    last(tail).or_else(|| last(text))
}

/// The first SMTP reply code (`550`, `451` …) in `text`.
pub fn find_reply_code(text: &str) -> Option<u16> {
    // A hand-written scan equal to the first match of `reply_re()` (hot: called per record).
    let b = text.as_bytes();
    // Only where a 2, 4 or 5 starts a code.
    let last = b.len().saturating_sub(2);
    memchr::memchr3_iter(b'2', b'4', b'5', &b[..last]).find_map(|p| {
        let code = &b[p..p + 3];
        let fits = matches!(code[0], b'2' | b'4' | b'5')
            && code[1..].iter().all(u8::is_ascii_digit)
            && (p == 0 || !(b[p - 1].is_ascii_alphanumeric() || matches!(b[p - 1], b'.' | b'#')))
            && b.get(p + 3)
                .is_none_or(|c| matches!(c, b' ' | b'-' | b':' | b','));
        fits.then(|| text[p..p + 3].parse().ok()).flatten()
    })
}

/// Whether a status code is one of the generic codes MTAs write for any failure
/// (Exim's `5.0.0`/`4.0.0`, Sisimai-style `X.0.0`).
pub fn is_generic_status(status: &str) -> bool {
    matches!(status, "5.0.0" | "4.0.0" | "2.0.0")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn after_last_arrow_like_rsplit_once() {
        for t in [
            "", ">", "-", "->", "a->b", "a->b->c", "-->>", "->->", "a>b-", "é->ü", "x->",
        ] {
            assert_eq!(
                after_last_arrow(t),
                t.rsplit_once("->").map_or(t, |(_, b)| b),
                "{t:?}"
            );
        }
    }

    #[test]
    fn remote_reply_is_the_last_quoted() {
        assert_eq!(
            find_remote_reply("554 4.4.7 Message expired <421 4.4.2 Connection timed out>"),
            Some((421, "4.4.2".into()))
        );
    }

    #[test]
    fn scanners_equal_the_regexes() {
        let mut texts: Vec<String> = [
            "",
            "5",
            "5.",
            "5.1.1",
            "x5.1.1.",
            "5.1.1.2",
            "1.5.1.1",
            "5.1.1234 5.1.2",
            "a4.4.7.x",
            "550",
            "550x 451-",
            "#550 a550 .550 +250: 4509,",
            "ERROR_CODE :550,",
            "é550 é5.7.1é",
            "5.7.1\n",
            "version 1.2.3.4 only 2.0.0",
            "450:",
            "25",
            "5.12.123.",
            "5.1234.1",
            "5.1.1 5.1.2 x5.1.3é5.1.4.é5.1.5.",
            "550 5.1.1 550-5.1.2 -> 451 '4.4.7.",
            "550 -#5.1.1 a550 5.1.1 #550 5.1.2 x 550 '5.7.1' 550  \"5.7.2 550 ((5.1.1 550 5.7.1.2",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        if let Ok(dir) = std::fs::read_dir("../shared/corpus/emails") {
            for e in dir.flatten() {
                texts.push(String::from_utf8_lossy(&std::fs::read(e.path()).unwrap()).into());
            }
        }
        for t in &texts {
            let status = status_re()
                .captures(t)
                .map(|c| format!("{}.{}.{}", &c[1], &c[2], &c[3]));
            assert_eq!(find_status(t), status, "{t:?}");
            let reply = reply_re().captures(t).and_then(|c| c[1].parse().ok());
            assert_eq!(find_reply_code(t), reply, "{t:?}");
            let all: Vec<String> = status_re()
                .captures_iter(t)
                .map(|c| format!("{}.{}.{}", &c[1], &c[2], &c[3]))
                .collect();
            assert_eq!(find_statuses(t), all, "{t:?}");
            let tail = t.rsplit_once("->").map_or(t.as_str(), |(_, b)| b);
            let last = |t: &str| {
                paired_re().captures_iter(t).take(64).last().and_then(|c| {
                    let whole = c
                        .get(0)?
                        .as_str()
                        .trim_start_matches(|ch: char| !ch.is_ascii_digit());
                    Some((whole.get(..3)?.parse().ok()?, c[1].to_string()))
                })
            };
            assert_eq!(
                find_remote_reply(t),
                last(tail).or_else(|| last(t)),
                "{t:?}"
            );
        }
    }

    #[test]
    fn finds_codes() {
        let t = "host x[1.2.3.4] said: 550 5.7.1 Unfortunately, messages from [203.0.113.45] weren't sent";
        assert_eq!(find_status(t).as_deref(), Some("5.7.1"));
        assert_eq!(find_reply_code(t), Some(550));
        assert_eq!(find_status("version 1.2.3.4 only"), None);
        assert_eq!(
            find_status("550 5.7.606 Access denied").as_deref(),
            Some("5.7.606")
        );
        assert_eq!(find_status("#550 5.1.1 RESOLVER").as_deref(), Some("5.1.1"));
        assert_eq!(
            find_remote_status("5.1.0 - Unknown address error 550-'5.7.1 <a@b>... Access denied'")
                .as_deref(),
            Some("5.7.1")
        );
        assert_eq!(
            find_remote_status("550 5.7.1 Delivery not authorized -> 550 5.7.23 SPF").as_deref(),
            Some("5.7.23")
        );
    }
}
