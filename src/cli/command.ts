import type { Writable } from 'node:stream';

/** What a command sees of the process: its streams, environment and working directory. */
export interface CommandContext {
  stdout: Writable & { isTTY?: boolean; columns?: number };
  stderr: Writable & { isTTY?: boolean; columns?: number };
  env: NodeJS.ProcessEnv;
  cwd: string;
}

/** One CLI command: parses its own flags, calls the library, prints, returns an exit code. */
export interface Command {
  name: string;
  summary: string;
  usage: string;
  run(args: string[], ctx: CommandContext): Promise<number>;
}
