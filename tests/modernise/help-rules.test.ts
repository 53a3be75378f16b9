import { describe, expect, it } from 'vitest';
import { MODERNISE_RULES } from '../../src/analyze/modernise/index.ts';
import { moderniseCommand } from '../../src/cli/modernise.ts';

describe('costlens modernise --help', () => {
  it('lists every rule the command can emit (the rule registry), each once at the start of a line', () => {
    const listed = moderniseCommand.usage.split('\n').map((line) => /^ {2}([a-z0-9]+(?:-[a-z0-9]+)+) {2,}\S/.exec(line)?.[1]).filter((id) => id !== undefined);
    expect(listed).toEqual([...MODERNISE_RULES]);
    expect(listed).toContain('s3-standard-cold');
    expect(listed).toContain('nat-low-processing');
    expect(listed).toContain('inter-az-hotspot');
  });
});
