//! Every parser entry point on its own, so a panic is pinned to the parser that raised it
//! rather than hidden behind `input::detect` choosing another path. The first byte picks the
//! parser; the rest is its input.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rebound::{dsn, input, mail, mta};

fuzz_target!(|data: &[u8]| {
    let Some((&which, rest)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest);
    match which % 8 {
        0 => drop(mail::Mail::parse(rest)),
        1 => drop(dsn::parse(&text)),
        2 => drop(mta::maillog::parse(&text)),
        3 => drop(mta::transcript::parse(&text)),
        4 => drop(input::detect(&text)),
        5 => drop(mta::postfix::parse(&text)),
        6 => drop(mta::generic::parse_text(&text)),
        _ => {
            drop(mail::parse_header_block(rest));
            drop(mail::normalize_newlines(&text));
            drop(mail::unfold(&text));
        }
    }
});
