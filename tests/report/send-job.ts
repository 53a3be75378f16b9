/** A report run's send phase as a JSON job, for send-child.ts (composed messages, their bytes in base64). */
import type { Delivery, RetryPolicy } from '../../src/report/deliver.ts';
import type { ReportMessage } from '../../src/report/message.ts';

/** The job file: messages with their attachments' bytes in base64. */
export interface SendJob {
  storePath: string;
  smtpUrl: string;
  from: string;
  retry: RetryPolicy;
  resendUnknown: boolean;
  deliveries: { recipients: string[]; message: Omit<ReportMessage, 'attachments'> & { attachments: (Omit<ReportMessage['attachments'][number], 'content'> & { content: string })[] } }[];
}

/** A job's deliveries as the product takes them. */
export function jobDeliveries(job: SendJob): Delivery[] {
  return job.deliveries.map((d) => ({
    recipients: d.recipients,
    message: { ...d.message, attachments: d.message.attachments.map((a) => ({ ...a, content: Buffer.from(a.content, 'base64') })) },
  }));
}

/** The job file of composed messages. */
export function sendJob(options: Omit<SendJob, 'deliveries'>, deliveries: readonly Delivery[]): SendJob {
  return {
    ...options,
    deliveries: deliveries.map((d) => ({
      recipients: d.recipients,
      message: { ...d.message, attachments: d.message.attachments.map((a) => ({ ...a, content: a.content.toString('base64') })) },
    })),
  };
}
