//! The offline page (`www/`, issue #4), two outputs:
//!
//! - `dist/www/` — the page as several files for hosting; `sw.js` caches them on the first
//!   visit so the page works offline afterwards (its `VERSION` becomes a hash of the files).
//! - `dist/rebound.html` — one file that works opened from disk (`file://`), where neither
//!   module scripts nor `fetch` of the `.wasm` are allowed: the CSS is inlined, the wasm-bindgen
//!   glue and `www.js` become one inline module script, and the wasm bytes are passed to `init`
//!   from base64. Its CSP allows exactly those inline parts by their SHA-256 hashes (computed
//!   here) plus `'wasm-unsafe-eval'`, and nothing from the network.

use std::fs;
use std::path::{Path, PathBuf};

use crate::util::{root, Result};

/// Build both outputs from the wasm package; returns `[dist/www, dist/rebound.html]`.
pub fn build(pkg: &Path) -> Result<Vec<PathBuf>> {
    let root = root();
    let src = root.join("www");
    let read = |p: &Path| fs::read(p).map_err(|e| format!("{}: {e}", p.display()));
    let text = |p: &Path| fs::read_to_string(p).map_err(|e| format!("{}: {e}", p.display()));
    let index = text(&src.join("index.html"))?;
    let www_js = text(&src.join("www.js"))?;
    let page_css = text(&src.join("page.css"))?;
    let sw = text(&src.join("sw.js"))?;
    let rebound_css = text(&root.join("src/ui/rebound.css"))?;
    let glue = text(&pkg.join("rebound.js"))?;
    let wasm = read(&pkg.join("rebound_bg.wasm"))?;

    // dist/www/
    let dist = root.join("dist");
    let out = dist.join("www");
    let _ = fs::remove_dir_all(&out);
    fs::create_dir_all(out.join("pkg")).map_err(|e| format!("{}: {e}", out.display()))?;
    let files: Vec<(&str, &[u8])> = vec![
        ("index.html", index.as_bytes()),
        ("www.js", www_js.as_bytes()),
        ("page.css", page_css.as_bytes()),
        ("rebound.css", rebound_css.as_bytes()),
        ("pkg/rebound.js", glue.as_bytes()),
        ("pkg/rebound_bg.wasm", &wasm),
    ];
    let mut all = Vec::new();
    for (name, bytes) in &files {
        all.extend_from_slice(name.as_bytes());
        all.extend_from_slice(bytes);
    }
    let version = hex(&sha256(&all)[..8]);
    let sw = replace_once(
        &sw,
        "const VERSION = 'dev';",
        &format!("const VERSION = '{version}';"),
    )?;
    for (name, bytes) in files.iter().copied().chain([("sw.js", sw.as_bytes())]) {
        let p = out.join(name);
        fs::write(&p, bytes).map_err(|e| format!("{}: {e}", p.display()))?;
    }

    // dist/rebound.html
    let single = single_file(
        &index,
        &www_js,
        &format!("{rebound_css}\n{page_css}"),
        &glue,
        &wasm,
    )?;
    let html = dist.join("rebound.html");
    fs::write(&html, &single).map_err(|e| format!("{}: {e}", html.display()))?;
    eprintln!(
        "www: {} (version {version}), {} ({} B)",
        out.display(),
        html.display(),
        single.len()
    );
    Ok(vec![out, html])
}

/// The page's E2E (`tests/e2e/www.mjs`) in headless Chromium and Firefox; needs [`build`].
pub fn test() -> Result {
    crate::util::run(
        std::process::Command::new("node")
            .arg("tests/e2e/www.mjs")
            .current_dir(root()),
    )
}

/// The page as one HTML file with everything inline.
fn single_file(index: &str, www_js: &str, css: &str, glue: &str, wasm: &[u8]) -> Result<String> {
    let script = {
        let host = replace_once(
            www_js,
            "import init, { mount } from './pkg/rebound.js';",
            "const init = __wbg_init; // the glue above defines it and `mount`",
        )?;
        let bytes = format!(
            "const WASM = Uint8Array.from(atob('{}'), (c) => c.charCodeAt(0));",
            base64(wasm)
        );
        let host = replace_once(&host, "const WASM = undefined;", &bytes)?;
        format!("\n{glue}\n{host}\n")
    };
    if script.contains("</script") {
        return Err("www: the inline script would contain </script".into());
    }
    let style = format!("\n{css}\n");
    let csp = format!(
        "default-src 'none'; script-src 'sha256-{}' 'wasm-unsafe-eval'; style-src 'sha256-{}'; \
         img-src data:; base-uri 'none'; form-action 'none'",
        base64(&sha256(script.as_bytes())),
        base64(&sha256(style.as_bytes()))
    );
    let html = between(
        index,
        "<!--rb:style-->",
        "<!--/rb:style-->",
        &format!("<style>{style}</style>"),
    )?;
    let html = between(
        &html,
        "<!--rb:script-->",
        "<!--/rb:script-->",
        &format!("<script type=\"module\">{script}</script>"),
    )?;
    between(
        &html,
        "<meta http-equiv=\"Content-Security-Policy\" content=\"",
        "\">",
        &format!("<meta http-equiv=\"Content-Security-Policy\" content=\"{csp}\">"),
    )
}

