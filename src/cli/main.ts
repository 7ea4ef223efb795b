/**
 * The operator's CLI: `naybourhood <command>`. Every command takes --json for machine-readable
 * output. Commands are listed in COMMANDS; each lives in its own small module.
 */
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config.ts';
import { DataDirLockedError } from '../db/data-dir-lock.ts';
import { AppError } from '../errors.ts';
import type { CommandContext } from './command.ts';
import { COMMANDS } from './commands.ts';

export async function main(argv: string[]): Promise<number> {
  const json = argv.includes('--json');
  const args = argv.filter((a) => a !== '--json');
  const out: CommandContext['out'] = (human, data) => {
    if (json) console.log(JSON.stringify(data ?? { message: human }));
    else console.log(human);
  };
  const words = args.filter((a) => !a.startsWith('-'));
  const command = COMMANDS.find((c) => c.name.every((w, i) => words[i] === w));
  if (!command || args.includes('--help') || args.includes('-h')) {
    const usage = ['Usage: naybourhood <command> [options] [--json]', '', ...COMMANDS.map((c) => `  ${c.usage}`)].join('\n');
    if (!command && args.length > 0 && !args.includes('--help')) {
      console.error(`Unknown command: ${args.join(' ')}\n\n${usage}`);
      return 2;
    }
    console.log(usage);
    return 0;
  }
  try {
    const rest = args.slice(command.name.length);
    const parsed = parseArgs({ args: rest, options: command.options ?? {}, allowPositionals: true, strict: true });
    const config = loadConfig();
    return (await command.run({ config, values: parsed.values, positionals: parsed.positionals, out, json })) ?? 0;
  } catch (err) {
    const message =
      err instanceof ConfigError || err instanceof DataDirLockedError || err instanceof AppError
        ? err.message
        : err instanceof TypeError && (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')
          ? `${err.message}\nRun naybourhood ${command.name.join(' ')} --help`
          : (err as Error).message;
    if (json) console.log(JSON.stringify({ error: { message } }));
    else console.error(`Error: ${message}`);
    return 1;
  }
}
