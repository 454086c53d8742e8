// Driving the popup (the Rust renderer mounted by extension/popup.js) like a user: paste, read
// the offered remedies, press buttons, fill the profile section.
import { waitIn } from './ext-browsers.mjs';

export const popupReady = (page) =>
  waitIn(page, () => document.documentElement.dataset.ready === 'true' && !!document.getElementById('rb-bounce'), null, { what: 'the popup to mount' });

// Paste text into the bounce area (the renderer decodes on `input`, debounced).
export async function paste(page, text) {
  // A textarea turns CRLF into LF: what gets decoded is its value, so count that.
  const bytes = await page.evaluate((t) => {
    const ta = document.getElementById('rb-bounce');
    ta.value = t;
    ta.dispatchEvent(new Event('input', { bubbles: true }));
    return new TextEncoder().encode(ta.value).length;
  }, text);
  return waitIn(page, (n) => document.querySelector('.rebound')?.dataset.decoded === String(n), bytes, { what: 'the decode' });
}

// The labels of the remedy buttons, primary first.
export const remedyButtons = (page) =>
  page.evaluate(() => Array.from(document.querySelectorAll('#rb-result button[data-action="remedy"]')).map((b) => b.textContent.trim()));

export const pressRemedy = (page, startsWith) =>
  page.evaluate((s) => {
    const b = Array.from(document.querySelectorAll('#rb-result button[data-action="remedy"]')).find((x) => x.textContent.trim().startsWith(s));
    if (!b) return false;
    b.click();
    return true;
  }, startsWith);

// Set the profile through the popup's own profile section (change events, as a user would).
export async function setProfile(page, profile) {
  await waitIn(page, () => !!document.getElementById('rb-p-contact_name'), null, { what: 'the profile section' });
  for (const [key, value] of Object.entries(profile)) {
    await page.evaluate((k, v) => {
      const el = document.getElementById(`rb-p-${k}`);
      el.value = v;
      el.dispatchEvent(new Event('input', { bubbles: true }));
      el.dispatchEvent(new Event('change', { bubbles: true }));
    }, key, value);
  }
}

// The Report for `text` from the popup's own wasm (the plan the buttons carry, before the
// profile is merged in).
export const reportInPopup = (page, text) =>
  page.evaluate(async (t) => {
    const m = await import('./pkg/rebound.js');
    return m.decode(t);
  }, text);

// Reload the popup (Firefox never resolves navigations of moz-extension pages: don't wait on it).
export async function reloadPopup(page) {
  await page.evaluate(() => {
    window.__reboundOld = true;
    setTimeout(() => location.reload(), 0);
  });
  await waitIn(page, () => !window.__reboundOld && document.documentElement.dataset.ready === 'true', null, { what: 'the popup to reload' });
}
