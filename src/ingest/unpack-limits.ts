/**
 * Bounds on unpacking `.gz` and `.zip` files, so that a small archive cannot fill the disk or the
 * memory (a "decompression bomb"): an archive may expand to `maxRatio` times its size once it has
 * written `ratioFromBytes`, and never past `maxBytes`; the folder it unpacks into must keep
 * `minFreeBytes` free. Set in the config (`ingest.unpack`) or the environment.
 */
import { statfs } from 'node:fs/promises';
import { Transform, type TransformCallback } from 'node:stream';
import { z } from 'zod';
import { CostlensError } from '../errors.ts';

export interface UnpackLimits {
  /** Most bytes one archive may unpack to (all its entries together). */
  maxBytes: number;
  /** Most expansion: unpacked bytes per byte of the archive, once past `ratioFromBytes`. */
  maxRatio: number;
  /** Bytes an archive may unpack to whatever its ratio. */
  ratioFromBytes: number;
  /** Bytes left free in the unpack folder (TMPDIR); unpacking stops before going below. */
  minFreeBytes: number;
}

const GIB = 1024 ** 3;
const MIB = 1024 ** 2;

export const DEFAULT_UNPACK_LIMITS: UnpackLimits = { maxBytes: 32 * GIB, maxRatio: 200, ratioFromBytes: 100 * MIB, minFreeBytes: 256 * MIB };

const UNITS: Record<string, number> = { '': 1, b: 1, kb: 1e3, mb: 1e6, gb: 1e9, tb: 1e12, kib: 1024, mib: MIB, gib: GIB, tib: 1024 * GIB };

/** Parses a byte size: a number of bytes, or text such as `100MB`, `32GiB`, `1.5 GB`; undefined if it is not one. */
export function parseByteSize(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? Math.floor(value) : undefined;
  const match = typeof value === 'string' ? /^\s*(\d+(?:\.\d+)?)\s*([kmgt]i?b|b)?\s*$/i.exec(value) : null;
  return match ? Math.floor(Number(match[1]) * UNITS[(match[2] ?? '').toLowerCase()]) : undefined;
}

const byteSize = z.union([z.number(), z.string()]).transform((value, ctx) => {
  const bytes = parseByteSize(value);
  if (bytes === undefined) ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'must be a size such as 32GB, 100MiB or a number of bytes' });
  return bytes ?? 0;
});

/** `ingest:` in costlens.config.* */
export const ingestConfigSchema = z.object({
  unpack: z.object({
    maxBytes: byteSize.optional(),
    maxRatio: z.number().positive().optional(),
    ratioFromBytes: byteSize.optional(),
    minFreeBytes: byteSize.optional(),
  }).strict().default({}),
}).strict().default({});

export type IngestConfig = z.infer<typeof ingestConfigSchema>;

const ENV_KEYS: Record<keyof UnpackLimits, string> = {
  maxBytes: 'COSTLENS_UNPACK_MAX_BYTES',
  maxRatio: 'COSTLENS_UNPACK_MAX_RATIO',
  ratioFromBytes: 'COSTLENS_UNPACK_RATIO_FROM',
  minFreeBytes: 'COSTLENS_UNPACK_MIN_FREE',
};

/** The limits: defaults, then `ingest.unpack` of the config, then the COSTLENS_UNPACK_* variables. */
export function resolveUnpackLimits(config: IngestConfig['unpack'] | undefined, env: NodeJS.ProcessEnv): UnpackLimits {
  const limits: UnpackLimits = { ...DEFAULT_UNPACK_LIMITS };
  for (const key of Object.keys(ENV_KEYS) as (keyof UnpackLimits)[]) {
    const fromConfig = config?.[key];
    if (fromConfig !== undefined) limits[key] = fromConfig;
    const text = env[ENV_KEYS[key]];
    if (text === undefined || text === '') continue;
    const value = key === 'maxRatio' ? Number(text) : parseByteSize(text);
    if (value === undefined || !Number.isFinite(value) || value <= 0) {
      throw new CostlensError('config', `${ENV_KEYS[key]}=${text}: ${key === 'maxRatio' ? 'must be a positive number' : 'must be a size such as 32GB, 100MiB or a number of bytes'}`, {
        hint: `set ${ENV_KEYS[key]} to ${key === 'maxRatio' ? 'a number such as 200' : 'a size such as 32GB'}, or unset it to use ingest.unpack of the config (or the default)`,
      });
    }
    limits[key] = value;
  }
  return limits;
}

