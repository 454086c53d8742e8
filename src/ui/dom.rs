//! Small web-sys helpers. Text goes in through text nodes only; attributes are set with
//! `setAttribute` (no HTML is ever parsed), and `href` only through [`link`].

use js_sys::{Function, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element};

pub fn document() -> Document {
    web_sys::window()
        .and_then(|w| w.document())
        .expect_throw("rebound: no document")
}

/// A new element with an optional class.
pub fn el(doc: &Document, tag: &str, class: &str) -> Element {
    let e = doc
        .create_element(tag)
        .expect_throw("rebound: create_element");
    if !class.is_empty() {
        e.set_class_name(class);
    }
    e
}

/// Append `child` to `parent` and return the child.
pub fn add(parent: &Element, child: Element) -> Element {
    let _ = parent.append_child(&child);
    child
}

/// Append a new element holding `text` (as a text node).
pub fn add_text(parent: &Element, tag: &str, class: &str, text: &str) -> Element {
    let doc = document();
    let e = el(&doc, tag, class);
    e.append_child(&doc.create_text_node(text))
        .expect_throw("rebound: text");
    add(parent, e)
}

/// Append a bare text node.
pub fn text(parent: &Element, text: &str) {
    let _ = parent.append_child(&document().create_text_node(text));
}

pub fn attr(e: &Element, name: &str, value: &str) {
    let _ = e.set_attribute(name, value);
}

/// Remove every child.
pub fn clear(e: &Element) {
    while let Some(c) = e.first_child() {
        let _ = e.remove_child(&c);
    }
}

/// An `<a>` to a URL that passed [`super::safe_href`]; plain text when it does not.
pub fn link(parent: &Element, url: &str, label: &str, class: &str) -> Element {
    match super::safe_href(url) {
        Some(href) => {
            let a = add_text(parent, "a", class, label);
            attr(&a, "href", href);
            attr(&a, "target", "_blank");
            attr(&a, "rel", "noopener noreferrer");
            a
        }
        None => add_text(parent, "span", class, label),
    }
}

/// A member of a JS object, if it is a function.
pub fn method(obj: &JsValue, name: &str) -> Option<Function> {
    if !obj.is_object() {
        return None;
    }
    Reflect::get(obj, &JsValue::from_str(name))
        .ok()?
        .dyn_into::<Function>()
        .ok()
}

/// A string member of a JS object.
pub fn string_member(obj: &JsValue, name: &str) -> Option<String> {
    if !obj.is_object() {
        return None;
    }
    Reflect::get(obj, &JsValue::from_str(name))
        .ok()?
        .as_string()
}

/// Run `ok` with what `value` resolves to (a value or a Promise), `err` when it rejects.
pub fn then(
    value: JsValue,
    ok: impl FnOnce(JsValue) + 'static,
    err: impl FnOnce(JsValue) + 'static,
) {
    let promise = js_sys::Promise::resolve(&value);
    let ok = Closure::once_into_js(ok);
    let err = Closure::once_into_js(err);
    if let Some(f) = method(&promise, "then") {
        let _ = f.call2(&promise, &ok, &err);
    }
}

/// Log to the console (a host method failed; the UI goes on).
pub fn warn(what: &str, e: &JsValue) {
    web_sys::console::warn_2(&JsValue::from_str(&format!("rebound: {what}")), e);
}
