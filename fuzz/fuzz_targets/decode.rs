//! The whole pipeline on arbitrary bytes: `rebound::decode` must never panic, and the Report
//! must always serialise (the CLI and the wasm boundary both print it).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let report = rebound::decode(data);
    assert_eq!(report.schema_version, rebound::report::SCHEMA_VERSION);
    serde_json::to_vec(&report).expect("a Report always serialises");
});
