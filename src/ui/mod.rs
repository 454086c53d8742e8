//! The renderer shared by the extension popup and the offline page (`www/`).
//!
//! One Rust UI, two shells. A shell (popup.js, www.js) loads the wasm, builds a small `host`
//! object that adapts the UI to its environment, and calls
//!
//! ```js
//! import init, { mount } from './pkg/rebound.js';
//! await init();
//! mount(document.getElementById('app'), host);
//! ```
//!
//! Everything the user sees is built here with web-sys from the [`Report`](crate::Report);
//! the shells hold no logic. What can be tested without a browser — the strings, the profile
//! and how it is merged into a fill plan, the Markdown/plain-text export, the labels of the
//! remedy buttons — is plain Rust in the submodules below and runs under `cargo test`.
//!
//! # The host contract (stable; additive changes only)
//!
//! The renderer feature-detects every member with `Reflect` and hides what is absent. Methods
//! marked *async* may return a value or a Promise.
//!
//! | member | type | when present |
//! |---|---|---|
//! | `mode` | `"popup"` or `"www"` | always; `"www"` adds Copy as Markdown / Copy as plain text / Download JSON |
//! | `t(key)` | `string` | localized UI string for a key of [`strings::STRINGS`]; a missing method or an empty/undefined answer falls back to the English in that table |
//! | `openRemedy(remedy)` | any | called when a remedy button is pressed, with the Report's remedy object (`kind`, `summary`, `url`, `mailto`, `fill_plan`) whose `fill_plan` already has the profile merged in. Open `mailto` first when `kind` is `delist_email`, else `url` first ([`text::remedy_href`]). Absent: the button is a plain link to that (`http(s)`/`mailto` only, `target=_blank rel=noopener`) |
//! | `activeTabForm()` | async `string \| null` | the form id (`FillPlan.form`, e.g. `"outlook_sender_support"`) the active tab can take; when non-null and a remedy has that plan, a "Fill this page" button appears |
//! | `fillActiveTab(fill_plan)` | async `{filled, total, fields: [{key, status}]}` | pressed "Fill this page"; the result is shown per field (`status` is shown as given, e.g. `filled`, `not_found`, `kept`) |
//! | `loadProfile()` / `saveProfile(obj)` | async object / async any | both present: the profile section is shown. The object is [`profile::Profile`] (`contact_name`, `contact_email`, `self_description`, `timezone` (Windows id), `website_url`, `server_type`); unknown members are kept |
//! | `loadBounce()` / `saveBounce(text)` | async `string \| null` / async any | restore the last paste on open; save each new paste (the extension keeps it in `storage.session`) |
//!
//! Profile → fill plan: a field of `fill_plan.fields` whose `key` is one of the profile's member
//! names (`contact_name`, `contact_email`, `self_description`, `timezone`, `website_url`,
//! `server_type`) gets the profile's value when that is non-empty ([`profile::merge`]). The
//! forms module should therefore emit those fields (with an empty or guessed value) for every
//! form that has them.
//!
//! After each decode the root element carries `data-decoded` (input bytes) and
//! `data-decode-ms` (decode time), which the E2E tests read.
//!
//! # Strings and `_locales`
//!
//! Every UI string has a key and its canonical English in [`strings::STRINGS`] (one table).
//! The extension's `_locales/en/messages.json` is generated from it by
//! [`strings::messages_json`] (native, unit-tested). The wasm exports the same function as
//! `messages_json()`, and `xtask::wasm::build()` — whose Node check loads the fresh wasm anyway —
//! writes its output to `target/pkg/messages.en.json` (path: `xtask::wasm::messages_json()`),
//! so xtask needs no dependency on this crate. The extension build copies that file to
//! `_locales/en/messages.json`, adding the extension's own keys (manifest name, filler); never
//! edit the renderer's keys by hand there. The www shell has no `t()`: the English table is used.
//!
//! # Styles
//!
//! `src/ui/rebound.css` styles everything the renderer builds (classes `rb-*`, light and dark
//! via `prefers-color-scheme`, visible `:focus-visible` outlines). The offline page links it;
//! a shell only adds its own layout around the root element.
//!
//! # Safety of hostile input
//!
//! A bounce is attacker-controlled text. The renderer only ever creates text nodes for it (no
//! `innerHTML`), and only sets `href` to URLs that Rust built and that start with `https://`,
//! `http://` or `mailto:` ([`safe_href`]).

pub mod profile;
pub mod strings;
pub mod text;

#[cfg(target_arch = "wasm32")]
mod app;
#[cfg(target_arch = "wasm32")]
mod dom;

#[cfg(target_arch = "wasm32")]
pub use app::mount;

/// `url` when it is safe to put in an `href`: `https://`, `http://` or `mailto:` and nothing
/// that could be a script or break out of the attribute.
pub fn safe_href(url: &str) -> Option<&str> {
    let lower = url.trim_start().to_ascii_lowercase();
    let ok_scheme = ["https://", "http://", "mailto:"]
        .iter()
        .any(|s| lower.starts_with(s));
    let clean = !url
        .chars()
        .any(|c| c.is_control() || c.is_whitespace() || c == '"' || c == '<' || c == '>');
    (ok_scheme && clean).then_some(url)
}

#[cfg(test)]
mod tests {
    use super::safe_href;

    #[test]
    fn only_web_and_mail_links() {
        assert_eq!(
            safe_href("https://sender.office.com/"),
            Some("https://sender.office.com/")
        );
        assert_eq!(
            safe_href("mailto:delist@microsoft.com"),
            Some("mailto:delist@microsoft.com")
        );
        assert_eq!(safe_href("javascript:alert(1)"), None);
        assert_eq!(safe_href("JAVASCRIPT:alert(1)"), None);
        assert_eq!(safe_href(" javascript:alert(1)"), None);
        assert_eq!(safe_href("data:text/html,<script>"), None);
        assert_eq!(safe_href("https://x.test/\"onmouseover=\"x"), None);
        assert_eq!(safe_href("https://x.test/a b"), None);
    }
}
