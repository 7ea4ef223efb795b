/**
 * The operator's CLI: `naybourhood <command>`. Commands are the table in ./commands.ts; this
 * file finds the one asked for, checks its options against the table, prints help and turns
 * every failure into a message (or, under --json, {"error": {code, message}}) and an exit code:
 * 0 done, 1 the command failed, 2 the command line was wrong.
 */
import { parseArgs } from 'node:util';
import { COMMANDS, type Command, type CommandContext } from './commands.ts';
import { commandHelp, overview, version } from './help.ts';
import { UsageError } from './usage-error.ts';

/** The JSON error codes are a contract with scripts: add to them, never rename. */
export type CliErrorCode =
  | 'unknown_command'
  | 'invalid_arguments'
  | 'config_error'
  | 'database_in_use'
  | 'not_found'
  | 'invalid_request'
  | 'conflict'
  | 'internal';

class CliFailure extends Error {
  constructor(
    readonly code: CliErrorCode,
    message: string,
    readonly exitCode: 1 | 2,
  ) {
    super(message);
  }
}

/** The longest command whose words begin the arguments. */
function findCommand(words: string[]): Command | undefined {
  let best: Command | undefined;
  for (const c of COMMANDS) {
    if (c.name.every((w, i) => words[i] === w) && c.name.length > (best?.name.length ?? 0)) best = c;
  }
  return best;
}

function parseOptions(command: Command, rest: string[]) {
  const specs = command.options ?? {};
  let parsed;
  try {
    parsed = parseArgs({
      args: rest,
      options: Object.fromEntries(
        Object.entries(specs).map(([name, s]) => [name, { type: s.type, ...(s.short ? { short: s.short } : {}), ...(s.default !== undefined ? { default: s.default } : {}) }]),
      ),
      allowPositionals: true,
      strict: true,
    });
  } catch (err) {
    throw new UsageError((err as Error).message.replace(/\. To specify a positional argument.*$/s, ''));
  }
  const values = parsed.values as CommandContext['values'];
  for (const [name, spec] of Object.entries(specs)) {
    const value = values[name];
    if (spec.required && (typeof value !== 'string' || value.trim() === '')) throw new UsageError(`--${name} is required`);
    if (spec.choices && typeof value === 'string' && !spec.choices.includes(value)) {
      throw new UsageError(`--${name} must be one of: ${spec.choices.join(', ')} (got "${value}")`);
    }
  }
  const extra = parsed.positionals.length - (command.args ? command.args.split(' ').length : 0);
  if (extra > 0) throw new UsageError(`Unexpected argument: ${parsed.positionals.slice(-extra).join(' ')}`);
  return { values, positionals: parsed.positionals };
}

/** A failure as the operator should read it; heavy error classes are looked up by name, not imported. */
async function describe(err: unknown): Promise<CliFailure> {
  if (err instanceof CliFailure) return err;
  if (err instanceof UsageError) return new CliFailure('invalid_arguments', err.message, 2);
  const { ConfigError } = await import('../config.ts');
  const { DataDirLockedError } = await import('../db/data-dir-lock.ts');
  const { AppError } = await import('../errors.ts');
  if (err instanceof ConfigError) return new CliFailure('config_error', err.message, 1);
  if (err instanceof DataDirLockedError) return new CliFailure('database_in_use', err.message, 1);
  if (err instanceof AppError) {
    const code = err.code === 'NOT_FOUND' ? 'not_found' : err.code === 'CONFLICT' ? 'conflict' : err.code === 'INVALID_REQUEST' ? 'invalid_request' : 'internal';
    return new CliFailure(code, err.message, 1);
  }
  return new CliFailure('internal', (err as Error).message ?? String(err), 1);
}

export async function main(argv: string[]): Promise<number> {
  const json = argv.includes('--json');
  const wantsHelp = argv.includes('--help') || argv.includes('-h');
  const args = argv.filter((a) => a !== '--json' && a !== '--help' && a !== '-h');
  const out: CommandContext['out'] = (human, data) => console.log(json ? JSON.stringify(data ?? { message: human }) : human);
  let command: Command | undefined;
  try {
    if (args[0] === '--version' || args[0] === '-v') {
      out(version(), { version: version() });
      return 0;
    }
    const helpTopic = args[0] === 'help' ? args.slice(1) : wantsHelp ? args : undefined;
    if (helpTopic) {
      console.log(help(helpTopic));
      return 0;
    }
    if (args.length === 0) {
      console.log(overview(COMMANDS));
      return 0;
    }
    command = findCommand(args);
    if (!command) {
      const group = COMMANDS.filter((c) => c.name[0] === args[0]);
      const hint = group.length ? `\n\n${overview(group, `Commands under "${args[0]}":`)}` : '\nRun `naybourhood help` for the list of commands.';
      throw new CliFailure('unknown_command', `Unknown command: ${args.join(' ')}${hint}`, 2);
    }
    const { values, positionals } = parseOptions(command, args.slice(command.name.length));
    const { loadConfig } = await import('../config.ts');
    return (await command.run({ config: loadConfig(), values, positionals, out, json })) ?? 0;
  } catch (err) {
    const failure = await describe(err);
    const hint = failure.code === 'invalid_arguments' && command ? `\nRun naybourhood ${command.name.join(' ')} --help` : '';
    if (json) console.log(JSON.stringify({ error: { code: failure.code, message: failure.message } }));
    else console.error(`Error: ${failure.message}${hint}`);
    return failure.exitCode;
  }
}

/** Help for `help [words…]`: one command, the commands of a group, or all of them. */
function help(words: string[]): string {
  if (words.length === 0) return overview(COMMANDS);
  const command = findCommand(words);
  if (command) return commandHelp(command);
  const group = COMMANDS.filter((c) => c.name[0] === words[0]);
  if (group.length) return overview(group, `Commands under "${words[0]}":`);
  throw new CliFailure('unknown_command', `Unknown command: ${words.join(' ')}\nRun \`naybourhood help\` for the list of commands.`, 2);
}
