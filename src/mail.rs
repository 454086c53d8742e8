//! A MIME message flattened into what bounce decoding needs. All MIME work (transfer encodings,
//! RFC 2047, charsets, nesting) is mail-parser's; this module only walks its parts.

use std::borrow::Cow;
use std::sync::{LazyLock, OnceLock};

use mail_parser::{HeaderName, Message, MessageParser, MimeHeaders, PartType};

use crate::reason::Pairs;

/// The parser for messages and bare header blocks. Rebound reads every header field raw
/// (`headers_raw`, by offsets) and only needs mail-parser's parsed values for the MIME structure
/// (the MIME headers) and the decoded `Subject`; the default parser also tokenizes `Received`,
/// addresses and ids, ~30 % of the parse for values nobody reads, so those fields are skipped.
/// Skipping must not move a field's end: the skipped fields' parsers all stop at the first line
/// end not followed by white space, as skipping does. The date parser does not (its obsolete
/// time-zone branch can swallow the next line), so dates keep it. (A non-empty header map is
/// also what makes mail-parser use `default_header_ignore` at all.)
static PARSER: LazyLock<MessageParser> = LazyLock::new(|| {
    MessageParser::new()
        .with_mime_headers()
        .header_text(HeaderName::Subject)
        .header_date(HeaderName::Date)
        .header_date(HeaderName::ResentDate)
        .default_header_ignore()
});

/// mail-parser's work alone on `raw`, as [`Mail::parse`] has it done (the number of MIME parts
/// it found): the floor that `cargo xtask bench-compare` measures beside the whole decoder
/// (`examples/mime_floor.rs`). Not part of the API.
#[doc(hidden)]
pub fn mime_parts(raw: &[u8]) -> usize {
    PARSER.parse(raw).map_or(0, |m| m.parts.len())
}

/// Header fields as (lower-case name, unfolded value), in order: the list is a slice of
/// `(String, String)` ([`std::ops::Deref`]).
///
/// Most fields are never read (a bounce carries dozens: `Received`, `DKIM-Signature`, `ARC-*` …;
/// decoders ask for a few by name), and two `String`s per field were ~10 % of a decode. So the
/// fields are kept as read (names as mail-parser gives them, raw values) in one buffer;
/// [`header_in`] reads a value from there (unfolding only a folded one), and the list of
/// `String` pairs is built on first use of the slice.
#[derive(Debug, Clone, Default)]
pub struct Headers {
    /// Every field's name then raw value, one after the other.
    text: String,
    fields: Vec<Field>,
    /// The slice, built on first use.
    list: OnceLock<Vec<(String, String)>>,
}

/// A field of [`Headers`]: its name's and raw value's spans in `Headers::text`.
#[derive(Debug, Clone)]
struct Field {
    name: (u32, u32),
    value: (u32, u32),
    /// The unfolded value of a folded field, once asked for.
    unfolded: OnceLock<String>,
}

impl Headers {
    /// No fields.
    pub fn new() -> Headers {
        Headers::default()
    }

    /// Add a field (its name in any case, its value raw).
    fn push(&mut self, name: &str, value: &str) {
        let mut span = |text: &str| {
            let start = self.text.len();
            self.text.push_str(text);
            // Header blocks are capped far below 4 GB (mail-parser's offsets are `u32`).
            let end = |at: usize| u32::try_from(at).expect("a header block under 4 GB");
            (end(start), end(self.text.len()))
        };
        let (name, value) = (span(name), span(value));
        self.fields.push(Field {
            name,
            value,
            unfolded: OnceLock::new(),
        });
    }

    /// Number of fields (without building the list).
    pub fn len(&self) -> usize {
        self.fields.len()
    }

    /// Whether there is no field (without building the list).
    pub fn is_empty(&self) -> bool {
        self.fields.is_empty()
    }

    fn text(&self, (start, end): (u32, u32)) -> &str {
        &self.text[start as usize..end as usize]
    }

    /// Whether a field's lower-case name starts with `prefix` (lower case), without building
    /// the list.
    pub fn any_name_starts_with(&self, prefix: &str) -> bool {
        self.fields.iter().any(|f| {
            let name = self.text(f.name).as_bytes();
            name.get(..prefix.len())
                .is_some_and(|n| n.eq_ignore_ascii_case(prefix.as_bytes()))
        })
    }

    /// First value of `name` (lower case), unfolded, without building the list.
    pub fn get(&self, name: &str) -> Option<&str> {
        let field = self
            .fields
            .iter()
            // (Lengths first, from the spans: most names differ in length.)
            .find(|f| {
                (f.name.1 - f.name.0) as usize == name.len()
                    && lower_case_is(self.text(f.name), name)
            })?;
        Some(self.value(field))
    }

