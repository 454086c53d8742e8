//! A single pasted SMTP reply line (`550 5.7.1 … [192.0.2.1]`): no recipient, just the
//! remote's words, code and class.

use crate::facts::Facts;
use crate::mta::text;
use crate::smtp;

/// The first e-mail address in `text`.
pub fn first_address(text: &str) -> Option<String> {
    text::first_address(text)
}

/// Records from free text: recipients presented in it ([`crate::mta::scan`]), else one record
/// for the first reply line.
pub fn parse_text(input: &str) -> Vec<Facts> {
    crate::mta::scan::parse_text(input).unwrap_or_else(|| parse_reply_line(input))
}

/// One record for a pasted reply line (or the first reply line of a short paste).
pub fn parse_reply_line(input: &str) -> Vec<Facts> {
    let input = &input[..crate::input::floor_char_boundary(input, 64 * 1024)];
    let line = input
        .lines()
        .find(|l| smtp::find_reply_code(l).is_some())
        .unwrap_or(input)
        .trim();
    let Some(code) = smtp::find_reply_code(line).filter(|c| (400..600).contains(c)) else {
        return Vec::new();
    };
    let mut f = Facts {
        reply_code: Some(code),
        action: Some(if code < 500 { "delayed" } else { "failed" }.to_string()),
        ..Facts::default()
    };
    text::fill(&mut f, line);
    f.remote_mta = None;
    vec![f]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reply_line() {
        let r = parse_reply_line("550 5.7.612 Access denied, banned sending IP [192.0.2.1]");
        assert_eq!(r[0].status.as_deref(), Some("5.7.612"));
        assert_eq!(r[0].reply_code, Some(550));
        assert_eq!(r[0].recipient, None);
        assert!(parse_reply_line("hello").is_empty());
    }
}
