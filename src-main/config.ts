// The console's configuration file (superbrain headless/web --config FILE): which sub-centres to
// connect to and with which tokens. Documented in README.md ("Configuration"). A wrong file gets a
// message that names the field and the problem; nothing is started with a half-valid config.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { WallSettingsFile } from '../src-shared/settings.ts';

export const SubcentreEndpoint = z.object({
  /** Street code, e.g. 370102012. Must match the `subcentre.id` the server says in `hello`. */
  id: z.string().regex(/^\d{6,12}$/, 'must be a street code of 6 to 12 digits, e.g. 370102012'),
  name: z.string().min(1).max(100).optional(),
  /** Server URL with or without the /sfp1 namespace, http(s)://host:port[/sfp1]. */
  url: z.string().regex(/^https?:\/\/[^\s/]+(\/.*)?$/, 'must be an http:// or https:// URL'),
  token: z.string().min(1, 'must not be empty').max(1000),
  enabled: z.boolean().default(true),
});
export type SubcentreEndpoint = z.infer<typeof SubcentreEndpoint>;

export const ConsoleConfig = z
  .object({
    consoleId: z.string().min(1).max(200).default('superbrain-console'),
    district: z.object({ id: z.string().min(1), name: z.string().min(1) }).default({ id: '370102', name: '历下区' }),
    subcentres: z.array(SubcentreEndpoint).max(200),
    /** A link silent this long is shown stale (SFP/1 §3.5 says 30 s; shorter only for tests and drills). */
    staleAfterSeconds: z.number().min(1).max(600).default(30),
    /** Days of event log (the replay's reach) and rejected envelopes kept; current state is never pruned. */
    retentionDays: z.number().int().min(7).max(3650).optional(),
    /** Wall settings fixed by this file (tile source, alarm, display, language): src-shared/settings.ts. */
    wall: WallSettingsFile.optional(),
  })
  .strict();
export type ConsoleConfig = z.infer<typeof ConsoleConfig>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Parses a config object; throws ConfigError naming each bad field (e.g. `subcentres[2].token: must not be empty`). */
export function parseConsoleConfig(raw: unknown, origin = 'config'): ConsoleConfig {
  const r = ConsoleConfig.safeParse(raw);
  if (!r.success) {
    const lines = r.error.issues.map((i) => `  ${formatPath(i.path)}: ${i.message}`);
    throw new ConfigError(`${origin} is not valid:\n${lines.join('\n')}`);
  }
  const ids = new Set<string>();
  for (const [i, s] of r.data.subcentres.entries()) {
    if (ids.has(s.id)) throw new ConfigError(`${origin} is not valid:\n  subcentres[${i}].id: ${s.id} is listed twice`);
    ids.add(s.id);
  }
  return r.data;
}

export function loadConsoleConfig(file: string): ConsoleConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError(`cannot read config file ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new ConfigError(`config file ${file} is not valid JSON: ${(err as Error).message}`);
  }
  return parseConsoleConfig(raw, `config file ${file}`);
}

function formatPath(path: PropertyKey[]): string {
  if (path.length === 0) return '(root)';
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i ? '.' : ''}${String(p)}`)).join('');
}
