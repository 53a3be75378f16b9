/** A loopback HTTP receiver for webhook tests, and running `costlens alerts` in this process or in a child. */
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { main } from '../../src/cli/main.ts';
import { scratchDir } from '../helpers/scratch-dirs.ts';
import type { CliRun } from '../helpers/cli.ts';

export const ROOT = resolve(__dirname, '../..');

/** One POST as the receiver got it. */
export interface Post {
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export interface Receiver {
  url: string;
  posts: Post[];
  /** What to do with the next requests (default: 200 "ok"). */
  respond: (post: Post, res: ServerResponse) => void;
  close(): Promise<void>;
}

/** An HTTP server on 127.0.0.1 (ephemeral port) that keeps every POST. */
export async function startReceiver(): Promise<Receiver> {
  const receiver: Receiver = {
    url: '', posts: [],
    respond: (_post, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end('ok'),
    close: async () => undefined,
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const post = { path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      receiver.posts.push(post);
      receiver.respond(post, res);
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  receiver.close = () => new Promise<void>((done) => {
    server.closeAllConnections();
    server.close(() => done());
  });
  return receiver;
}

function sink() {
  const chunks: string[] = [];
  return { stream: new Writable({ write(chunk, _enc, done) { chunks.push(String(chunk)); done(); } }), text: () => chunks.join('') };
}

/** Runs the CLI in this process with extra environment. */
export async function cli(env: Record<string, string>, ...args: string[]): Promise<CliRun> {
  const out = sink();
  const err = sink();
  const code = await main(args, { stdout: out.stream, stderr: err.stream, env: { ...process.env, ...env }, cwd: ROOT });
  return { code, stdout: out.text(), stderr: err.text() };
}

/** Runs the CLI as a child process (bin/costlens.js) that a test may kill. */
export function cliChild(env: Record<string, string>, ...args: string[]): { child: ChildProcess; done: Promise<{ code: number | null; signal: string | null; stderr: string }> } {
  const child = spawn(process.execPath, [join(ROOT, 'bin/costlens.js'), ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (c) => { stderr += String(c); });
  child.stdout!.resume();
  const done = new Promise<{ code: number | null; signal: string | null; stderr: string }>((ok) => child.once('close', (code, signal) => ok({ code, signal, stderr })));
  return { child, done };
}

/** A private copy of `db` in a new folder, with `config` written beside it as costlens.config.json. */
export function storeWithConfig(db: string, config: unknown): { dir: string; db: string; config: string } {
  const dir = scratchDir();
  const copy = join(dir, 'store.duckdb');
  copyFileSync(db, copy);
  const path = join(dir, 'costlens.config.json');
  writeFileSync(path, JSON.stringify(config));
  return { dir, db: copy, config: path };
}
