/** The generated query types (src/engine/query-types.generated.ts) are what the headers of queries/ say. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { queryRegistry } from '../../src/engine/query-registry.ts';
import { QUERY_TYPES_PATH, renderQueryTypes } from '../../src/engine/query-types.ts';

describe('generated query types', () => {
  it('regenerating them gives the checked-in file (run npm run gen:query-types after changing a header)', () => {
    expect(readFileSync(QUERY_TYPES_PATH, 'utf8')).toBe(renderQueryTypes(queryRegistry().queries));
  });

  it('type each row by its @returns and each parameter by its @param line (one_of= as a union, defaults optional)', () => {
    const text = renderQueryTypes(queryRegistry().queries);
    expect(text).toContain('  "attribution/spend_by_tag_values": {\n    /** DATE */\n    billing_period: string | null;');
    expect(text).toContain('    /** VARCHAR */\n    tag_values: string | null;\n    /** BIGINT */\n    lines: number | null;\n    /** DECIMAL */\n    billed_cost: bigint | null;');
    expect(text).toMatch(/\/\*\* BOOLEAN \*\/\n {4}provisional: boolean \| null;/);
    expect(text).toMatch(/ {4}cost\?: "billed" \| "effective";/);
    expect(text).toMatch(/\/\*\* DATE, required: the first charge day \(inclusive\) \*\/\n {4}start: string;/);
    expect(text).toContain('  "calendar/data_horizon": Record<string, never>;');
  });
});