    /// Every value of `name` (lower case), in order, unfolded, without building the list:
    /// `self.iter().filter(|(n, _)| n == name).map(|(_, v)| v.as_str())`.
    pub fn values<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.values_where(move |n| lower_case_is(n, name))
    }

    /// [`Headers::values`] of the fields named any of `names` (lower case), in field order.
    pub fn fields_named<'a>(&'a self, names: &'a [&'a str]) -> impl Iterator<Item = &'a str> + 'a {
        self.values_where(move |n| names.iter().any(|name| lower_case_is(n, name)))
    }

    /// The unfolded values of the fields whose (raw) name passes `wanted`.
    fn values_where<'a>(
        &'a self,
        wanted: impl Fn(&str) -> bool + 'a,
    ) -> impl Iterator<Item = &'a str> + 'a {
        self.fields
            .iter()
            .filter(move |f| wanted(self.text(f.name)))
            .map(|field| self.value(field))
    }

    /// A field's unfolded value.
    fn value<'a>(&'a self, field: &'a Field) -> &'a str {
        let raw = self.text(field.value);
        // [`unfold`] of a value that is one line once trimmed is the trimmed value.
        let trimmed = trim(raw);
        if memchr::memchr(b'\n', trimmed.as_bytes()).is_none() {
            return trimmed;
        }
        field.unfolded.get_or_init(|| unfold(raw))
    }
}

/// Whether `name.to_ascii_lowercase() == lower`, compared in place.
fn lower_case_is(name: &str, lower: &str) -> bool {
    name.len() == lower.len()
        && name
            .bytes()
            .zip(lower.bytes())
            .all(|(a, b)| a.to_ascii_lowercase() == b)
}

impl std::ops::Deref for Headers {
    type Target = [(String, String)];

    fn deref(&self) -> &[(String, String)] {
        self.list.get_or_init(|| {
            self.fields
                .iter()
                .map(|f| {
                    (
                        self.text(f.name).to_ascii_lowercase(),
                        unfold(self.text(f.value)),
                    )
                })
                .collect()
        })
    }
}

/// At most this many bytes of text go into [`Mail::body`]: bounce text is short, and a cap keeps
/// every later scan linear in a bounded size whatever the paste.
const BODY_CAP: usize = 4 << 20;

/// The parts of a bounce message that decoders look at.
#[derive(Debug, Default, Clone)]
pub struct Mail {
    /// Top-level header fields of the bounce itself.
    pub headers: Headers,
    /// Decoded `Subject` (RFC 2047 applied).
    pub subject: String,
    /// Text of the bounce's own human-readable parts (text/plain; text/html turned to text when
    /// there is no plain part), in order, joined by blank lines. Line ends are `\n`.
    pub body: String,
    /// Every `message/delivery-status` part (RFC 3464), decoded.
    pub delivery_status: Vec<String>,
    /// `message/feedback-report` part (RFC 5965), decoded.
    pub feedback_report: Option<String>,
    /// Header fields of the returned message (`message/rfc822` or `text/rfc822-headers`).
    pub original_headers: Headers,
    /// Raw bytes of every attached `message/rfc822` part, in order (a forwarded bounce arrives
    /// as one of these).
    pub attached: Vec<Vec<u8>>,
    /// Whether the top-level content type is `multipart/report`.
    pub is_report: bool,
    /// `report-type` parameter of the top-level `multipart/report`.
    pub report_type: Option<String>,
    /// Whether the input had a header block at all (a webmail copy has none).
    pub has_headers: bool,
    /// `body` in ASCII lower case (same byte offsets), computed once for the format parsers'
    /// marker searches.
    pub body_lower: String,
    /// Byte pairs of `body_lower`, computed on first use ([`Mail::body_pairs`]).
    body_pairs: Derived<Pairs>,
    /// Length of [`Mail::error_part`], computed on first use.
    error_len: Derived<usize>,
}

/// A value derived from [`Mail::body`] once computed. A clone starts empty (computes it again
/// when asked): tables are not worth copying.
struct Derived<T>(OnceLock<T>);

impl<T> Default for Derived<T> {
    fn default() -> Self {
        Derived(OnceLock::new())
    }
}

impl<T> Clone for Derived<T> {
    fn clone(&self) -> Self {
        Derived::default()
    }
}

impl<T> std::fmt::Debug for Derived<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Derived")
    }
}