/// Replace the first `from` (which must exist).
fn replace_once(s: &str, from: &str, to: &str) -> Result<String> {
    if !s.contains(from) {
        return Err(format!("www: expected `{from}` in the page source"));
    }
    Ok(s.replacen(from, to, 1))
}

/// Replace everything from `start` to the first `end` after it (both included) by `with`.
fn between(s: &str, start: &str, end: &str, with: &str) -> Result<String> {
    let a = s
        .find(start)
        .ok_or_else(|| format!("www: `{start}` missing in www/index.html"))?;
    let b = s[a..]
        .find(end)
        .ok_or_else(|| format!("www: `{end}` missing in www/index.html"))?
        + a;
    Ok(format!("{}{with}{}", &s[..a], &s[b + end.len()..]))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Standard base64 with padding (RFC 4648 §4).
fn base64(data: &[u8]) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(data.len().div_ceil(3) * 4);
    for chunk in data.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | (u32::from(*b) << (16 - 8 * i)));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(A[(n >> (18 - 6 * i)) as usize & 63] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// SHA-256 (FIPS 180-4), for the CSP hashes; xtask has no crypto dependency.
fn sha256(data: &[u8]) -> [u8; 32] {
    const K: [u32; 64] = [
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4,
        0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe,
        0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f,
        0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
        0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc,
        0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
        0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116,
        0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
        0xc67178f2,
    ];
    let mut h: [u32; 8] = [
        0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab,
        0x5be0cd19,
    ];
    let mut msg = data.to_vec();
    msg.push(0x80);
    while msg.len() % 64 != 56 {
        msg.push(0);
    }
    msg.extend_from_slice(&((data.len() as u64) * 8).to_be_bytes());
    for block in msg.chunks(64) {
        let mut w = [0u32; 64];
        for (i, word) in block.chunks(4).enumerate() {
            w[i] = u32::from_be_bytes([word[0], word[1], word[2], word[3]]);
        }
        for i in 16..64 {
            let s0 = w[i - 15].rotate_right(7) ^ w[i - 15].rotate_right(18) ^ (w[i - 15] >> 3);
            let s1 = w[i - 2].rotate_right(17) ^ w[i - 2].rotate_right(19) ^ (w[i - 2] >> 10);
            w[i] = w[i - 16]
                .wrapping_add(s0)
                .wrapping_add(w[i - 7])
                .wrapping_add(s1);
        }
        let mut v = h;
        for i in 0..64 {
            let s1 = v[4].rotate_right(6) ^ v[4].rotate_right(11) ^ v[4].rotate_right(25);
            let ch = (v[4] & v[5]) ^ (!v[4] & v[6]);
            let t1 = v[7]
                .wrapping_add(s1)
                .wrapping_add(ch)
                .wrapping_add(K[i])
                .wrapping_add(w[i]);
            let s0 = v[0].rotate_right(2) ^ v[0].rotate_right(13) ^ v[0].rotate_right(22);
            let maj = (v[0] & v[1]) ^ (v[0] & v[2]) ^ (v[1] & v[2]);
            let t2 = s0.wrapping_add(maj);
            v = [
                t1.wrapping_add(t2),
                v[0],
                v[1],
                v[2],
                v[3].wrapping_add(t1),
                v[4],
                v[5],
                v[6],
            ];
        }
        for (a, b) in h.iter_mut().zip(v) {
            *a = a.wrapping_add(b);
        }
    }
    let mut out = [0u8; 32];
    for (i, word) in h.iter().enumerate() {
        out[i * 4..i * 4 + 4].copy_from_slice(&word.to_be_bytes());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sha256_and_base64_match_known_answers() {
        assert_eq!(
            hex(&sha256(b"abc")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(
            base64(&sha256(b"")),
            "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="
        );
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        let long = vec![b'a'; 1000];
        assert_eq!(
            hex(&sha256(&long)),
            "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3"
        );
    }
}
