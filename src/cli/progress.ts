import type { Writable } from 'node:stream';
import { terminalSafe } from '../lib/control-chars.ts';

/** What a long-running command is doing now: its phase, what it works on and how far it is. */
export interface ProgressState {
  /** e.g. unpack, parse, map, rollups, commit, generate, fetch. */
  phase: string;
  /** The file or scope being worked on. */
  item?: string;
  /** `[2/5]`: the item's position. */
  index?: number;
  count?: number;
  /** Bytes of the item and the share done (0–100), when known. */
  bytes?: number;
  percent?: number;
  /** Rows loaded so far in this run. */
  rows?: number;
}

export interface ProgressOptions {
  /** A terminal gets a bar redrawn in place; anything else a plain line every `intervalMs`. */
  tty: boolean;
  /** Between plain lines (default 10 s). */
  intervalMs?: number;
  /** The command's name, in front of every line. */
  name: string;
  /** The clock (tests). */
  now?: () => number;
  /** The terminal's width: the redrawn line is cut to it so that it never wraps. */
  width?: number;
}

const BAR = 20;
const REDRAW_MS = 200;

/**
 * Reports progress on stderr: on a TTY one line redrawn in place (phase, bar, bytes, rate,
 * rows, elapsed), cleared before any other line is written; without a TTY one plain line every
 * 10 s while the work lasts, so a log shows the command is alive and in which phase.
 */
export class ProgressReporter {
  private state: ProgressState | undefined;
  private readonly started: number;
  private phaseStarted: number;
  private lastDraw = 0;
  private drawn = false;
  private readonly timer: NodeJS.Timeout;
  private readonly now: () => number;

  constructor(private readonly stream: Writable, private readonly options: ProgressOptions) {
    this.now = options.now ?? Date.now;
    this.started = this.now();
    this.phaseStarted = this.started;
    const every = options.tty ? 1000 : options.intervalMs ?? 10_000;
    this.timer = setInterval(() => this.tick(), every);
    this.timer.unref();
  }

  /** The new state: redrawn on a TTY (at most every 200 ms unless the phase changed). */
  update(state: ProgressState): void {
    const changed = state.phase !== this.state?.phase || state.item !== this.state?.item;
    if (changed) this.phaseStarted = this.now();
    this.state = state;
    if (this.options.tty && (changed || this.now() - this.lastDraw >= REDRAW_MS)) this.draw();
  }

  /** Writes a whole line (a file done, a message), keeping the bar below it on a TTY. */
  log(line: string): void {
    this.clear();
    this.stream.write(`${line}\n`);
    if (this.options.tty && this.state) this.draw();
  }

  /** Stops the timer and clears the bar. */
  finish(): void {
    clearInterval(this.timer);
    this.clear();
  }

  /** One plain line (no TTY), or a redraw so that the elapsed time moves (TTY). */
  tick(): void {
    if (!this.state) return;
    if (this.options.tty) this.draw();
    else this.stream.write(`${this.describe(this.state, false)}\n`);
  }

  /** The state in words: `ingest: parse [2/5] cur2.parquet ████░░ 45 % of 640.0 MB, 28.1 MB/s, 12 s`. */
  describe(state: ProgressState, bar: boolean): string {
    const parts = [`${this.options.name}: ${state.phase}`];
    if (state.index !== undefined && state.count !== undefined) parts.push(`[${state.index}/${state.count}]`);
    if (state.item) parts.push(terminalSafe(state.item));
    const figures: string[] = [];
    if (state.percent !== undefined) {
      const pct = Math.max(0, Math.min(100, state.percent));
      const filled = Math.round((pct / 100) * BAR);
      if (bar) parts.push(`${'█'.repeat(filled)}${'░'.repeat(BAR - filled)}`);
      figures.push(`${pct.toFixed(0)} %${state.bytes !== undefined ? ` of ${megabytes(state.bytes)}` : ''}`);
      const seconds = (this.now() - this.phaseStarted) / 1000;
      if (state.bytes !== undefined && seconds >= 1) figures.push(`${(state.bytes * pct / 100 / 1e6 / seconds).toFixed(1)} MB/s`);
    } else if (state.bytes !== undefined) {
      figures.push(megabytes(state.bytes));
    }
    if (state.rows !== undefined) figures.push(`${state.rows.toLocaleString('en-US')} rows so far`);
    figures.push(`${Math.round((this.now() - this.phaseStarted) / 1000)} s in ${state.phase}, ${Math.round((this.now() - this.started) / 1000)} s in all`);
    return `${parts.join(' ')}: ${figures.join(', ')}`;
  }

  private draw(): void {
    if (!this.state) return;
    this.lastDraw = this.now();
    const line = this.describe(this.state, true);
    const width = this.options.width;
    this.stream.write(`\r\x1b[K${width && line.length >= width ? `${line.slice(0, width - 2)}…` : line}`);
    this.drawn = true;
  }

  private clear(): void {
    if (this.drawn) this.stream.write('\r\x1b[K');
    this.drawn = false;
  }
}

function megabytes(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}
