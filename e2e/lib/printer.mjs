// A fake network (TCP 9100-style) receipt printer for end-to-end tests, the settings rows that
// point the app at it, and `kasir-cli decode` (the strict ESC/POS decoder) to read what it got.
import { execFileSync } from 'node:child_process';
import net from 'node:net';
import { sql } from './harness.mjs';

/**
 * A fake network printer: records every connection's bytes and when the last byte came.
 * `next(ms)`: the first finished job; `waitJob(pred, ms)`: the first finished job whose bytes
 * satisfy `pred` (e.g. the close report among receipts and cash slips).
 */
export function startPrinter() {
  const jobs = [];
  let waiting = [];
  const server = net.createServer((sock) => {
    const job = { chunks: [], lastByteAt: 0, done: false };
    jobs.push(job);
    sock.on('data', (c) => {
      job.chunks.push(c);
      job.lastByteAt = Date.now();
    });
    sock.on('end', () => {
      job.done = true;
      job.bytes = Buffer.concat(job.chunks);
      sock.end();
      for (const w of waiting) w();
      waiting = [];
    });
    sock.on('error', () => undefined);
  });
  const waitJob = async (pred, timeoutMs, what = 'a matching print job') => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const job = jobs.find((j) => j.done && pred(j));
      if (job) return job;
      if (Date.now() > deadline) {
        throw new Error(`${what} never reached the printer (${jobs.length} jobs came)`);
      }
      await new Promise((r) => {
        waiting.push(r);
        setTimeout(r, 50);
      });
    }
  };
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      resolve({
        port: server.address().port,
        jobs,
        next: (timeoutMs) => waitJob(() => true, timeoutMs, 'a receipt'),
        waitJob,
        close: () => server.close(),
      });
    });
  });
}

/** Point the running app at the fake printer (the print worker reads settings for every job). */
export function setPrinterRows(db, port, extra = []) {
  const rows = [
    ['printer.connection', 'network'],
    ['printer.host', '127.0.0.1'],
    ['printer.port', String(port)],
    ['printer.paper', '58'],
    ['printer.auto_print', '1'],
    ...extra,
  ];
  const values = rows.map(([k, v]) => `('${k}', '${v}')`).join(', ');
  sql(
    db,
    `INSERT INTO settings (key, value) VALUES ${values}
     ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
  );
}

/** The printed text of an ESC/POS file laid out on `columns` (32 = 58 mm, 48 = 80 mm). */
export function decode(cli, file, columns) {
  return execFileSync(cli, ['decode', file, '--columns', String(columns)], { encoding: 'utf8' });
}
