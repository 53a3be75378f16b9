import { describe, expect, it } from 'vitest';
import { quotedWhenUnclear } from '../../src/lib/control-chars.ts';

describe('quotedWhenUnclear: a name shown quoted when it could not be told apart from another', () => {
  it('blanks at an end, a control character, or nothing at all: a JSON string (controls as escapes); else the name as it is', () => {
    expect([' org', 'org ', 'org', 'Cost department', '', '\u00a0org', 'cost\tcentre', 'a\u001b[31mb', 'x\u202ey', 'say "hi"']
      .map(quotedWhenUnclear)).toEqual(['" org"', '"org "', 'org', 'Cost department', '""', '"\u00a0org"', '"cost\\tcentre"', '"a\\u001b[31mb"', '"x\\u202ey"', 'say "hi"']);
  });
});
