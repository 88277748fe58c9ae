// Small helpers shared by the refunds and pricing scenarios: typing at a person's pace, React
// selects and checkboxes, rupiah as the window shows it, decoded print jobs and line checks.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
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
