// Issue 8: sub-centre tokens are secrets and never appear in any log. A sub-centre server and a headless
// console run as real processes — one link with the right token, one refused with a wrong token, an
// ingestion call with a wrong bearer token — and everything both printed is searched for every token.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { exited, freePort, spawnCli, waitFor } from '../../../faults/lib.ts';

test('no token (console, ingestion, wrong ones included) appears in the output of a sub-centre or a console', { timeout: 90_000 }, async (t) => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sb-tokens-'));
  const token = `tok-right-${randomBytes(8).toString('hex')}`;
  const wrong = `tok-wrong-${randomBytes(8).toString('hex')}`;
  const ingest = `tok-ingest-${randomBytes(8).toString('hex')}`;
  const badIngest = `tok-badingest-${randomBytes(8).toString('hex')}`;
  let serverOut = '';
  let consoleOut = '';
  const port = await freePort();
  const server = spawnCli(['subcentre', '--street', '370102012', '--port', String(port), '--data-dir', path.join(dir, 'sub'), '--token', token, '--ingest-token', ingest, '--scenario', 'on', '--speed', '60', '--status-interval', '1'], (s) => (serverOut += s));
  t.after(async () => {
    server.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });
  await waitFor('the sub-centre to listen', () => serverOut.includes('listening on'), 60_000);
  const config = path.join(dir, 'console.json');
  writeFileSync(config, JSON.stringify({ consoleId: 'tokens', subcentres: [
    { id: '370102012', name: '龙洞街道', url: `http://127.0.0.1:${port}`, token },
    // The same server under another street code and a wrong token: refused, and the refusal is logged.
    { id: '370102001', name: '解放路街道', url: `http://127.0.0.1:${port}`, token: wrong },
  ] }));
  const headless = spawnCli(['headless', '--config', config, '--data-dir', path.join(dir, 'console')], (s) => (consoleOut += s));
  await waitFor('the good link to connect and the bad one to be refused', () => /370102012 \S+ connected/.test(consoleOut) && /unauthorized/.test(consoleOut), 60_000);
  const res = await fetch(`http://127.0.0.1:${port}/ingest/incidents`, { method: 'POST', body: '[]', headers: { authorization: `Bearer ${badIngest}` } });
  assert.equal(res.status, 401);
  headless.kill('SIGTERM');
  await exited(headless);
  server.kill('SIGTERM');
  await exited(server);
  const all = serverOut + consoleOut;
  assert.match(all, /unauthorized/, 'the refusal itself is logged');
  for (const secret of [token, wrong, ingest, badIngest]) assert.ok(!all.includes(secret), `a token appears in the logs: ${secret.slice(0, 10)}…`);
});