impl Mail {
    /// Parse raw message bytes. `None` when mail-parser finds no message at all.
    pub fn parse(raw: &[u8]) -> Option<Mail> {
        let tidied = tidy(raw);
        let raw: &[u8] = &tidied;
        let mended;
        let first = PARSER.parse(raw)?;
        let mut message = match boundary_mended(raw, &first) {
            Some(with_boundary) => {
                mended = with_boundary;
                PARSER.parse(&mended)?
            }
            None => first,
        };
        let mut mail = Mail {
            headers: headers_of(&message),
            has_headers: true,
            ..Mail::default()
        };
        mail.subject = message.subject().unwrap_or("").to_string();
        if let Some(ct) = message.content_type() {
            mail.is_report = ct.ctype().eq_ignore_ascii_case("multipart")
                && ct
                    .subtype()
                    .is_some_and(|s| s.eq_ignore_ascii_case("report"));
            mail.report_type = ct.attribute("report-type").map(str::to_ascii_lowercase);
        }
        // The texts are taken out of the parts: a decoded one (quoted-printable, base64) then
        // becomes the body without a copy.
        let mut texts: Vec<Cow<'_, str>> = Vec::new();
        // HTML parts are turned into text only when there is no plain text to prefer.
        let mut htmls: Vec<&str> = Vec::new();
        for part in message.parts.iter_mut() {
            let kind = PartKind::of(part);
            let base64 = part
                .content_transfer_encoding()
                .is_some_and(|e| e.eq_ignore_ascii_case("base64"));
            if let Some(text) = base64_given_up(part) {
                part.body = PartType::Text(Cow::Owned(text));
            }
            match &mut part.body {
                PartType::Text(t) => match kind {
                    PartKind::HeaderBlock | PartKind::OtherRfc822Headers => {
                        // (For `message/rfc822`: mail-parser could not parse the returned
                        // message; its text is kept.)
                        if mail.original_headers.is_empty() {
                            mail.original_headers = parse_header_block(t.as_bytes());
                        }
                    }
                    PartKind::Status => mail.delivery_status.push(t.to_string()),
                    PartKind::Feedback => mail.feedback_report = Some(t.to_string()),
                    PartKind::Other => texts.push(std::mem::take(t)),
                },
                PartType::Html(h) => htmls.push(h),
                PartType::Binary(b) | PartType::InlineBinary(b) => {
                    // (Validating first: much cheaper than the lossy walk, and most parts are
                    // UTF-8.)
                    let text = || match std::str::from_utf8(b) {
                        Ok(text) => text.to_string(),
                        Err(_) => String::from_utf8_lossy(b).into_owned(),
                    };
                    match kind {
                        PartKind::Status => mail.delivery_status.push(text()),
                        PartKind::Feedback => mail.feedback_report = Some(text()),
                        PartKind::HeaderBlock if mail.original_headers.is_empty() => {
                            mail.original_headers = parse_header_block(b);
                        }
                        _ => {}
                    }
                }
                PartType::Message(inner) => {
                    if mail.original_headers.is_empty() {
                        mail.original_headers = headers_of(inner);
                    }
                    let (start, end) = (part.offset_body as usize, part.offset_end as usize);
                    // (A message attached base64-encoded — against RFC 2046, but sent — is
                    // the decoded one mail-parser parsed.)
                    let bytes = if base64 {
                        Some(inner.raw_message.as_ref())
                    } else {
                        message.raw_message.get(start..end)
                    };
                    if let Some(bytes) = bytes {
                        if mail.attached.len() < 4 {
                            mail.attached.push(bytes.to_vec());
                        }
                    }
                }
                PartType::Multipart(_) => {}
            }
        }
        // Prefer plain text; fall back to the HTML parts turned into text.
        let chosen = if texts.iter().any(|t| !t.trim().is_empty()) {
            if texts.len() == 1 {
                texts.swap_remove(0).into_owned()
            } else {
                texts.join("\n\n")
            }
        } else {
            let htmls: Vec<String> = htmls.into_iter().map(html_text).collect();
            htmls.join("\n\n")
        };
        mail.body = cap(match newlines_normalized(&chosen) {
            Cow::Borrowed(_) => chosen,
            Cow::Owned(normalized) => normalized,
        });
        if mail.original_headers.is_empty() {
            mail.original_headers = inline_original(&mail);
        }
        mail.body_lower = mail.body.to_ascii_lowercase();
        Some(mail)
    }

    /// A header-less text (copied out of a webmail UI) treated as a message body.
    pub fn from_text(text: &str) -> Mail {
        let body = cap(newlines_normalized(text).into_owned());
        Mail {
            body_lower: body.to_ascii_lowercase(),
            body,
            ..Mail::default()
        }
    }

    /// The byte pairs of `body_lower` (to rule out markers before searching the body or a part
    /// of it). `body_lower` must not change once they are computed.
    pub(crate) fn body_pairs(&self) -> &Pairs {
        self.body_pairs
            .0
            .get_or_init(|| Pairs::of(&self.body_lower))
    }

    /// [`crate::mta::text::error_part`] of `body`, found once: most format parsers read it.
    /// `body` must not change once it is computed.
    pub fn error_part(&self) -> &str {
        let len = self
            .error_len
            .0
            .get_or_init(|| crate::mta::text::error_part(&self.body).len());
        &self.body[..*len]
    }

    /// First value of a top-level header (name in lower case).
    pub fn header(&self, name: &str) -> Option<&str> {
        header_in(&self.headers, name)
    }

    /// First value of a header of the returned message.
    pub fn original_header(&self, name: &str) -> Option<&str> {
        header_in(&self.original_headers, name)
    }

    /// Lower-case `From` of the bounce itself.
    pub fn from_lower(&self) -> String {
        self.header("from").unwrap_or("").to_ascii_lowercase()
    }
}

/// What a MIME part is to bounce decoding, by its content type (none: `text/plain`), compared
/// without case.
#[derive(Clone, Copy)]
enum PartKind {
    /// `message/delivery-status`, `message/global-delivery-status`.
    Status,
    /// `message/feedback-report`.
    Feedback,
    /// The returned message's header block: `message/rfc822-headers`, `text/rfc822-headers`,
    /// `message/global-headers`, or `message/rfc822` itself.
    HeaderBlock,
    /// `…/rfc822-headers` of another top-level type (read only when it is text).
    OtherRfc822Headers,
    Other,
}

impl PartKind {
    fn of(part: &mail_parser::MessagePart<'_>) -> PartKind {
        let (ctype, subtype) = part.content_type().map_or(("text", "plain"), |c| {
            (c.ctype(), c.subtype().unwrap_or(""))
        });
        let is =
            |t: &str, s: &str| ctype.eq_ignore_ascii_case(t) && subtype.eq_ignore_ascii_case(s);
        if is("message", "delivery-status") || is("message", "global-delivery-status") {
            PartKind::Status
        } else if is("message", "feedback-report") {
            PartKind::Feedback
        } else if is("message", "rfc822-headers")
            || is("text", "rfc822-headers")
            || is("message", "global-headers")
            || is("message", "rfc822")
        {
            PartKind::HeaderBlock
        } else if subtype.eq_ignore_ascii_case("rfc822-headers") {
            PartKind::OtherRfc822Headers
        } else {
            PartKind::Other
        }
    }
}

