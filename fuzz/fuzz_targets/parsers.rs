//! Every parser entry point on its own, so a panic is pinned to the parser that raised it
//! rather than hidden behind `input::detect` choosing another path. The first byte picks the
//! group; the rest is its input. When a parser's signature changes, this is the file to update.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rebound::mail::{self, Mail};
use rebound::{dsn, input, ip, mta};

fuzz_target!(|data: &[u8]| {
    let Some((&which, rest)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest);
    match which % 8 {
        0 => {
            if let Some(m) = Mail::parse(rest) {
                every_mail_parser(&m);
            }
        }
        1 => keep(dsn::parse(&text)),
        2 => keep(mta::maillog::parse(&text)),
        3 => keep(mta::transcript::parse(&text)),
        4 => {
            keep(input::detect(&text));
            keep(input::plain_paste(std::borrow::Cow::Borrowed(&*text)));
        }
        5 => {
            keep(mta::generic::parse_text(&text));
            keep(mta::generic::parse_reply_line(&text));
            keep(mta::generic::parse_smtplib(&text));
            keep(mta::generic::parse_json(&text));
            keep(mta::generic::parse_csv(&text));
            keep(mta::generic::parse_dotnet(&text));
            keep(mta::generic::parse_labelled(&text));
            keep(mta::generic::parse_app_log(&text));
            keep(mta::scan::parse_text(&text));
            keep(mta::scan::error_text(&text));
        }
        6 => {
            keep(ip::quoted(&text));
            keep(ip::received_in_text(&text));
        }
        _ => {
            keep(mail::parse_header_block(rest));
            keep(mail::normalize_newlines(&text));
            keep(mail::unfold(&text));
            every_mail_parser(&Mail::from_text(&text));
        }
    }
});

fn every_mail_parser(m: &Mail) {
    keep(mta::looks_like_bounce(m));
    keep(mta::amazonses::parse(m));
    keep(mta::arf::parse(m));
    keep(mta::exchange::parse(m));
    keep(mta::exim::parse(m));
    keep(mta::fml::parse(m));
    keep(mta::forward::unwrap(m));
    keep(mta::forward::embedded(m));
    keep(mta::gmail::parse(m));
    keep(mta::postfix::parse(m));
    keep(mta::qmail::parse(m));
    keep(mta::rfc3834::parse(m));
    keep(mta::scan::parse(m));
    keep(mta::sendmail::parse(m));
}

/// Use a result so the optimiser cannot skip the call.
fn keep<T>(value: T) {
    std::hint::black_box(value);
}
