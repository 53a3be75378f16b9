/**
 * A report run's send phase in a process of its own, for tests that kill it with SIGKILL: reads a
 * job (store, SMTP URL, composed messages, retry policy) from the JSON file named on the command
 * line and delivers it with the product's deliverReports, exactly as `costlens report weekly
 * --send` does after building the messages. Run: node bin/run-ts.js tests/report/send-child.ts JOB,
 * or without JOB to load everything first and then read the job file's path from stdin (a process
 * started ahead of its trial).
 */
import { readFileSync } from 'node:fs';
import { text } from 'node:stream/consumers';
import { deliverReports } from '../../src/report/deliver.ts';
import { smtpTransport } from '../../src/report/transport.ts';
import { jobDeliveries, type SendJob } from './send-job.ts';

const jobPath = process.argv[2] ?? (await text(process.stdin)).trim();
const job: SendJob = JSON.parse(readFileSync(jobPath, 'utf8'));
const transport = smtpTransport(job.smtpUrl);
try {
  const results = await deliverReports(job.storePath, jobDeliveries(job), { transport, from: job.from, force: false, resendUnknown: job.resendUnknown }, job.retry,
    (line) => process.stderr.write(`${line}\n`));
  process.stdout.write(`${JSON.stringify(results)}\n`);
} finally {
  transport.close();
}