/// Whether a `Content-Type` parameter that [`tidy`] puts back on its field starts at `at`.
fn bare_param_at(raw: &[u8], at: usize) -> bool {
    const PARAMS: &[&[u8]] = &[b"boundary=", b"charset=", b"report-type=", b"name="];
    let rest = &raw[at..];
    PARAMS
        .iter()
        .any(|p| rest.len() >= p.len() && rest[..p.len()].eq_ignore_ascii_case(p))
}

/// Mend a mangling some MTAs commit: a `Content-Type: …;` field whose parameter line
/// (`boundary=…`, `charset=…`) lost its folding white space. Without the fix the part's
/// boundary is lost and its text with it.
fn tidy(raw: &[u8]) -> Cow<'_, [u8]> {
    // A line end right after ';' (LF or CRLF) followed by a bare parameter: the LF's offset.
    // (Two SIMD substring scans, built once, instead of a look at every ';': HTML bodies are
    // full of entities.)
    static LF: LazyLock<memchr::memmem::Finder<'static>> =
        LazyLock::new(|| memchr::memmem::Finder::new(b";\n"));
    static CRLF: LazyLock<memchr::memmem::Finder<'static>> =
        LazyLock::new(|| memchr::memmem::Finder::new(b";\r\n"));
    let broken = |&lf: &usize| bare_param_at(raw, lf + 1);
    let mut mends: Vec<usize> = LF
        .find_iter(raw)
        .map(|semi| semi + 1)
        .filter(broken)
        .collect();
    let crlf = CRLF.find_iter(raw).map(|semi| semi + 2).filter(broken);
    let lf_only = mends.len();
    mends.extend(crlf);
    if mends.is_empty() {
        return Cow::Borrowed(raw);
    }
    if lf_only < mends.len() {
        mends.sort_unstable();
    }
    let mut out = Vec::with_capacity(raw.len() + mends.len());
    let mut start = 0;
    for lf in mends {
        out.extend_from_slice(&raw[start..=lf]);
        out.push(b' ');
        start = lf + 1;
    }
    out.extend_from_slice(&raw[start..]);
    Cow::Owned(out)
}

/// The text an HTML part or page shows (mail-parser's `html_to_text`, with the line ends of
/// its layout). `&nbsp;` between a reply's words ("550&nbsp;5.7.1") is a space to read.
pub(crate) fn html_text(html: &str) -> String {
    let text = mail_parser::decoders::html::html_to_text(&html_with_breaks(html));
    if text.contains('\u{a0}') {
        text.replace('\u{a0}', " ")
    } else {
        text
    }
}

/// `html` with the line ends its layout shows made explicit for mail-parser's `html_to_text`,
/// which breaks lines only at `<br>` and `</p>`: a break after each table row, heading, list
/// item, block and `<pre>` line, and a space between table cells. An HTML-only NDR puts the
/// recipient in a table cell and the remote's reply in a `<pre>`.
fn html_with_breaks(html: &str) -> Cow<'_, str> {
    const BREAK_AFTER: &[&str] = &[
        "/tr",
        "/div",
        "/li",
        "/h1",
        "/h2",
        "/h3",
        "/h4",
        "/h5",
        "/h6",
        "/table",
        "pre",
        "/pre",
        "/blockquote",
        "/dt",
        "/dd",
    ];
    const SPACE_AFTER: &[&str] = &["/td", "/th"];
    let bytes = html.as_bytes();
    let mut out = String::new();
    let mut start = 0;
    let mut in_pre = false;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\n' if in_pre => {
                out.push_str(&html[start..i]);
                out.push_str("<br>");
                start = i + 1;
                // A folded header's indent (in a page's raw message) must survive the
                // collapsing of white space: one no-break space stands for it.
                let indent = bytes[i + 1..]
                    .iter()
                    .take_while(|b| matches!(b, b' ' | b'\t'))
                    .count();
                if indent > 0 {
                    out.push_str("&nbsp;");
                    start += indent;
                    i += indent;
                }
            }
            b'<' => {
                // (Bounded looks: hostile text full of '<' stays linear.)
                let window = &bytes[i + 1..(i + 1 + 16).min(bytes.len())];
                let name_end = window
                    .iter()
                    .position(|&b| b == b'>' || b.is_ascii_whitespace())
                    .map_or(i + 1 + window.len(), |p| i + 1 + p);
                let name = html.get(i + 1..name_end).unwrap_or("");
                let is = |list: &[&str]| list.iter().any(|t| t.eq_ignore_ascii_case(name));
                let close = (is(BREAK_AFTER) || is(SPACE_AFTER))
                    .then(|| {
                        let tail = &bytes[i..(i + 1024).min(bytes.len())];
                        memchr::memchr(b'>', tail).map(|p| i + p + 1)
                    })
                    .flatten();
                if let Some(end) = close {
                    out.push_str(&html[start..end]);
                    out.push_str(if is(SPACE_AFTER) { " " } else { "<br>" });
                    start = end;
                    if name.eq_ignore_ascii_case("pre") {
                        in_pre = true;
                    } else if name.eq_ignore_ascii_case("/pre") {
                        in_pre = false;
                    }
                    i = end;
                    continue;
                }
            }
            _ => {}
        }
        i += 1;
    }
    if start == 0 {
        return Cow::Borrowed(html);
    }
    out.push_str(&html[start..]);
    Cow::Owned(out)
}

