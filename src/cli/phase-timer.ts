/**
 * Wall time per phase of a long command, from its progress events: a phase runs from its first
 * event until the next phase's first event (or the end), and a phase met again (map and parse
 * alternate per file) adds to its total. Time before the first event is `start`.
 */
export class PhaseTimer {
  private readonly totals = new Map<string, number>();
  private current: { phase: string; since: number };
  private readonly started: number;

  constructor(private readonly now: () => number = Date.now) {
    this.started = now();
    this.current = { phase: 'start', since: this.started };
  }

  /** The work is in `phase` from now on. */
  mark(phase: string): void {
    if (phase === this.current.phase) return;
    const at = this.now();
    this.close(at);
    this.current = { phase, since: at };
  }

  /** Milliseconds per phase in the order first met, and the whole run's. */
  finish(): { phases: [string, number][]; totalMs: number } {
    const at = this.now();
    this.close(at);
    this.current = { phase: this.current.phase, since: at };
    return { phases: [...this.totals], totalMs: at - this.started };
  }

  private close(at: number): void {
    this.totals.set(this.current.phase, (this.totals.get(this.current.phase) ?? 0) + (at - this.current.since));
  }
}

/** `time per phase: start 0.05 s, unpack 0.01 s, … (total 2.31 s)`. */
export function formatPhaseTimes(times: { phases: [string, number][]; totalMs: number }): string {
  const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  return `time per phase: ${times.phases.map(([phase, ms]) => `${phase} ${s(ms)}`).join(', ')} (total ${s(times.totalMs)})`;
}
