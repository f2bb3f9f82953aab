// Issue 5 at the API: sign-in per connection, roles and the street scope enforced by the core, the
// operator's identity on commands and audit entries, the audit log and its CSV export.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyEventBatch } from '../../../src-main/store/apply.ts';
import { createAccount, hashPassword, verifyPassword } from '../../../src-main/store/accounts.ts';
import { callApiMethod } from '../../../src-main/api/dispatch.ts';
import { createCallerSession, type CallerSession } from '../../../src-main/api/caller.ts';
import type { ChangeNotice } from '../../../src-shared/api.ts';
import { alert, batch, count, grid, incident, org, OTHER_STREET, STREET } from '../store/fixtures.ts';
import { NOW, setupApi } from './fixtures.ts';
import { runAsCaller } from '../../../src-main/api/caller.ts';

const MINE = `${STREET}-20261123-0001`;
const THEIRS = `${OTHER_STREET}-20261123-0001`;
const PASSWORD = 'correct horse';

async function setup() {
  const t = setupApi();
  t.apply([
    ['incident.upsert', incident(MINE)],
    ['alert.upsert', alert('a-mine', { snapshot: 'data:image/png;base64,AAAA' })],
  ]);
  applyEventBatch(t.store, OTHER_STREET, 'e1', batch(1, [
    ['incident.upsert', incident(THEIRS)],
    ['alert.upsert', alert('a-theirs', { snapshot: 'data:image/png;base64,BBBB' })],
  ]), { now: NOW });
  const system = { id: 'test', name: 'test', role: 'system' };
  await createAccount(t.store, { name: 'duty', displayName: '值班员甲', role: 'duty-officer', password: PASSWORD }, system, NOW);
  await createAccount(t.store, { name: 'longdong', displayName: '龙洞操作员', role: 'street-operator', street: STREET, password: PASSWORD }, system, NOW);
  await createAccount(t.store, { name: 'jiefang', displayName: '解放路操作员', role: 'street-operator', street: OTHER_STREET, password: PASSWORD }, system, NOW);
  await createAccount(t.store, { name: 'leader', displayName: '领导', role: 'leader', password: PASSWORD }, system, NOW);
  await createAccount(t.store, { name: 'admin', role: 'admin', password: PASSWORD }, system, NOW);
  // What a transport does: every call on one connection runs in that connection's session.
  const connect = () => {
    const session = createCallerSession('web');
    const call = <T = unknown>(method: string, param?: unknown) => callApiMethod(t.api, method, param, session) as Promise<T>;
    return { session, call, signIn: (name: string) => call('signIn', { name, password: PASSWORD }) };
  };
  return { ...t, connect };
}

