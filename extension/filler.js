// Rebound's in-page filler: applies a FillPlan computed in Rust (src/forms/) to the page.
//
// Injected with scripting.executeScript into the ISOLATED world; a classic script, DOM only,
// no wasm (Chromium forbids wasm in content scripts under the page's CSP — toolchain.md §3).
// It finds each field by its ordered locators, sets values through the native prototype
// setters (so React/Angular/Knockout see them, research/ecosystem.md §2.3), leaves read-only
// fields and values already present alone, NEVER submits, highlights what it filled and shows a
// summary in a shadow root. `globalThis.__reboundFiller.fill(plan, strings)` resolves to
// `{filled, total, fields: [{key, status, by}]}` where status is one of
// filled | kept | readonly | no_value | not_found | no_option.
(() => {
  'use strict';
  if (globalThis.__reboundFiller) return;

  const WAIT_MS = 15000; // late-rendered forms: give up on missing fields after this
  const DEBOUNCE_MS = 100;
  const HIGHLIGHT = '2px solid #1a7f37';
  const SKIP_TYPES = new Set(['hidden', 'submit', 'button', 'reset', 'image', 'file', 'checkbox', 'radio']);

  const norm = (s) => String(s ?? '').replace(/\s+/g, ' ').replace(/[\s*:：]+$/u, '').trim().toLowerCase();

  const fillable = (el) =>
    el instanceof HTMLSelectElement ||
    el instanceof HTMLTextAreaElement ||
    (el instanceof HTMLInputElement && !SKIP_TYPES.has(el.type));

  // Elements already given to a field (in the current fill) are not candidates for another one.
  let used = new WeakSet();
  const free = (el) => fillable(el) && !used.has(el);
  const controls = () => Array.from(document.querySelectorAll('input, textarea, select')).filter(free);

  // The text a user sees as an element's label: <label for>, an enclosing <label>, aria-labelledby.
  const labelTexts = (el) => {
    const out = [];
    if (el.labels) for (const l of el.labels) out.push(l.textContent);
    const ids = (el.getAttribute('aria-labelledby') || '').split(/\s+/).filter(Boolean);
    for (const id of ids) {
      const l = document.getElementById(id);
      if (l) out.push(l.textContent);
    }
    return out.map(norm).filter(Boolean);
  };

  // Exact text match first, then a label that starts with or contains the wanted text.
  const byText = (want, textsOf) => {
    const w = norm(want);
    if (!w) return null;
    const all = controls();
    for (const test of [(t) => t === w, (t) => t.startsWith(w), (t) => t.includes(w)]) {
      const hit = all.find((el) => textsOf(el).some(test));
      if (hit) return hit;
    }
    return null;
  };

  const locate = (loc) => {
    switch (loc.by) {
      case 'id': {
        const el = document.getElementById(loc.value);
        return el && free(el) ? el : null;
      }
      case 'name':
        return Array.from(document.getElementsByName(loc.value)).find(free) || null;
      case 'label':
        return byText(loc.value, labelTexts);
      case 'aria':
        return byText(loc.value, (el) => [norm(el.getAttribute('aria-label'))]);
      case 'placeholder':
        return byText(loc.value, (el) => [norm(el.getAttribute('placeholder'))]);
      default:
        return null;
    }
  };

  const find = (field) => {
    for (const loc of field.locators || []) {
      const el = locate(loc);
      if (el) return { el, by: loc.by };
    }
    return null;
  };

  const setter = (el) => {
    const proto =
      el instanceof HTMLSelectElement ? HTMLSelectElement.prototype
      : el instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype
      : HTMLInputElement.prototype;
    return Object.getOwnPropertyDescriptor(proto, 'value').set;
  };

  const fire = (el, type) => el.dispatchEvent(new Event(type, { bubbles: true }));

  // The option to pick: by value, then by visible text, for the plan's value and its options
  // (best first); then a visible text that contains a candidate.
  const pickOption = (select, field) => {
    const wanted = [field.value, ...(field.options || [])].filter((v) => v != null && v !== '');
    const opts = Array.from(select.options).filter((o) => !o.disabled);
    for (const w of wanted) {
      const hit = opts.find((o) => o.value === w) || opts.find((o) => norm(o.text) === norm(w));
      if (hit) return hit;
    }
    for (const w of wanted) {
      const n = norm(w);
      const hit = n && opts.find((o) => norm(o.text).includes(n));
      if (hit) return hit;
    }
    return null;
  };

  const highlight = (el) => {
    el.style.setProperty('outline', HIGHLIGHT, 'important');
    el.style.setProperty('outline-offset', '1px', 'important');
  };

  const apply = (el, field) => {
    if (el.readOnly || el.disabled) return 'readonly';
    if (el instanceof HTMLSelectElement) {
      if (!field.value && !(field.options || []).length) return 'no_value';
      const opt = pickOption(el, field);
      if (!opt) return 'no_option';
      if (el.value === opt.value) return 'filled';
      // A choice other than the one the page rendered with is the user's: leave it.
      const initial = Array.from(el.options).find((o) => o.defaultSelected) || el.options[0];
      if (el.value !== '' && el.selectedOptions[0] !== initial) return 'kept';
      if (field.keep_existing && el.value !== '') return 'kept';
      el.focus();
      setter(el).call(el, opt.value);
      fire(el, 'change');
      fire(el, 'input');
      el.blur();
      return 'filled';
    }
    if (field.value === '') return 'no_value'; // the plan has nothing for it (e.g. no profile yet)
    if (el.value === field.value) return 'filled'; // already right (e.g. a second run)
    // A value already there is the user's own (or a signed-in account's): never overwrite it.
    if (el.value.trim() !== '') return 'kept';
    el.focus();
    setter(el).call(el, field.value);
    fire(el, 'input');
    fire(el, 'change');
    el.blur();
    return 'filled';
  };

  const DEFAULT_STRINGS = {
    summary: '{filled} of {total} fields filled — check them, sign in / solve the captcha, then press Submit yourself.',
    notFilled: 'Not filled:',
    close: 'Close',
  };

  // The in-page summary: text nodes only, inside a shadow root (the page's CSS cannot reach
  // it), styled via CSSOM (no <style> element, so a strict page style-src cannot block it).
  const showSummary = (result, plan, strings) => {
    const s = { ...DEFAULT_STRINGS, ...(strings || {}) };
    document.getElementById('rebound-fill-summary')?.remove();
    const host = document.createElement('div');
    host.id = 'rebound-fill-summary';
    const root = host.attachShadow({ mode: 'open' });
    const box = document.createElement('div');
    Object.assign(box.style, {
      position: 'fixed', top: '12px', right: '12px', zIndex: '2147483647', maxWidth: '360px',
      background: '#fff', color: '#1f2328', border: '2px solid #1a7f37', borderRadius: '8px',
      padding: '12px 14px', font: '14px/1.4 system-ui, sans-serif', boxShadow: '0 4px 16px rgba(0,0,0,.2)',
    });
    const p = document.createElement('p');
    p.style.margin = '0';
    p.setAttribute('role', 'status');
    p.append(s.summary.replace('{filled}', String(result.filled)).replace('{total}', String(result.total)));
    box.append(p);
    const missed = result.fields.filter((f) => ['not_found', 'no_option', 'no_value'].includes(f.status));
    if (missed.length) {
      const labels = new Map(plan.fields.map((f) => [f.key, f.label || f.key]));
      const q = document.createElement('p');
      q.style.margin = '8px 0 0';
      q.append(`${s.notFilled} ${missed.map((f) => labels.get(f.key)).join(', ')}`);
      box.append(q);
    }
    const close = document.createElement('button');
    close.type = 'button';
    close.append(s.close);
    Object.assign(close.style, { marginTop: '8px', font: 'inherit', cursor: 'pointer' });
    close.addEventListener('click', () => host.remove());
    box.append(close);
    root.append(box);
    (document.body || document.documentElement).append(host);
  };

  const fill = (plan, strings) =>
    new Promise((resolve) => {
      used = new WeakSet();
      const fields = plan.fields || [];
      const status = new Map();
      const tryAll = () => {
        for (const f of fields) {
          if (status.has(f.key)) continue;
          const hit = find(f);
          if (!hit) continue;
          used.add(hit.el);
          const st = apply(hit.el, f);
          if (st === 'filled') highlight(hit.el);
          status.set(f.key, { key: f.key, status: st, by: hit.by });
        }
        return status.size === fields.length;
      };
      let done = false;
      const finish = () => {
        if (done) return;
        done = true;
        observer?.disconnect();
        clearTimeout(timer);
        clearTimeout(debounce);
        const out = fields.map((f) => status.get(f.key) || { key: f.key, status: 'not_found', by: null });
        const filled = out.filter((f) => f.status === 'filled').length;
        const result = { form: plan.form, filled, total: fields.length, fields: out };
        try {
          showSummary(result, plan, strings);
        } catch (_) {
          // The summary is a courtesy; the result still goes back to the extension.
        }
        resolve(result);
      };
      let observer = null;
      let debounce = 0;
      let timer = 0;
      if (tryAll()) return finish();
      observer = new MutationObserver(() => {
        clearTimeout(debounce);
        debounce = setTimeout(() => tryAll() && finish(), DEBOUNCE_MS);
      });
      observer.observe(document.documentElement, { childList: true, subtree: true, attributes: true });
      timer = setTimeout(() => {
        tryAll();
        finish();
      }, WAIT_MS);
    });

  globalThis.__reboundFiller = { fill };
})();
