/**
 * Which modernisation findings idle and rightsizing supersede (src/analyze/modernise/superseded.ts):
 * idle takes any finding on its resource; rightsizing takes the instance-type findings of an instance
 * it resizes or moves to another family, and every finding of an instance it would terminate, but not
 * an inter-AZ finding of one it only resizes (traffic placement is not a type change); Lambda's
 * memory recommendations change no instance. On Athena only idle's rules that read the bill run, and the report
 * names what was not checked; when they fail, the error names the step and keeps their code, hint and cause.
 */
import { describe, expect, it } from 'vitest';
import { idleAndRightsizing, leaveOutFindings, notCheckedOnAthena, splitSuperseded, type ModerniseFinding, type ModerniseReport, type SupersedingFindings } from '../../src/analyze/modernise/index.ts';
import type { Engine } from '../../src/engine/engine.ts';
import { CostlensError } from '../../src/errors.ts';
import { idleConfigSchema, rightsizingConfigSchema } from '../../src/analyze/optimisation-config.ts';
import { supersededText } from '../../src/cli/modernise.ts';
import { RULES_NOT_ON_ATHENA } from '../../src/analyze/idle/index.ts';

const finding = (rule: ModerniseFinding['rule'], kind: ModerniseFinding['kind'], resourceId: string, monthlySaving: string): ModerniseFinding => ({
  rule, kind, resourceId, accountId: '111122223333', region: 'us-east-1', current: 'x', target: 'y', platformChange: false, evidence: {},
  hourlyRate: '0', monthlyCost: '10.00', windowCost: '0', monthlySaving, monthlySavingCommitment: '0.00', monthlySavingDeferred: '0.00', commitment: null,
  listMonthlySaving: monthlySaving, priceSource: 'test', confidence: 'high', thresholds: {}, explanation: '', action: '', alternatives: [],
  day: '2023-11-30', costWindow: { start: '2023-11-01', end: '2023-12-01' },
});

const FINDINGS = [
  finding('ec2-graviton-twin', 'ec2-instance', 'i-resized', '9.00'),
  finding('inter-az-hotspot', 'inter-az-source', 'i-resized', '8.00'),
  finding('ec2-older-generation', 'ec2-instance', 'i-terminated', '7.00'),
  finding('inter-az-hotspot', 'inter-az-source', 'i-terminated', '6.00'),
  finding('ec2-graviton-twin', 'ec2-instance', 'i-idle-and-resized', '5.00'),
  finding('rds-previous-generation', 'rds-instance', 'db-family', '4.00'),
  finding('ebs-gp2-to-gp3', 'ebs-volume', 'vol-idle', '3.00'),
  finding('ec2-graviton-twin', 'ec2-instance', 'i-kept', '2.00'),
];

const OTHERS: SupersedingFindings = {
  idle: [
    { rule: 'ebs-unattached', resourceId: 'vol-idle', alsoMatched: ['ebs-low-iops'], action: 'snapshot the volume, then delete it' },
    { rule: 'ec2-low-utilisation', resourceId: 'i-idle-and-resized', alsoMatched: [], action: 'stop it' },
    { rule: 'eip-idle-address', resourceId: null, alsoMatched: [], action: 'release it' },
  ],
  rightsizing: [
    { rule: 'rightsize-downsize', resourceId: 'i-resized', recommendedType: 'm5.large', move: 'resize', action: 'resize to m5.large' },
    { rule: 'rightsize-terminate', resourceId: 'i-terminated', recommendedType: null, move: 'terminate', action: 'terminate it' },
    { rule: 'rightsize-downsize', resourceId: 'i-idle-and-resized', recommendedType: 'm5.large', move: 'resize', action: 'resize to m5.large' },
    { rule: 'rightsize-burstable', resourceId: 'db-family', recommendedType: 'db.t3.large', move: 'family', action: 'move to db.t3.large' },
    { rule: 'rightsize-lambda-memory', resourceId: 'i-kept', recommendedType: null, move: null, action: 'lower its memory' },
  ],
};