/// The text of a base64 part mail-parser gave up on: it keeps the encoded text of a part with
/// stray characters (a damaged archive's `!` or `^Z`, line noise). Decoded here ignoring them,
/// when they are few: a part mislabelled base64 whose text is plain is left as it is.
fn base64_given_up(part: &mail_parser::MessagePart) -> Option<String> {
    if part.encoding != mail_parser::Encoding::None
        || !part
            .content_transfer_encoding()
            .is_some_and(|e| e.trim().eq_ignore_ascii_case("base64"))
    {
        return None;
    }
    let PartType::Text(text) = &part.body else {
        return None;
    };
    let is_b64 = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'=');
    let mut kept = Vec::with_capacity(text.len());
    let mut stray = 0usize;
    for b in text.bytes().filter(|b| !b.is_ascii_whitespace()) {
        if is_b64(b) {
            if b != b'=' {
                kept.push(b);
            }
        } else {
            stray += 1;
        }
    }
    // At most one stray character in 50: plain text has far more (":", ";", ".", "@").
    if kept.len() < 16 || stray * 50 > kept.len() {
        return None;
    }
    // A lone character after the last whole group encodes nothing.
    if kept.len() % 4 == 1 {
        kept.pop();
    }
    let bytes = mail_parser::decoders::base64::base64_decode(&kept)?;
    let charset = part
        .content_type()
        .and_then(|ct| ct.attribute("charset"))
        .and_then(|c| mail_parser::decoders::charsets::map::charset_decoder(c.as_bytes()));
    Some(match charset {
        Some(decode) => decode(&bytes),
        None => String::from_utf8_lossy(&bytes).into_owned(),
    })
}

/// A multipart message whose `Content-Type` lost its `boundary` parameter (a tool that kept only
/// the first line of each folded field): the message again with the boundary its body uses
/// written into the field, so that its parts are read. `None` for any other message.
fn boundary_mended(raw: &[u8], message: &Message) -> Option<Vec<u8>> {
    let ct = message.content_type()?;
    if !ct.ctype().eq_ignore_ascii_case("multipart") || ct.attribute("boundary").is_some() {
        return None;
    }
    let root = message.root_part();
    let field = root
        .headers
        .iter()
        .find(|h| matches!(h.name, HeaderName::ContentType))?;
    let body = raw.get(root.offset_body as usize..)?;
    // The first delimiter line: "--" and a boundary (RFC 2046: at most 70 characters, no
    // trailing white space; quotes are not allowed unquoted).
    let boundary = body.split(|&b| b == b'\n').find_map(|line| {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        let b = line.strip_prefix(b"--")?;
        let b = b.strip_suffix(b"--").unwrap_or(b);
        (!b.is_empty() && b.len() <= 70 && b.iter().all(|&c| c.is_ascii_graphic() && c != b'"'))
            .then_some(b)
    })?;
    // Before the value's line end.
    let mut end = (field.offset_end as usize).min(raw.len());
    while end > field.offset_start as usize && matches!(raw[end - 1], b'\n' | b'\r') {
        end -= 1;
    }
    let mut out = Vec::with_capacity(raw.len() + boundary.len() + 16);
    out.extend_from_slice(&raw[..end]);
    out.extend_from_slice(b"; boundary=\"");
    out.extend_from_slice(boundary);
    out.push(b'"');
    out.extend_from_slice(&raw[end..]);
    Some(out)
}

fn cap(mut text: String) -> String {
    if text.len() > BODY_CAP {
        let at = crate::input::floor_char_boundary(&text, BODY_CAP);
        text.truncate(at);
    }
    text
}

/// The returned message's headers when a text bounce quotes it inline after its own text.
fn inline_original(mail: &Mail) -> Headers {
    let body = mail.body.as_str();
    let error = mail.error_part();
    let rest = &body[error.len()..];
    let first = crate::input::lines(rest)
        .find(|l| !l.trim().is_empty())
        .unwrap_or("");
    let is_field = first
        .split_once(':')
        .is_some_and(|(n, _)| !n.is_empty() && n.bytes().all(|b| b.is_ascii_graphic()));
    if !is_field {
        return Headers::new();
    }
    parse_header_block(rest.trim_start().as_bytes())
}

/// First value of `name` (lower case) in a header list.
pub fn header_in<'a>(headers: &'a Headers, name: &str) -> Option<&'a str> {
    headers.get(name)
}

