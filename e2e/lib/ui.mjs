// Small helpers shared by the refunds and pricing scenarios: typing at a person's pace, React
// selects and checkboxes, rupiah as the window shows it, decoded print jobs and line checks.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { OUT } from './harness.mjs';
import { decode } from './printer.mjs';
import { sleep } from './webdriver.mjs';

export const byTestId = (id) => `[data-testid="${id}"]`;
/** As formatRupiah shows it: Rp 12.500 (negative with '-'). */
export const rupiah = (n) => `${n < 0 ? '-' : ''}Rp ${Math.abs(n).toLocaleString('de-DE')}`;
export const escapeRe = (t) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The text of an element when it is shown ('-' when not), for failure messages. */
export async function textOf(s, id) {
  const els = await s.findAll(byTestId(id)).catch(() => []);
  return els.length ? s.text(els[0]) : '-';
}

/**
 * Type into a field one key at a time (the checkout's scanner hook keeps keys closer than
 * 50 ms out of the focused field as a scan).
 */
export async function fill(s, id, value) {
  const el = await s.waitFor(byTestId(id));
  await s.cmd('POST', `/element/${el}/clear`, {});
  for (const ch of value) {
    await s.type(el, ch);
    await sleep(60);
  }
  return el;
}

/** Set a React-controlled input or select to `value` through the native setter + events. */
export async function setValue(s, id, value) {
  const ok = await s.execute(
    `const el = document.querySelector('[data-testid="' + arguments[0] + '"]');
     if (!el) return 'missing';
     const proto = el instanceof HTMLSelectElement ? HTMLSelectElement.prototype
       : el instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
     Object.getOwnPropertyDescriptor(proto, 'value').set.call(el, arguments[1]);
     el.dispatchEvent(new Event('input', { bubbles: true }));
     el.dispatchEvent(new Event('change', { bubbles: true }));
     return el.value;`,
    [id, String(value)],
  );
  assert.equal(ok, String(value), `${id} took the value ${value}`);
}

/** The value property of an input/select. */
export async function valueOf(s, id) {
  return s.execute(
    `const el = document.querySelector('[data-testid="' + arguments[0] + '"]'); return el ? el.value : null;`,
    [id],
  );
}

/** Make a checkbox checked (true) or not by clicking it when it differs. */
export async function setChecked(s, id, checked) {
  const el = await s.waitFor(byTestId(id));
  const now = await s.execute('return arguments[0].checked;', [
    { 'element-6066-11e4-a52e-4f735466cecf': el },
  ]);
  if (Boolean(now) !== checked) await s.click(el);
}

/**
 * Each `[label, value]` is printed as `label … value` on one line (or the label on one line and
 * the value right-aligned on the next), in this order; `[text]` is a line of its own.
 */
export function assertLines(lines, expected, text) {
  let from = 0;
  for (const [label, value] of expected) {
    const oneLine =
      value === undefined
        ? new RegExp(`^${escapeRe(label)}$`)
        : new RegExp(`^${escapeRe(label)} +${escapeRe(value)}$`);
    const at = lines.findIndex(
      (l, i) =>
        i >= from &&
        (oneLine.test(l.trim()) ||
          (value !== undefined && l.trim() === label && lines[i + 1]?.trim() === value)),
    );
    const what = `${label}${value === undefined ? '' : ` … ${value}`}`;
    assert.ok(at >= 0, `line "${what}" (after line ${from}) in:\n${text}`);
    from = at + (oneLine.test(lines[at].trim()) ? 1 : 2);
  }
}

let printed = 0;

/** Decode a print job's bytes once (cached on the job); the bytes are kept in OUT. */
export function decodeJob(cli, job, prefix, columns = 32) {
  if (job.text === undefined) {
    printed += 1;
    const file = path.join(OUT, `${prefix}-print-${printed}.bin`);
    writeFileSync(file, job.bytes);
    try {
      job.text = decode(cli, file, columns);
    } catch (e) {
      job.text = `(undecodable: ${e.message})`;
    }
  }
  return job.text;
}

/** Poll `fn` until it returns something truthy (or throw with `what`). */
export async function until(fn, what, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    last = await fn();
    if (last) return last;
    if (Date.now() > deadline) throw new Error(`timed out: ${what}`);
    await sleep(200);
  }
}

/**
 * Wait until some element matching `css` has a textContent containing `text` (WebDriver's
 * element text leaves out what is scrolled out of view); resolves to that textContent.
 */
export async function waitContent(s, css, text, timeoutMs = 10_000) {
  return until(
    () =>
      s.execute(
        `return [...document.querySelectorAll(arguments[0])].map((e) => e.textContent)
           .find((t) => t.includes(arguments[1])) ?? null;`,
        [css, text],
      ),
    `${css} with text ${text}`,
    timeoutMs,
  );
}

/**
 * Answer the app's next native file dialogs (`open()` of the dialog plugin) with `paths`, in
 * order; a dialog asked with no answer left gets null (cancelled). WebDriver cannot drive the
 * GTK file chooser, so only that one command is intercepted in the page, and every other command
 * still reaches Rust.
 *
 * Tauri defines `window.__TAURI_INTERNALS__.invoke` (and the object itself) non-writable, so the
 * hook sits one level lower: the IPC sends each command as a `fetch` to `ipc://localhost/<cmd>`,
 * and the wrapped `fetch` answers `plugin:dialog|open` itself, in the shape Rust replies with
 * (`Tauri-Response: ok`, JSON body). Resolves to how many answers are waiting.
 */
export async function answerFileDialogs(s, paths) {
  return s.execute(
    `const state = window.__kasirFileDialog || (() => {
       const st = { answers: [], asked: [] };
       const realFetch = window.fetch.bind(window);
       window.fetch = (input, init) => {
         const url = typeof input === 'string' ? input : input.url;
         if (decodeURIComponent(url).endsWith('plugin:dialog|open')) {
           st.asked.push(init && typeof init.body === 'string' ? init.body : '');
           const answer = st.answers.length > 0 ? st.answers.shift() : null;
           return Promise.resolve(new Response(JSON.stringify(answer), {
             status: 200,
             headers: { 'Content-Type': 'application/json', 'Tauri-Response': 'ok' },
           }));
         }
         return realFetch(input, init);
       };
       window.__kasirFileDialog = st;
       return st;
     })();
     state.answers.push(...arguments[0]);
     return state.answers.length;`,
    [paths],
  );
}

/** What the page asked the intercepted file dialogs (each request's JSON `{ options }`), in order. */
export async function fileDialogRequests(s) {
  const raw = await s.execute('return window.__kasirFileDialog ? window.__kasirFileDialog.asked : [];');
  return raw.map((body) => (body === '' ? null : JSON.parse(body)));
}

/**
 * A config dir whose `user-dirs.dirs` puts the Downloads folder at `downloads` (what
 * `xdg-user-dirs` writes; Tauri's `download_dir()` reads it from `$XDG_CONFIG_HOME`). Pass it
 * as the app's `XDG_CONFIG_HOME` to find the files the app saves "ke Unduhan".
 */
export function configWithDownloads(config, downloads) {
  mkdirSync(config, { recursive: true });
  mkdirSync(downloads, { recursive: true });
  writeFileSync(path.join(config, 'user-dirs.dirs'), `XDG_DOWNLOAD_DIR="${downloads}"\n`);
  return config;
}