describe('which findings idle and rightsizing supersede', () => {
  it('idle first, then rightsizing\'s type changes and terminations; the rest kept in their order', () => {
    const split = splitSuperseded(FINDINGS, OTHERS);
    expect(split.kept.map((f) => `${f.rule} ${f.resourceId}`)).toEqual(['inter-az-hotspot i-resized', 'ec2-graviton-twin i-kept']);
    expect(split.byIdle.map((f) => [f.resourceId, f.monthlySaving, f.supersededBy.rule, f.note])).toEqual([
      ['i-idle-and-resized', '5.00', 'ec2-low-utilisation', 'the resource is idle (ec2-low-utilisation): stop it; see costlens idle'],
      ['vol-idle', '3.00', 'ebs-unattached', 'the resource is idle (ebs-unattached, also ebs-low-iops): snapshot the volume, then delete it; see costlens idle'],
    ]);
    expect(split.byRightsizing.map((f) => [f.rule, f.resourceId, f.supersededBy.target, f.note])).toEqual([
      ['ec2-graviton-twin', 'i-resized', 'm5.large', 'rightsizing recommends m5.large for the instance (rightsize-downsize): resize to m5.large; see costlens rightsize'],
      ['ec2-older-generation', 'i-terminated', null, 'rightsizing recommends terminating the instance (rightsize-terminate): terminate it; see costlens rightsize'],
      ['inter-az-hotspot', 'i-terminated', null, 'rightsizing recommends terminating the instance (rightsize-terminate): terminate it; see costlens rightsize'],
      ['rds-previous-generation', 'db-family', 'db.t3.large', 'rightsizing recommends db.t3.large for the instance (rightsize-burstable): move to db.t3.large; see costlens rightsize'],
    ]);
  });

  it('a move that saves nothing on a resource idle flags is idle\'s (delete it), not "saves nothing"; on a kept resource it is left out as saving nothing', () => {
    const free = [finding('ebs-gp2-to-gp3', 'ebs-volume', 'vol-idle', '0.00'), finding('ebs-gp2-to-gp3', 'ebs-volume', 'vol-free', '0.00'), finding('ec2-graviton-twin', 'ec2-instance', 'i-kept', '2.00')];
    const left = leaveOutFindings(free, OTHERS);
    expect(left.findings.map((f) => f.resourceId)).toEqual(['i-kept']);
    expect(left.supersededByIdle.map((f) => [f.resourceId, f.supersededBy.rule])).toEqual([['vol-idle', 'ebs-unattached']]);
    expect(left.nothingToSave.map((f) => f.resourceId)).toEqual(['vol-free']);
    expect(leaveOutFindings(free, null).nothingToSave.map((f) => f.resourceId)).toEqual(['vol-idle', 'vol-free']);
  });

  it('on Athena the report names what it did not check (rightsizing, idle\'s rules that read metrics or the inventory) and what it did (idle\'s rules that read the bill); the table lists the findings idle left out, then that line', () => {
    const notRun = RULES_NOT_ON_ATHENA.map((rule) => ({ rule }));
    const why = 'not checked against costlens rightsize nor costlens idle\'s rules that read metrics or the inventory (ec2-low-utilisation, ebs-unattached, ebs-low-iops,'
      + ' lb-no-healthy-targets, lb-low-requests, rds-no-connections, nat-no-traffic): they read CloudWatch metrics and the inventory, which only the local store holds'
      + ' (--engine athena); checked against idle\'s rules that read the bill';
    expect(notCheckedOnAthena(notRun, { billOnly: { enabled: true, days: 7 } }))
      .toBe(`${why} (eip-idle-address, bill-ebs-without-instances, bill-nat-without-traffic, bill-lb-without-traffic)`);
    expect(notCheckedOnAthena(notRun, { billOnly: { enabled: false, days: 7 } })).toBe(`${why} (eip-idle-address)`);
    const athena = { name: 'athena' } as Engine;
    expect('at' in idleAndRightsizing(athena, { idle: idleConfigSchema.parse({}), rightsizing: rightsizingConfigSchema.parse({}) })).toBe(true);
    const left = splitSuperseded(FINDINGS, { idle: OTHERS.idle, rightsizing: [] });
    const report = { supersededByIdle: left.byIdle, supersededByRightsizing: [], checkedAgainst: ['idle'], notChecked: `${why} (eip-idle-address)` } as unknown as ModerniseReport;
    expect(supersededText(report)).toEqual([
      '', '2 findings left out (not in the figures above): the resource is idle — see costlens idle',
      '  i-idle-and-resized ec2-graviton-twin: x → y, $5.00 a month; ec2-low-utilisation: stop it',
      '  vol-idle ebs-gp2-to-gp3: x → y, $3.00 a month; ebs-unattached (also ebs-low-iops): snapshot the volume, then delete it',
      '', `Idle and rightsizing: ${why} (eip-idle-address).`,
    ]);
  });

  it('an idle or rightsizing failure names the step and keeps its code, hint and cause', async () => {
    const broken = new CostlensError('store', 'the store is unreadable', { hint: 'run costlens migrate' });
    const engine = { name: 'duckdb', run: async () => { throw broken; }, close: async () => undefined } as Engine;
    const source = idleAndRightsizing(engine, { idle: idleConfigSchema.parse({}), rightsizing: rightsizingConfigSchema.parse({}) });
    const error = await ('at' in source ? source.at('2023-12-01') : Promise.reject(new Error('no source'))).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CostlensError);
    expect([(error as CostlensError).code, (error as CostlensError).message, (error as CostlensError).hint, (error as CostlensError).cause])
      .toEqual(['store', 'modernise: running idle and rightsizing as of 2023-12-01 (to leave out what they supersede) failed: the store is unreadable', 'run costlens migrate', broken]);
  });
});
