// `npm test`: every test — plain Node tests (unit + integration, node:test through tsx), then the
// Playwright end-to-end tests in Debian's Chromium — and one closing line "N passed, N failed, N skipped".
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : null;
const filter = process.argv.includes('--grep') ? process.argv[process.argv.indexOf('--grep') + 1] : null;
const totals = { passed: 0, failed: 0, skipped: 0 };

function findTests(dir, re) {
  const abs = path.join(root, dir);
  if (!existsSync(abs)) return [];
  const out = [];
  for (const e of readdirSync(abs, { withFileTypes: true, recursive: true })) {
    if (e.isFile() && re.test(e.name)) out.push(path.relative(root, path.join(e.parentPath ?? e.path, e.name)));
  }
  return out.sort().filter((f) => !filter || f.includes(filter));
}

function run(cmd, args, opts = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'], ...opts });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

async function nodeTests() {
  const files = [...findTests('tests/unit', /\.test\.ts$/), ...findTests('tests/integration', /\.test\.ts$/)];
  if (files.length === 0) return;
  const tap = path.join(root, 'artifacts', 'node-tests.tap');
  mkdirSync(path.dirname(tap), { recursive: true });
  rmSync(tap, { force: true });
  console.log(`\n== node tests (${files.length} files) ==`);
  const code = await run(process.execPath, [
    '--import', 'tsx', '--test', '--test-concurrency=2', '--test-timeout=120000',
    '--test-reporter=spec', '--test-reporter-destination=stdout',
    '--test-reporter=tap', `--test-reporter-destination=${tap}`,
    ...files,
  ]);
  const text = existsSync(tap) ? readFileSync(tap, 'utf8') : '';
  const num = (k) => Number(text.match(new RegExp(`^# ${k} (\\d+)$`, 'm'))?.[1] ?? 0);
  const pass = num('pass'), fail = num('fail') + num('cancelled'), skip = num('skipped') + num('todo');
  totals.passed += pass; totals.failed += fail; totals.skipped += skip;
  if (code !== 0 && fail === 0) totals.failed += 1; // the runner itself failed
  console.log(`node tests: ${pass} passed, ${fail} failed, ${skip} skipped`);
}

/** The titles of the tests that failed and then passed on their retry, from Playwright's JSON report. */
function flakyTitles(suites, prefix = []) {
  const out = [];
  for (const suite of suites) {
    const trail = suite.title ? [...prefix, suite.title] : prefix;
    for (const spec of suite.specs ?? []) {
      for (const t of spec.tests ?? []) if (t.status === 'flaky') out.push([...trail, spec.title].join(' › '));
    }
    out.push(...flakyTitles(suite.suites ?? [], trail));
  }
  return out;
}

async function e2eTests() {
  const files = findTests('tests/e2e', /\.spec\.ts$/);
  if (files.length === 0) return;
  console.log(`\n== end-to-end tests (${files.length} files, Playwright) ==`);
  if (!existsSync('/usr/bin/chromium') && !process.env.SUPERBRAIN_CHROMIUM) {
    console.log('SKIPPED: Debian chromium (/usr/bin/chromium) is not installed; `apt-get install chromium` to run them.');
    totals.skipped += files.length;
    return;
  }
  const build = spawnSync(process.execPath, [path.join(root, 'scripts', 'build-if-needed.mjs')], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) { totals.failed += 1; console.log('renderer build failed'); return; }
  const report = path.join(root, 'artifacts', 'e2e-results.json');
  rmSync(report, { force: true });
  const pw = path.join(root, 'node_modules', '@playwright', 'test', 'cli.js');
  const code = await run(process.execPath, [pw, 'test', ...(filter ? [filter] : [])], { env: { ...process.env, PLAYWRIGHT_JSON_OUTPUT_NAME: report } });
  let stats = null;
  let flaky = [];
  try {
    const json = JSON.parse(readFileSync(report, 'utf8'));
    stats = json.stats;
    flaky = flakyTitles(json.suites ?? []);
  } catch { /* no report */ }
  if (stats) {
    totals.passed += stats.expected + (stats.flaky ?? 0);
    totals.failed += stats.unexpected;
    totals.skipped += stats.skipped;
    console.log(`e2e tests: ${stats.expected} passed, ${stats.unexpected} failed, ${stats.skipped} skipped, ${stats.flaky ?? 0} flaky`);
    for (const title of flaky) console.log(`FLAKY (failed once, passed on its retry): ${title}`);
  } else {
    totals.failed += code === 0 ? 0 : 1;
  }
}

// Type-checking is part of the test run: the core and tests, the renderer, and the Electron shell against
// Electron's own types (which install without its binary).
async function typecheck() {
  console.log('\n== type-check (tsc: core, renderer, Electron shell) ==');
  const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  for (const project of ['tsconfig.json', 'tsconfig.web.json', 'tsconfig.electron.json']) {
    const code = await run(process.execPath, [tsc, '-p', project, '--noEmit']);
    console.log(`${code === 0 ? 'ok' : 'FAILED'}: tsc -p ${project}`);
    if (code === 0) totals.passed += 1;
    else totals.failed += 1;
  }
}

if (!only || only === 'typecheck') await typecheck();
// The full run builds first, so the node tests that check the packaged file layout see the real out/.
if (!only) spawnSync(process.execPath, [path.join(root, 'scripts', 'build-if-needed.mjs')], { cwd: root, stdio: 'inherit' });
if (!only || only === 'node') await nodeTests();
if (!only || only === 'e2e') await e2eTests();
console.log(`\n${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(totals.failed > 0 ? 1 : 0);
