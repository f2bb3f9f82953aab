// `superbrain start | web | headless | subcentre | demo | export` — one entry point, one module per command.
type CommandModule = { run(argv: string[]): Promise<number> };

const COMMANDS: Record<string, { summary: string; load: () => Promise<CommandModule> }> = {
  start: { summary: 'the console on the embedded demo (Electron if present, else web mode)', load: () => import('./cli/start.ts') },
  web: { summary: 'web mode: serve the console to a browser (--port, --host, --demo, --config, --data-dir)', load: () => import('./cli/web.ts') },
  headless: { summary: "the console's data plane without UI (--config FILE, --data-dir DIR)", load: () => import('./cli/headless.ts') },
  subcentre: { summary: 'one SFP/1 sub-centre server (--street, --port, --data-dir, --token, --scenario)', load: () => import('./cli/subcentre.ts') },
  demo: { summary: 'the 13 Lixia demo sub-centres on loopback', load: () => import('./cli/demo.ts') },
  export: { summary: 'export the cache as GeoJSON, CSV or NDJSON', load: () => import('./cli/export.ts') },
  restore: { summary: 'put a backup back in place of a damaged cache (--data-dir DIR --from FILE | --list)', load: () => import('./cli/restore.ts') },
  import: { summary: 'import boundaries, grids, the org tree, cameras or stations (--data-dir DIR --kind K --file F [--gcj02] [--dry-run])', load: () => import('./cli/import.ts') }, // issue 9
};

function usage(): string {
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`);
  return `usage: superbrain <command> [options]\n\ncommands:\n${lines.join('\n')}\n\nsuperbrain <command> --help for the options of one command.`;
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(usage());
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    console.error(`superbrain: unknown command "${name}"\n\n${usage()}`);
    return 2;
  }
  try {
    const mod = await command.load();
    return await mod.run(rest);
  } catch (err) {
    console.error(`superbrain ${name}: ${(err as Error).message}`);
    return 1;
  }
}