test('passwords are stored as salted scrypt hashes and checked', async () => {
  const a = await hashPassword('s3cret-pass');
  const b = await hashPassword('s3cret-pass');
  assert.match(a, /^scrypt\$16384\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
  assert.notEqual(a, b, 'a fresh salt each time');
  assert.equal(await verifyPassword('s3cret-pass', a), true);
  assert.equal(await verifyPassword('s3cret-pasS', a), false);
  assert.equal(await verifyPassword('s3cret-pass', 'plain'), false);
});

test('a street operator cannot see or act on another street\'s incident or alert', async () => {
  const t = await setup();
  try {
    const op = t.connect();
    await op.signIn('longdong');
    const rows = await op.call<Array<{ incidentId: string }>>('listIncidents', {});
    assert.deepEqual(rows.map((r) => r.incidentId), [MINE]);
    assert.deepEqual(await op.call('listIncidents', { subcentreId: OTHER_STREET }), []);
    assert.equal(await op.call('getIncident', { incidentId: THEIRS }), null);
    assert.equal(((await op.call('getIncident', { incidentId: MINE })) as { incidentId: string }).incidentId, MINE);
    const cols = await op.call<{ ids: string[]; count: number; lon: number[]; street: number[]; streets: string[] }>('getIncidentColumns', {});
    assert.deepEqual(cols.ids, [MINE]);
    assert.equal(cols.count, 1);
    assert.equal(cols.lon.length, 1);
    assert.equal(cols.streets[cols.street[0]!], STREET);
    assert.deepEqual((await op.call<{ ids: string[] }>('getAlertColumns', {})).ids, ['a-mine']);
    assert.deepEqual((await op.call<Array<{ alertId: string }>>('listAlerts', {})).map((a) => a.alertId), ['a-mine']);
    assert.equal(await op.call('getAlertSnapshot', { alertId: 'a-theirs' }), null);
    assert.equal(await op.call('getAlertSnapshot', { alertId: 'a-mine' }), 'data:image/png;base64,AAAA');
    assert.ok((await op.call<Array<{ subcentreId: string }>>('getRecentActivity', {})).every((a) => a.subcentreId === STREET));

    await assert.rejects(op.call('issueCommand', { type: 'incident.accept', target: { incidentId: THEIRS, rev: 1 }, args: {} }), (e: Error) => e.name === 'Forbidden');
    await assert.rejects(op.call('issueCommand', { type: 'alert.dismiss', target: { alertId: 'a-theirs', rev: 1 }, args: { reason: 'duplicate' } }), (e: Error) => e.name === 'Forbidden');
    assert.equal(count(t.store, 'outbox'), 0, 'nothing was queued');

    const entry = await op.call<{ commandId: string }>('issueCommand', { type: 'incident.accept', target: { incidentId: MINE, rev: 1 }, args: {} });
    const me = t.feed.issued.at(-1)!.operator;
    assert.equal(me.name, '龙洞操作员');
    assert.equal(me.role, 'street-operator');
    const audit = t.store.db.prepare(`SELECT actor FROM audit WHERE action = 'command.issued' AND json_extract(detail, '$.commandId') = ?`).get(entry.commandId) as { actor: string };
    assert.equal(JSON.parse(audit.actor).id, me.id);

    // The KPI strip, grids and the organisation tree are the street's too.
    const kpis = await op.call<{ open: number; alertsOpen: number }>('getKpis');
    const district = await t.api.getKpis(); // in-process: the host itself, the whole district
    assert.equal(kpis.open, 1, 'only the street\'s open incident');
    assert.equal(kpis.alertsOpen, 1);
    assert.equal(district.open, 2, 'the district sees both');
    t.apply([
      ['grid.upsert', grid('g-mine')],
      ['org.upsert', org('o-mine')],
    ]);
    applyEventBatch(t.store, OTHER_STREET, 'e1', batch(3, [
      ['grid.upsert', grid('g-theirs')],
      ['org.upsert', org('o-theirs')],
    ]), { now: NOW });
    assert.deepEqual((await op.call<Array<{ gridId: string }>>('listGrids')).map((g) => g.gridId), ['g-mine']);
    assert.deepEqual((await op.call<Array<{ orgId: string }>>('listOrgs')).map((o) => o.orgId), ['o-mine']);
    assert.equal((await t.api.listGrids()).length, 2, 'the host itself sees both streets\' grids');

    // The other street's operator is scoped the other way round.
    const other = t.connect();
    await other.signIn('jiefang');
    assert.deepEqual((await other.call<Array<{ incidentId: string }>>('listIncidents', {})).map((r) => r.incidentId), [THEIRS]);
    assert.deepEqual(await other.call('listOutbox', {}), [], 'the outbox of another street is not shown');
  } finally {
    t.cleanup();
  }
});

test('a duty officer sees the whole district; a leader reads it but cannot act; no sign-in cannot act', async () => {
  const t = await setup();
  try {
    const duty = t.connect();
    await duty.signIn('duty');
    assert.equal((await duty.call<unknown[]>('listIncidents', {})).length, 2);
    await duty.call('issueCommand', { type: 'incident.accept', target: { incidentId: THEIRS, rev: 1 }, args: {} });
    assert.equal(t.feed.issued.at(-1)!.operator.name, '值班员甲');

    const leader = t.connect();
    await leader.signIn('leader');
    assert.equal((await leader.call<unknown[]>('listIncidents', {})).length, 2);
    await assert.rejects(leader.call('issueCommand', { type: 'incident.note', target: { incidentId: MINE, rev: 1 }, args: { text: 'x' } }), (e: Error) => e.name === 'Forbidden' && /read-only/.test(e.message));

    const anonymous = t.connect();
    assert.equal((await anonymous.call<unknown[]>('listIncidents', {})).length, 2, 'the wall reads without sign-in');
    await assert.rejects(anonymous.call('issueCommand', { type: 'incident.accept', target: { incidentId: MINE, rev: 1 }, args: {} }), (e: Error) => e.name === 'Unauthorized');
    await assert.rejects(anonymous.call('listAuditLog', {}), (e: Error) => e.name === 'Unauthorized');
    assert.equal(t.feed.issued.length, 1);
  } finally {
    t.cleanup();
  }
});

test('sign-in belongs to one connection; wrong passwords fail and are audited; sign-out ends it', async () => {
  const t = await setup();
  try {
    const a = t.connect();
    const b = t.connect();
    await assert.rejects(a.call('signIn', { name: 'duty', password: 'wrong password' }), (e: Error) => e.name === 'Unauthorized' && /wrong name or password/.test(e.message));
    await assert.rejects(a.call('signIn', { name: 'nobody', password: 'wrong password' }), /wrong name or password/);
    assert.equal(count(t.store, 'audit', `action = 'auth.sign-in-failed'`), 2);
    const account = await a.signIn('duty');
    assert.deepEqual(await a.call('whoAmI'), { account, accountsExist: true });
    assert.equal(((await b.call('whoAmI')) as { account: unknown }).account, null, 'the other connection is not signed in');
    assert.equal(a.session.account?.accountId, account && (account as { accountId: string }).accountId);
    await a.call('signOut');
    assert.equal(((await a.call('whoAmI')) as { account: unknown }).account, null);
    assert.equal(count(t.store, 'audit', `action IN ('auth.signed-in', 'auth.signed-out')`), 2);
    await assert.rejects(a.call('issueCommand', { type: 'incident.accept', target: { incidentId: MINE, rev: 1 }, args: {} }), (e: Error) => e.name === 'Unauthorized');
  } finally {
    t.cleanup();
  }
});

test('the first account needs no sign-in; after that only an admin creates accounts', async () => {
  const t = setupApi();
  try {
    const session: CallerSession = createCallerSession('web');
    const call = (method: string, param?: unknown) => callApiMethod(t.api, method, param, session);
    assert.deepEqual(await call('whoAmI'), { account: null, accountsExist: false });
    await assert.rejects(call('createAccount', { name: 'x', role: 'leader', password: 'long enough' }), /first account must be/);
    await call('createAccount', { name: 'root', role: 'admin', password: 'long enough' });
    await assert.rejects(call('createAccount', { name: 'second', role: 'duty-officer', password: 'long enough' }), (e: Error) => e.name === 'Unauthorized');
    await call('signIn', { name: 'root', password: 'long enough' });
    await assert.rejects(call('createAccount', { name: 'op', role: 'street-operator', password: 'long enough' }), /needs a street/);
    await assert.rejects(call('createAccount', { name: 'op', role: 'street-operator', street: '999', password: 'long enough' }), /unknown sub-centre/);
    await assert.rejects(call('createAccount', { name: 'op', role: 'duty-officer', password: 'short' }), /at least 8/);
    await call('createAccount', { name: 'op', role: 'street-operator', street: STREET, password: 'long enough' });
    await assert.rejects(call('createAccount', { name: 'OP', role: 'duty-officer', password: 'long enough' }), /already exists/);
    const names = ((await call('listAccounts')) as Array<{ name: string }>).map((a) => a.name);
    assert.deepEqual(names, ['op', 'root']);
    const hashes = t.store.db.prepare(`SELECT password_hash FROM accounts`).all() as Array<{ password_hash: string }>;
    assert.ok(hashes.every((h) => h.password_hash.startsWith('scrypt$') && !h.password_hash.includes('long enough')));
    await call('signOut');
    await call('signIn', { name: 'op', password: 'long enough' });
    await assert.rejects(call('listAccounts'), (e: Error) => e.name === 'Forbidden');
  } finally {
    t.cleanup();
  }
});

test('the audit log shows who did what; a street operator sees their street; CSV export', async () => {
  const t = await setup();
  try {
    const duty = t.connect();
    await duty.signIn('duty');
    await duty.call('issueCommand', { type: 'incident.accept', target: { incidentId: MINE, rev: 1 }, args: {} });
    const op = t.connect();
    await op.signIn('jiefang');
    const all = await duty.call<Array<{ action: string; actor: { name?: string } | null }>>('listAuditLog', {});
    assert.ok(all.some((e) => e.action === 'command.issued' && e.actor?.name === '值班员甲'));
    assert.ok(all.some((e) => e.action === 'auth.signed-in' && e.actor?.name === '解放路操作员'));
    assert.ok(all.some((e) => e.action === 'account.created'));
    const scoped = await op.call<Array<{ action: string; actor: { street?: string } | null; detail: { subcentreId?: string; street?: string } }>>('listAuditLog', {});
    assert.ok(scoped.length > 0);
    assert.ok(scoped.every((e) => e.actor?.street === OTHER_STREET || e.detail?.subcentreId === OTHER_STREET || e.detail?.street === OTHER_STREET));
    assert.ok(!scoped.some((e) => e.action === 'command.issued'), 'the duty officer\'s command on another street is not shown');
    const paged = await duty.call<Array<{ id: number }>>('listAuditLog', { limit: 2 });
    assert.equal(paged.length, 2);
    const older = await duty.call<Array<{ id: number }>>('listAuditLog', { beforeId: paged[1]!.id, limit: 1 });
    assert.ok(older[0]!.id < paged[1]!.id);

    const csv = await duty.call<string>('exportAuditCsv', {});
    const lines = csv.replace(/^\ufeff/, '').trim().split('\r\n');
    assert.equal(lines[0], 'id,time,actor_id,actor_name,actor_role,actor_street,action,subject,detail');
    assert.ok(lines.some((l) => l.includes('command.issued') && l.includes('值班员甲') && l.includes('+08:00')));
    assert.equal(count(t.store, 'audit', `action = 'audit.exported'`), 1, 'the export is itself on record');
  } finally {
    t.cleanup();
  }
});

test('change notices carry only the subscriber\'s street activity', async () => {
  const t = setupApi({ changeIntervalMs: 10 });
  try {
    await createAccount(t.store, { name: 'longdong', role: 'street-operator', street: STREET, password: PASSWORD }, null, NOW);
    const session = createCallerSession('web');
    await callApiMethod(t.api, 'signIn', { name: 'longdong', password: PASSWORD }, session);
    const heard: ChangeNotice[] = [];
    const sub = runAsCaller(session, () => t.api.onChanges((n) => heard.push(n)));
    applyEventBatch(t.store, OTHER_STREET, 'e1', batch(1, [['incident.upsert', incident(THEIRS)]]), { now: NOW });
    t.apply([['incident.upsert', incident(MINE)]]);
    const end = Date.now() + 3000;
    while (!heard.some((n) => n.activity.length > 0) && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
    sub.dispose();
    const activity = heard.flatMap((n) => n.activity);
    assert.ok(activity.some((a) => a.entityId === MINE));
    assert.ok(!activity.some((a) => a.entityId === THEIRS));
  } finally {
    t.cleanup();
  }
});

test('the queue columns carry what the queue shows, in scope; triage stats count false positives per camera and kind', async () => {
  const t = await setup();
  try {
    t.apply([
      ['incident.upsert', incident(`${STREET}-20261123-0002`, { department: '城管', dueAt: '2026-11-23T09:00:00.000+08:00', location: { lon: 117, lat: 36.6, gridId: 'g-7' } })],
      ['alert.upsert', alert('a-fp1', { state: 'dismissed', cameraId: 'cam-noisy', kind: 'crowd', dismissReason: 'false-positive' } as never)],
      ['alert.upsert', alert('a-fp2', { state: 'dismissed', cameraId: 'cam-noisy', kind: 'crowd', dismissReason: 'duplicate' } as never)],
      ['alert.upsert', alert('a-ok', { state: 'confirmed', cameraId: 'cam-good', kind: 'fire-smoke' })],
    ]);
    const duty = t.connect();
    await duty.signIn('duty');
    const all = await duty.call<{ ids: string[]; count: number }>('getQueueColumns', {});
    assert.equal(all.count, 3);
    const op = t.connect();
    await op.signIn('longdong');
    const q = await op.call<{ ids: string[]; title: string[]; grid: (string | null)[]; department: (string | null)[]; dueAt: (number | null)[]; count: number; more: boolean }>('getQueueColumns', {});
    assert.deepEqual([...q.ids].sort(), [MINE, `${STREET}-20261123-0002`]);
    const i = q.ids.indexOf(`${STREET}-20261123-0002`);
    assert.equal(q.grid[i], 'g-7');
    assert.equal(q.department[i], '城管');
    assert.equal(q.dueAt[i], Date.parse('2026-11-23T09:00:00.000+08:00'));
    assert.equal(q.more, false);
    const paged = await duty.call<{ count: number; more: boolean; version: number }>('getQueueColumns', { limit: 2 });
    assert.equal(paged.count, 2);
    assert.equal(paged.more, true);
    assert.equal((await duty.call<{ count: number }>('getQueueColumns', { afterVersion: paged.version })).count, 1);

    const stats = await op.call<{ byCamera: Array<{ key: string; decided: number; falsePositives: number }>; byKind: Array<{ key: string; decided: number; falsePositives: number }> }>('getAlertTriageStats');
    assert.deepEqual(stats.byCamera[0], { key: 'cam-noisy', decided: 2, falsePositives: 1 }, 'the noisiest camera first');
    assert.deepEqual(stats.byKind.find((k) => k.key === 'fire-smoke'), { key: 'fire-smoke', decided: 1, falsePositives: 0 });
    const other = t.connect();
    await other.signIn('jiefang');
    assert.deepEqual(await other.call('getAlertTriageStats'), { byCamera: [], byKind: [] });
  } finally {
    t.cleanup();
  }
});

test('an account disabled by an admin cannot act any more, even on a connection signed in before', async () => {
  const t = await setup();
  try {
    t.apply([['incident.upsert', incident('i-1')]]);
    const session = createCallerSession('web', NOW, (id) => t.api.accountById(id));
    const call = <T = unknown>(method: string, param?: unknown) => callApiMethod(t.api, method, param, session) as Promise<T>;
    await call('signIn', { name: 'duty', password: PASSWORD });
    const accept = { type: 'incident.accept', target: { incidentId: 'i-1', rev: 1 }, args: {} };
    await call('issueCommand', accept);
    t.store.db.prepare(`UPDATE accounts SET disabled = 1 WHERE name = 'duty'`).run();
    await assert.rejects(call('issueCommand', accept), (err: Error) => err.name === 'Unauthorized' && /duty is disabled; sign in again/.test(err.message));
    assert.equal(session.account, null, 'signed out');
    await assert.rejects(call('signIn', { name: 'duty', password: PASSWORD }), { name: 'Unauthorized' });
  } finally {
    t.cleanup();
  }
});
