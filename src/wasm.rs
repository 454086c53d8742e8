//! The wasm bindings: data conversion only. `decode` returns exactly what
//! `rebound decode --json` prints (the [`Report`](crate::Report)), as a plain JS object.
//!
//! The wasm is built with `panic = "abort"`, so `catch_unwind` cannot stop a panic at this
//! boundary: the core is written not to panic (fuzzed, and `tests/web.rs` feeds it odd input),
//! and [`start`] installs a hook that at least logs a panic's message to the console.

use serde::Serialize;
use wasm_bindgen::prelude::*;

/// Runs when the module is instantiated.
#[wasm_bindgen(start)]
pub fn start() {
    std::panic::set_hook(Box::new(|info| {
        web_sys::console::error_1(&JsValue::from_str(&format!("rebound: bug: {info}")));
    }));
}

/// Decode pasted text (any kind of bounce input).
#[wasm_bindgen]
pub fn decode(text: &str) -> JsValue {
    to_js(&crate::decode_str(text))
}

/// Decode raw bytes (a dropped `.eml`, in whatever charset it was written).
#[wasm_bindgen]
pub fn decode_bytes(bytes: &[u8]) -> JsValue {
    to_js(&crate::decode(bytes))
}

/// The English UI strings as `_locales/en/messages.json` (see [`crate::ui::strings`]); the
/// same text as the native `strings::messages_json`, built with `JSON.stringify` so the wasm
/// carries no JSON serializer (about 15 KB).
#[wasm_bindgen]
pub fn messages_json() -> String {
    let all = js_sys::Object::new();
    for (key, message) in crate::ui::strings::STRINGS {
        let entry = js_sys::Object::new();
        let _ = js_sys::Reflect::set(
            &entry,
            &"message".into(),
            &message.replace('$', "$$").into(),
        );
        let _ = js_sys::Reflect::set(&all, &(*key).into(), &entry);
    }
    pretty_json(&all) + "\n"
}

/// `JSON.stringify(value, null, 2)`.
pub(crate) fn pretty_json(value: &JsValue) -> String {
    js_sys::JSON::stringify_with_replacer_and_space(value, &JsValue::NULL, &JsValue::from(2))
        .ok()
        .and_then(|s| s.as_string())
        .unwrap_or_default()
}

/// The crate version, for an "about" line.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

/// Serialise like `serde_json` does: maps as plain objects, `None` as `null`, integers as
/// numbers.
pub(crate) fn to_js<T: Serialize>(value: &T) -> JsValue {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .unwrap_or(JsValue::NULL)
}
