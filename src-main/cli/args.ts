// A tiny, strict argument parser shared by the CLI commands: --name value, --name=value, --flag.
// Unknown options are an error that names the option, never silently ignored.
export type OptionSpec = Record<string, { type: 'string' | 'number' | 'boolean'; help: string; default?: string | number | boolean }>;
export type ParsedOptions<S extends OptionSpec> = { [K in keyof S]: S[K]['type'] extends 'number' ? number | undefined : S[K]['type'] extends 'boolean' ? boolean : string | undefined } & { _: string[] };

export class UsageError extends Error {
  override name = 'UsageError';
}

export function parseArgs<S extends OptionSpec>(argv: string[], spec: S): ParsedOptions<S> {
  const out: Record<string, unknown> = { _: [] };
  for (const [k, v] of Object.entries(spec)) out[k] = v.default ?? (v.type === 'boolean' ? false : undefined);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith('--')) {
      (out._ as string[]).push(a);
      continue;
    }
    const eq = a.indexOf('=');
    const key = a.slice(2, eq < 0 ? undefined : eq);
    const opt = spec[key];
    if (!opt) throw new UsageError(`unknown option --${key}`);
    if (opt.type === 'boolean') {
      out[key] = eq < 0 ? true : a.slice(eq + 1) !== 'false';
      continue;
    }
    const value = eq < 0 ? argv[++i] : a.slice(eq + 1);
    if (value === undefined) throw new UsageError(`option --${key} needs a value`);
    if (opt.type === 'number') {
      const n = Number(value);
      if (!Number.isFinite(n)) throw new UsageError(`option --${key} must be a number, got "${value}"`);
      out[key] = n;
    } else out[key] = value;
  }
  return out as ParsedOptions<S>;
}

export function optionHelp(spec: OptionSpec): string {
  return Object.entries(spec)
    .map(([k, v]) => `  --${k.padEnd(14)} ${v.help}${v.default !== undefined ? ` (default ${String(v.default)})` : ''}`)
    .join('\n');
}

/**
 * The start of every command: parse, answer --help, and turn a usage error into the command's message and
 * exit code 2. Returns the options, or the exit code to return at once.
 */
export function parseCommandArgs<S extends OptionSpec & { help: { type: 'boolean'; help: string } }>(command: string, argv: string[], spec: S, usage: string): ParsedOptions<S> | number {
  let opts: ParsedOptions<S>;
  try {
    opts = parseArgs(argv, spec);
  } catch (err) {
    if (err instanceof UsageError) {
      console.error(`superbrain ${command}: ${err.message}\n\n${usage}`);
      return 2;
    }
    throw err;
  }
  if (opts.help) {
    console.log(usage);
    return 0;
  }
  return opts;
}