/// The first 500 header fields of `message` that are UTF-8 (what `Message::headers_raw` yields),
/// names in lower case, values unfolded.
fn headers_of(message: &Message<'_>) -> Headers {
    let Some(part) = message.parts.first() else {
        return Headers::new();
    };
    let raw: &[u8] = &message.raw_message;
    // One UTF-8 check for the span of all the values instead of one per field (a per-call cost
    // on short values): a field's value is UTF-8 when the span is and the value's ends are
    // character boundaries of it. A span that is not UTF-8 is checked field by field.
    let lo = part
        .headers
        .iter()
        .map(|h| h.offset_start)
        .min()
        .unwrap_or(0) as usize;
    let hi = part.headers.iter().map(|h| h.offset_end).max().unwrap_or(0) as usize;
    let span = raw.get(lo..hi).and_then(|s| std::str::from_utf8(s).ok());
    let value = |start: u32, end: u32| -> Option<&str> {
        let (start, end) = (start as usize, end as usize);
        match span {
            Some(span) => span.get(start - lo..end - lo),
            None => std::str::from_utf8(&raw[start..end]).ok(),
        }
    };
    let mut headers = Headers {
        text: String::with_capacity(hi.saturating_sub(lo) + 16 * part.headers.len()),
        fields: Vec::with_capacity(part.headers.len().min(500)),
        list: OnceLock::new(),
    };
    let fields = part
        .headers
        .iter()
        .filter_map(|h| Some((h.name.as_str(), value(h.offset_start, h.offset_end)?)))
        .take(500);
    for (name, value) in fields {
        headers.push(name, value);
    }
    headers
}

/// A bare header block (`text/rfc822-headers`) parsed by mail-parser as a body-less message.
pub fn parse_header_block(raw: &[u8]) -> Headers {
    let mut block = raw[..raw.len().min(256 * 1024)].to_vec();
    block.extend_from_slice(b"\n\n");
    PARSER
        .parse_headers(&block)
        .map(|m| headers_of(&m))
        .unwrap_or_default()
}

/// Unfold a header value: CRLF/LF followed by white space becomes one space; trims.
pub fn unfold(value: &str) -> String {
    // Trimming the whole value first gives the same result (the line ends and blank lines at
    // either end are white space), and most values, with their trailing line end trimmed, are
    // one line: one trim and one copy.
    let value = trim(value);
    if memchr::memchr(b'\n', value.as_bytes()).is_none() {
        return value.to_string();
    }
    let mut out = String::with_capacity(value.len());
    let mut start = 0;
    let ends = memchr::memchr_iter(b'\n', value.as_bytes()).chain([value.len()]);
    for end in ends {
        // (`trim` also drops a CRLF's CR.)
        let line = trim(&value[start..end]);
        start = end + 1;
        if line.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(line);
    }
    out
}

/// `str::trim`, on bytes when both ends are ASCII (most header values and lines): the Unicode
/// trim decodes characters from both ends and was a hot spot.
pub(crate) fn trim(text: &str) -> &str {
    // The ASCII characters `char::is_whitespace` accepts (`u8::is_ascii_whitespace` lacks VT).
    let space = |b: &u8| matches!(b, b' ' | b'\t' | b'\n' | b'\x0b' | b'\x0c' | b'\r');
    let b = text.as_bytes();
    let start = b.iter().position(|c| !space(c)).unwrap_or(b.len());
    let end = b.iter().rposition(|c| !space(c)).map_or(start, |i| i + 1);
    // A non-ASCII byte at either end may belong to a Unicode space: the real thing decides.
    if b.get(start).is_some_and(|c| !c.is_ascii()) || (end > start && !b[end - 1].is_ascii()) {
        return text.trim();
    }
    &text[start..end]
}

/// CRLF, CR CR LF and lone CR become LF.
pub fn normalize_newlines(text: &str) -> String {
    newlines_normalized(text).into_owned()
}