/** The most bytes an archive of `packedBytes` may unpack to. */
export function allowedBytes(packedBytes: number, limits: UnpackLimits): number {
  return Math.min(limits.maxBytes, Math.max(limits.ratioFromBytes, Math.ceil(limits.maxRatio * packedBytes)));
}

/** Megabytes for messages. */
export function mb(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}

async function freeBytes(folder: string): Promise<number> {
  const stats = await statfs(folder);
  return Number(stats.bavail) * Number(stats.bsize);
}

function diskError(folder: string, what: string, free: number): CostlensError {
  return new CostlensError('store', `${what}: ${folder} has ${mb(free)} free`, {
    hint: 'free some space, or point TMPDIR at a larger disk (ingest.unpack.minFreeBytes / COSTLENS_UNPACK_MIN_FREE keep a reserve)',
  });
}

/**
 * Refuses, before anything is written, an archive whose unpacked size is known to be at least
 * `atLeastBytes` when that passes the limits or does not fit in the free space of `folder`.
 */
export async function checkBeforeUnpacking(name: string, packedBytes: number, atLeastBytes: number, folder: string, limits: UnpackLimits): Promise<void> {
  const allowed = allowedBytes(packedBytes, limits);
  if (atLeastBytes > allowed) throw expansionError(name, packedBytes, atLeastBytes, allowed, limits, 'declares');
  const free = await freeBytes(folder);
  if (atLeastBytes > free - limits.minFreeBytes) {
    throw diskError(folder, `unpacking ${name} needs at least ${mb(atLeastBytes)} and ${mb(limits.minFreeBytes)} must stay free`, free);
  }
}

function expansionError(name: string, packedBytes: number, bytes: number, allowed: number, limits: UnpackLimits, verb: 'declares' | 'reached'): CostlensError {
  const cap = allowed === limits.maxBytes ? `the limit of ${mb(limits.maxBytes)}` : `${limits.maxRatio} times its ${mb(packedBytes)}`;
  return new CostlensError('input', `${name}: ${verb === 'declares' ? `declares ${mb(bytes)} unpacked` : `unpacked past ${mb(bytes)}`}, more than ${cap}; stopped (a decompression bomb, or an unusually large file)`, {
    hint: 'if the file is genuine, raise ingest.unpack.maxRatio / maxBytes in the config (or COSTLENS_UNPACK_MAX_RATIO / COSTLENS_UNPACK_MAX_BYTES)',
  });
}

/** How often (in unpacked bytes) the free space is checked again. */
const FREE_SPACE_CHECK_BYTES = 64 * MIB;

/**
 * Counts the bytes of one archive's unpacked output (shared by all its entries) and stops the
 * stream with an error naming `name` when they pass the limit or the folder runs low on space.
 */
export class UnpackBudget {
  private written = 0;
  private nextFreeCheck = FREE_SPACE_CHECK_BYTES;
  readonly allowed: number;

  /** `folder`: where the bytes are written, kept `minFreeBytes` free; undefined when they are not written to disk (a pipe). */
  constructor(private readonly archive: string, private readonly packedBytes: number, private readonly folder: string | undefined, private readonly limits: UnpackLimits) {
    this.allowed = allowedBytes(packedBytes, limits);
  }

  /** A pass-through stream that charges every chunk to this budget; `name` names the entry in errors. */
  meter(name: string = this.archive): Transform {
    return new Transform({
      transform: (chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback) => {
        this.charge(name, chunk.length).then(() => done(null, chunk), (error: unknown) => done(error as Error));
      },
    });
  }

  private async charge(name: string, bytes: number): Promise<void> {
    this.written += bytes;
    if (this.written > this.allowed) throw expansionError(name, this.packedBytes, this.allowed, this.allowed, this.limits, 'reached');
    if (this.folder === undefined || this.written < this.nextFreeCheck) return;
    this.nextFreeCheck = this.written + FREE_SPACE_CHECK_BYTES;
    const free = await freeBytes(this.folder);
    if (free < this.limits.minFreeBytes) throw diskError(this.folder, `stopped unpacking ${name} after ${mb(this.written)} to keep ${mb(this.limits.minFreeBytes)} free`, free);
  }
}
