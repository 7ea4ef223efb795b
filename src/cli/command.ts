/** The shape of a CLI command: what src/cli/main.ts parses and runs. */
import type { ParseArgsConfig } from 'node:util';
import type { Config } from '../config.ts';

export interface CommandContext {
  config: Config;
  values: Record<string, string | boolean | (string | boolean)[] | undefined>;
  positionals: string[];
  /** Prints the human line, or `data` as JSON under --json. */
  out(human: string, data?: unknown): void;
  json: boolean;
}

export interface Command {
  name: string[];
  usage: string;
  options?: ParseArgsConfig['options'];
  run(ctx: CommandContext): Promise<number | void>;
}