/// [`normalize_newlines`] without a copy when there is no CR (most input).
pub fn newlines_normalized(text: &str) -> Cow<'_, str> {
    let mut crs = memchr::memchr_iter(b'\r', text.as_bytes()).peekable();
    if crs.peek().is_none() {
        return Cow::Borrowed(text);
    }
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut start = 0;
    for cr in crs {
        if cr < start {
            continue; // the second CR of a CR CR LF, already read
        }
        out.push_str(&text[start..cr]);
        out.push('\n');
        start = match (bytes.get(cr + 1), bytes.get(cr + 2)) {
            (Some(b'\n'), _) => cr + 2,
            // CR CR LF (a CRLF file copied once more in text mode): one line end.
            (Some(b'\r'), Some(b'\n')) => cr + 3,
            _ => cr + 1,
        };
    }
    out.push_str(&text[start..]);
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mime_parts_counts_what_the_decoder_parses() {
        // The bench floor (examples/mime_floor.rs) must do the decoder's MIME work: a report with
        // a text part, a delivery-status part and a returned message with two parts of its own.
        let raw = "From: MAILER-DAEMON@mx.example\nSubject: failure\nMIME-Version: 1.0\n\
Content-Type: multipart/report; report-type=delivery-status; boundary=\"R\"\n\n--R\n\
Content-Type: text/plain\n\nbounced\n--R\nContent-Type: message/delivery-status\n\n\
Final-Recipient: rfc822; bob@example.org\nAction: failed\nStatus: 5.1.1\n\n--R\n\
Content-Type: message/rfc822\n\nFrom: a@example.com\nContent-Type: multipart/mixed; boundary=\"M\"\n\n\
--M\nContent-Type: text/plain\n\nhello\n--M\nContent-Type: text/html\n\n<p>hello</p>\n--M--\n\n--R--\n";
        // Root, the text, the status and the returned message (its parts are its own).
        assert_eq!(mime_parts(raw.as_bytes()), 4);
        let mail = Mail::parse(raw.as_bytes()).expect("a message");
        assert_eq!(mail.delivery_status.len(), 1);
        assert_eq!(mail.original_header("from"), Some("a@example.com"));
        assert_eq!(mime_parts(b""), 0);
    }

    #[test]
    fn deep_nesting_and_broken_parts_do_not_panic() {
        let mut raw = String::from("From: a@b.example\nSubject: x\n");
        for i in 0..1000 {
            raw.push_str(&format!(
                "Content-Type: multipart/mixed; boundary=\"b{i}\"\n\n--b{i}\n"
            ));
        }
        raw.push_str(
            "Content-Type: text/plain\nContent-Transfer-Encoding: base64\n\n!!!not base64",
        );
        let mail = Mail::parse(raw.as_bytes());
        assert!(mail.is_some());
    }

    /// Every part's and field's offsets (hence the raw values) as a parser lays them out.
    fn layout(parser: &MessageParser, raw: &str) -> Vec<(String, u32, u32)> {
        let Some(message) = parser.parse(raw.as_bytes()) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for part in &message.parts {
            out.push(("part".to_string(), part.offset_body, part.offset_end));
            for h in &part.headers {
                out.push((h.name.as_str().to_string(), h.offset_start, h.offset_end));
            }
        }
        out
    }

    #[test]
    fn skipping_fields_keeps_the_default_layout() {
        let tricky = [
            // The date parser's obsolete zone swallows the next line: dates must keep it.
            "Date: Thu, 29 Apr 2012 23:45:10 +09m\0\nTo: <a@b.example>\nFrom: <c@d.example>\n\nbody",
            "From: =?utf-8?q?broken\nTo: x@y.example\nSubject: s\n\nb",
            "From: =?utf-8?b?YWJj\n ZGVm?= <a@b.example>\nTo: \"unterminated\n quote\nCc: (comment\n\nb",
            "Received: from a (b [192.0.2.1]) by c\n\t(Postfix) with ESMTP id X; Thu, 1 Jan 2020\n 00:00:00 +0000\nReceived: (qmail 1 invoked\nMessage-ID: <a@b\nReferences: <x> <y\n z>\nKeywords: a, =?x?q?b\nContent-Language: en\n\nb",
            "Return-Path: <>\r\nX-Other: a\r\n b\r\nContent-Type: multipart/report; report-type=delivery-status;\r\n boundary=\"b\"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nhi\r\n--b\r\nContent-Type: message/rfc822\r\n\r\nFrom: <x@y.example>\r\nDate: Mon, 1 Jan 2001 00:00 EST\r\nTo: z@w.example\r\n\r\nbody\r\n--b--\r\n",
            "Sender: a@b.example\nReply-To: \\\"x\n",
        ];
        for raw in tricky {
            assert_eq!(
                layout(&PARSER, raw),
                layout(&MessageParser::default(), raw),
                "{raw:?}"
            );
        }
    }

    #[test]
    fn newlines_like_replace() {
        for text in [
            "",
            "a",
            "\r",
            "\n",
            "\r\n",
            "\n\r",
            "\r\r\n",
            "\r\n\r",
            "a\r\nb\rc\n",
            "é\r€\r\n",
            "\r\n\r\n\r",
        ] {
            // (CR CR LF is one line end: a CRLF file copied once more in text mode.)
            let expected = text
                .replace("\r\r\n", "\n")
                .replace("\r\n", "\n")
                .replace('\r', "\n");
            assert_eq!(newlines_normalized(text), expected, "{text:?}");
            assert_eq!(normalize_newlines(text), expected, "{text:?}");
        }
        assert!(matches!(newlines_normalized("a\nb"), Cow::Borrowed(_)));
    }

    /// The byte-at-a-time `tidy` the memchr scan replaced.
    fn tidy_reference(raw: &[u8]) -> Vec<u8> {
        let broken = |at: usize| bare_param_at(raw, at);
        let after_semicolon = |i: usize| match raw[i] {
            b'\n' if i > 0 && raw[i - 1] == b';' => true,
            b'\n' if i > 1 && raw[i - 1] == b'\r' && raw[i - 2] == b';' => true,
            _ => false,
        };
        let mut out = Vec::new();
        for (i, &b) in raw.iter().enumerate() {
            out.push(b);
            if after_semicolon(i) && broken(i + 1) {
                out.push(b' ');
            }
        }
        out
    }

    #[test]
    fn tidy_mends_like_the_reference() {
        for raw in [
            "",
            "\n",
            ";\n",
            ";\nboundary=",
            ";\nboundary",
            "\nboundary=x",
            "Content-Type: multipart/report;\nboundary=\"b\"\n",
            "Content-Type: text/plain;\r\nCharset=utf-8\r\n;\r\nNAME=a;\nreport-type=x;\n boundary=y",
            ";\r\n",
            "\r\nboundary=",
            ";\r\r\nboundary=",
            "a;\nname=;\nname=",
            "a;\r\nname=x;\nboundary=y;\r\ncharset=z",
            ";\n;\nboundary=;\r\n;\r\nname=",
        ] {
            assert_eq!(tidy(raw.as_bytes()), tidy_reference(raw.as_bytes()), "{raw:?}");
        }
        // Every sequence of up to six of these pieces.
        const PIECES: [&str; 5] = [";", "\n", "\r", "name=", "x"];
        let mut raws = vec![String::new()];
        for _ in 0..6 {
            let longer: Vec<String> = raws
                .iter()
                .flat_map(|r| PIECES.iter().map(move |p| format!("{r}{p}")))
                .collect();
            for raw in &longer {
                assert_eq!(
                    tidy(raw.as_bytes()),
                    tidy_reference(raw.as_bytes()),
                    "{raw:?}"
                );
            }
            raws = longer;
        }
    }

    /// What `headers_of` built before the fields were kept raw: the list `Headers` derefs to.
    fn headers_reference(message: &Message<'_>) -> Vec<(String, String)> {
        message
            .headers_raw()
            .take(500)
            .map(|(name, value)| (name.to_ascii_lowercase(), unfold(value)))
            .collect()
    }

    #[test]
    fn headers_read_in_place_like_the_list() {
        let mut many = String::new();
        for i in 0..600 {
            many.push_str(&format!("X-N{i}: {i}\n"));
        }
        many.push_str("\nbody");
        let raws = [
            "From: A <a@b.example>\nTO: x@y.example\nSubject: s\n\nb".to_string(),
            "Received: from a\n\tby b\n for <c@d.example>;\r\n x\r\nreceived: two\r\nX-MS-Exchange-Foo: 1\r\nX-Forefront-Antispam-Report: CIP:1.2.3.4;\r\nX-Forefront-Antispam-Report-Untrusted: CIP:5.6.7.8\r\n\r\n".to_string(),
            "DKIM-Signature: v=1; a=rsa;\n c=relaxed/simple;\n\n\nX-Empty:\nX-Spaces:   \u{3000}v\u{a0} \nX-Bad: \u{e9}t\u{e9}\n\nb".to_string(),
            "x-lower: a\nX-LOWER: b\n\nb".to_string(),
            many,
        ];
        // A field that is not UTF-8 is left out (and does not count towards the 500).
        let mut raws: Vec<Vec<u8>> = raws.into_iter().map(String::into_bytes).collect();
        raws.push(b"From: a\nX-Bad: \xe9t\xe9\nTo: b\n\nbody".to_vec());
        let names = [
            "from",
            "to",
            "subject",
            "received",
            "x-ms-exchange-foo",
            "x-forefront-antispam-report",
            "dkim-signature",
            "x-empty",
            "x-spaces",
            "x-bad",
            "x-lower",
            "x-n499",
            "x-n500",
            "missing",
        ];
        for raw in &raws {
            let message = PARSER.parse(raw).unwrap();
            let reference = headers_reference(&message);
            let headers = headers_of(&message);
            assert_eq!(headers.len(), reference.len(), "{raw:?}");
            assert_eq!(headers.is_empty(), reference.is_empty());
            for name in names {
                let want: Vec<&str> = reference
                    .iter()
                    .filter(|(n, _)| n == name)
                    .map(|(_, v)| v.as_str())
                    .collect();
                assert_eq!(
                    headers.get(name),
                    want.first().copied(),
                    "{name} in {raw:?}"
                );
                assert_eq!(headers.values(name).collect::<Vec<_>>(), want, "{name}");
                let prefix = &name[..name.len().min(6)];
                assert_eq!(
                    headers.any_name_starts_with(prefix),
                    reference.iter().any(|(n, _)| n.starts_with(prefix)),
                    "{prefix}"
                );
            }
            let pair = ["received", "x-forefront-antispam-report-untrusted"];
            let want: Vec<&str> = reference
                .iter()
                .filter(|(n, _)| pair.contains(&n.as_str()))
                .map(|(_, v)| v.as_str())
                .collect();
            assert_eq!(headers.fields_named(&pair).collect::<Vec<_>>(), want);
            // The list, built after (and, in a clone, without) the look-ups.
            assert_eq!(&*headers.clone(), reference.as_slice(), "{raw:?}");
            assert_eq!(&*headers, reference.as_slice(), "{raw:?}");
        }
    }

    #[test]
    fn trims_like_str_trim() {
        for text in [
            "",
            " ",
            "\x0b\x0c",
            "a",
            " a\r\n",
            "\ta b\x0b",
            "\u{3000}a\u{a0}",
            " \u{85}",
            "\u{2028}",
            " é ",
            "a\u{2003} \n",
            "\x1f a \x1c",
        ] {
            assert_eq!(trim(text), text.trim(), "{text:?}");
        }
    }

    #[test]
    fn unfolds() {
        assert_eq!(unfold("a\n   b\r\n\tc "), "a b c");
        // The line-by-line unfold the one-line fast path short-cuts.
        let reference = |value: &str| {
            let mut out = String::new();
            for line in value.split('\n') {
                let trimmed = line.trim_end_matches('\r').trim();
                if !trimmed.is_empty() {
                    if !out.is_empty() {
                        out.push(' ');
                    }
                    out.push_str(trimmed);
                }
            }
            out
        };
        for value in [
            "",
            " ",
            "\r",
            "a",
            " \u{3000}a b\r",
            "\r\n \r\n",
            "\u{85}a\r\r\n\u{2003}b \r",
            "a\r b",
            "\n\n a \n\tb\n",
            " value\r\n",
            " value\n",
            "\r\n\r\n",
            " a\r\n \r\n\t\r\n",
            "\u{2028}a\n\u{a0}\n",
            " a\r\n\tb\r\n",
        ] {
            assert_eq!(unfold(value), reference(value), "{value:?}");
        }
        assert_eq!(normalize_newlines("a\r\nb\rc"), "a\nb\nc");
    }
}
