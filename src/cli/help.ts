/** Help text for the command table: the list of commands, and one command's usage and options. */
import { readFileSync } from 'node:fs';
import type { Command, OptionSpec } from './commands.ts';

export function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

const optionLabel = (name: string, spec: OptionSpec) =>
  `${spec.short ? `-${spec.short}, ` : ''}--${name}${spec.type === 'string' ? ` ${spec.value ?? 'VALUE'}` : ''}`;

export function usageLine(command: Command): string {
  const options = Object.entries(command.options ?? {}).map(([name, spec]) =>
    spec.required ? optionLabel(name, spec) : `[${optionLabel(name, spec)}]`,
  );
  return ['naybourhood', ...command.name, ...(command.args ? [command.args] : []), ...options, '[--json]'].join(' ');
}

const table = (rows: [string, string][]) => {
  const width = Math.max(...rows.map(([left]) => left.length)) + 2;
  return rows.map(([left, right]) => `  ${left.padEnd(width)}${right}`).join('\n');
};

export function commandHelp(command: Command): string {
  const rows: [string, string][] = Object.entries(command.options ?? {}).map(([name, spec]) => {
    const notes = [
      spec.required ? 'required' : undefined,
      spec.choices ? `one of: ${spec.choices.join(', ')}` : undefined,
      spec.default !== undefined ? `default: ${spec.default}` : undefined,
    ].filter(Boolean);
    return [optionLabel(name, spec), notes.length ? `${spec.help} (${notes.join('; ')})` : spec.help];
  });
  rows.push(['--json', 'print the result, or the error with its code, as JSON'], ['-h, --help', 'show this help']);
  return [
    `Usage: ${usageLine(command)}`,
    '',
    `${command.summary[0]!.toUpperCase()}${command.summary.slice(1)}.`,
    ...(command.details ? ['', command.details] : []),
    '',
    'Options:',
    table(rows),
  ].join('\n');
}

export function overview(commands: readonly Command[], heading = `naybourhood ${version()}: buyer intelligence for property developers`): string {
  return [
    heading,
    '',
    'Usage: naybourhood <command> [options] [--json]',
    '',
    'Commands:',
    table(commands.map((c) => [c.name.join(' '), c.summary])),
    '',
    'Run `naybourhood help <command>` (or `naybourhood <command> --help`) for its options.',
    'Everywhere: --json for machine-readable output, -h/--help, --version.',
  ].join('\n');
}
