//! SMTP reply codes (RFC 5321) and enhanced status codes (RFC 3463) found in free text.

use regex_lite::Regex;
use std::sync::OnceLock;

fn status_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?:^|[^0-9.])([245])\.([0-9]{1,3})\.([0-9]{1,3})(?:[^0-9.]|\.(?:[^0-9]|$)|$)")
            .unwrap()
    })
}

fn reply_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    // "550 …", "550-…", "550: …" (some MTAs), "ERROR_CODE :550," (Zoho).
    RE.get_or_init(|| Regex::new(r"(?:^|[^0-9A-Za-z.#])([245][0-9][0-9])(?:[ \-:,]|$)").unwrap())
}

/// The first RFC 3463 enhanced status code in `text` ("5.7.1"), ignoring version-like numbers.
pub fn find_status(text: &str) -> Option<String> {
    status_re()
        .captures(text)
        .map(|c| format!("{}.{}.{}", &c[1], &c[2], &c[3]))
}

/// Every enhanced status code in `text`, in order.
pub fn find_statuses(text: &str) -> Vec<String> {
    status_re()
        .captures_iter(text)
        .map(|c| format!("{}.{}.{}", &c[1], &c[2], &c[3]))
        .collect()
}

fn paired_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?:^|[^0-9A-Za-z.#])[245][0-9][0-9][ -]+['\x22(#]?([245]\.[0-9]{1,3}\.[0-9]{1,3})(?:[^0-9.]|\.(?:[^0-9]|$)|$)")
            .unwrap()
    })
}

/// The enhanced code the remote server put right after its reply code (`550 5.7.1`,
/// `550-'5.7.1`), the last one when several replies are quoted. For an Exchange chain
/// `A -> B` it is B's.
pub fn find_remote_status(text: &str) -> Option<String> {
    find_remote_reply(text).map(|(_, s)| s)
}

/// [`find_remote_status`] with the reply code it came with.
pub fn find_remote_reply(text: &str) -> Option<(u16, String)> {
    // The last reply is the remote's final word: an MTA quotes it after its own summary
    // ("554 4.4.7 Message expired … <421 4.4.2 Connection timed out>").
    let tail = text.rsplit_once("->").map_or(text, |(_, b)| b);
    let last = |t: &str| {
        paired_re().captures_iter(t).take(64).last().and_then(|c| {
            let whole = c
                .get(0)?
                .as_str()
                .trim_start_matches(|ch: char| !ch.is_ascii_digit());
            Some((whole.get(..3)?.parse().ok()?, c[1].to_string()))
        })
    };
    last(tail).or_else(|| last(text))
}

/// The first SMTP reply code (`550`, `451` …) in `text`.
pub fn find_reply_code(text: &str) -> Option<u16> {
    reply_re().captures(text).and_then(|c| c[1].parse().ok())
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
    fn remote_reply_is_the_last_quoted() {
        assert_eq!(
            find_remote_reply("554 4.4.7 Message expired <421 4.4.2 Connection timed out>"),
            Some((421, "4.4.2".into()))
        );
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
