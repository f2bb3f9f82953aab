import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkCommand, checkEnvelope } from '../../../src-shared/sfp/validate.ts';
import { parseConsoleConfig, ConfigError } from '../../../src-main/config.ts';

const incident = {
  incidentId: '370102012-20261123-0042',
  rev: 3,
  category: { major: '街面秩序', minor: '占道经营', name: '占道经营' },
  title: '龙洞路占道经营',
  source: 'grid-worker',
  severity: 'yellow',
  level: 'grid',
  status: 'reported',
  location: { lon: 117.1, lat: 36.65, gridId: 'g1' },
  reportedAt: '2026-11-23T08:01:02.123+08:00',
  updatedAt: '2026-11-23T08:01:02.123+08:00',
  history: [],
};
const envelope = { seq: 7, id: '0b6f3c1e-1', type: 'incident.upsert', at: '2026-11-23T08:01:02.123+08:00', body: incident };

test('accepts a valid incident envelope and keeps fields it does not know', () => {
  const r = checkEnvelope({ ...envelope, body: { ...incident, vendorField: 42 }, extra: true });
  assert.equal(r.ok, true);
  if (r.ok) {
    assert.equal(r.value.type, 'incident.upsert');
    assert.equal((r.value.body as Record<string, unknown>).vendorField, 42);
  }
});

test('rejects an unknown type with a reason that names it', () => {
  const r = checkEnvelope({ ...envelope, type: 'incident.explode' });
  assert.deepEqual(r, { ok: false, reason: 'unknown type "incident.explode"' });
});

test('rejects a body that breaks the schema, naming the field', () => {
  const r = checkEnvelope({ ...envelope, body: { ...incident, severity: 'purple' } });
  assert.equal(r.ok, false);
  if (!r.ok) assert.match(r.reason, /severity/);
});

test('rejects times without an explicit offset', () => {
  const r = checkEnvelope({ ...envelope, at: '2026-11-23T08:01:02' });
  assert.equal(r.ok, false);
  if (!r.ok) assert.match(r.reason, /^bad envelope: at:/);
});

test('rejects negative, fractional and NaN seqs', () => {
  for (const seq of [-1, 0, 1.5, Number.NaN, '7']) assert.equal(checkEnvelope({ ...envelope, seq }).ok, false, String(seq));
});

test('rejects an envelope over 256 KiB', () => {
  const r = checkEnvelope({ ...envelope, body: { ...incident, description: 'x'.repeat(300 * 1024) } });
  assert.deepEqual(r, { ok: false, reason: 'envelope exceeds 262144 bytes' });
});

test('a __proto__ key in a body does not pollute prototypes', () => {
  const raw = JSON.parse(`{"seq":1,"id":"a","type":"entity.delete","at":"2026-11-23T08:00:00Z","body":{"kind":"grid","id":"g","__proto__":{"polluted":true}}}`);
  const r = checkEnvelope(raw);
  assert.equal(r.ok, true);
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
});

test('never throws on arbitrary input', () => {
  for (const raw of [null, undefined, 42, 'x', [], { seq: {} }, { body: { toJSON: 1 } }]) {
    assert.equal(checkEnvelope(raw).ok, false);
  }
});

test('checks commands: type, target and args', () => {
  const base = { commandId: 'c1', issuedAt: '2026-11-23T08:05:00.000+08:00', operator: { id: 'op-017', name: '张伟', role: 'duty-officer' } };
  assert.equal(checkCommand({ ...base, type: 'incident.dispatch', target: { incidentId: 'i', rev: 3 }, args: { department: '城管' } }).ok, true);
  const bad = checkCommand({ ...base, type: 'incident.rate', target: { incidentId: 'i', rev: 3 }, args: { severity: 'blue' } });
  assert.equal(bad.ok, false);
  if (!bad.ok) assert.match(bad.reason, /^args: severity/);
  assert.equal(checkCommand({ ...base, type: 'incident.teleport', target: {}, args: {} }).ok, false);
});

test('config errors name the field and the problem', () => {
  assert.throws(
    () => parseConsoleConfig({ subcentres: [{ id: '370102012', url: 'ftp://x', token: '' }] }),
    (err: unknown) => err instanceof ConfigError && /subcentres\[0\]\.url: must be an http/.test(err.message) && /subcentres\[0\]\.token: must not be empty/.test(err.message),
  );
  assert.throws(() => parseConsoleConfig({ subcentres: [], colour: 'red' }), /Unrecognized key/);
  const ok = parseConsoleConfig({ subcentres: [{ id: '370102012', url: 'http://127.0.0.1:7312', token: 't' }] });
  assert.equal(ok.subcentres[0]?.enabled, true);
  assert.equal(ok.staleAfterSeconds, 30);
});
