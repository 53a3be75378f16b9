/**
 * The send phase of one bench/faults trial, in the process the bench kills: delivers the job's
 * messages with the product's deliverReports (ledger, send journal, SMTP), as `costlens report
 * weekly --send` does once the messages are built. Run: node bin/run-ts.js bench/faults-send-child.ts JOB.
 */
import { readFileSync } from 'node:fs';
import { deliverReports } from '../src/report/deliver.ts';
import { smtpTransport } from '../src/report/transport.ts';
import { FROM, RETRY, jobDeliveries, type SendJob } from './faults-send.ts';

const job: SendJob = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const transport = smtpTransport(job.smtpUrl);
try {
  await deliverReports(job.storePath, jobDeliveries(job), { transport, from: FROM, force: false }, RETRY, (line) => process.stderr.write(`${line}\n`));
} finally {
  transport.close();
}
