import { z } from 'zod';
import { isPublicUrl, PUBLIC_URL_RULE } from './public-url.ts';

const address = z.string().trim().email('an e-mail address like finops@example.com');
const addresses = z.array(address).default([]);
const region = z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'must be an AWS region such as eu-west-1');

/** How reports travel: SMTP (COSTLENS_SMTP_URL) or Amazon SES API v2. */
export const MAIL_TRANSPORTS = ['smtp', 'ses'] as const;
export type MailTransportKind = (typeof MAIL_TRANSPORTS)[number];

/** `report.ses:` — delivery through Amazon SES v2 (SendEmail, one call per recipient). */
export const sesConfigSchema = z.object({
  /** The SES region (where the sender identity is verified); default aws.region, else AWS_REGION. */
  region: region.optional(),
  /** A configuration set to send with (event publishing, dedicated IPs, suppression). */
  configurationSet: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be an SES configuration set name (letters, digits, _ and -)').optional(),
  /** The sender identity's ARN, for sending authorization (an identity another account owns). */
  fromArn: z.string().regex(/^arn:aws[a-z-]*:ses:[a-z0-9-]+:\d{12}:identity\/.+$/, 'must be an SES identity ARN (arn:aws:ses:REGION:ACCOUNT:identity/NAME)').optional(),
}).strict();

export type SesConfig = z.infer<typeof sesConfigSchema>;

/**
 * `report:` in costlens.config.* — the weekly e-mail report: who receives which view, which tag
 * keys route it, how much it lists, and how delivery retries.
 */
export const reportConfigSchema = z.object({
  /** The owner tag: one e-mail per value (team), and the owner of each saving. */
  ownerTagKey: z.string().min(1).default('team'),
  /** The cost-centre tag: finance's table and the chargeback CSV (`costlens attribute --tag KEY --format csv`). */
  costCentreTagKey: z.string().min(1).default('cost-center'),
  /** Recipients of each audience; an audience without recipients is only written with --out (or sent with --to). */
  audiences: z.object({
    finance: addresses,
    engineering: addresses,
    /** Owner tag value (canonical, as attribution names it) → addresses of that team's e-mail. */
    teams: z.record(z.string().min(1), z.array(address).min(1, 'list at least one address (or leave the team out)')).default({}),
  }).strict().default({}),
  /**
   * The address the dashboards (`costlens serve`) are reached at, e.g. https://costlens.example.com:
   * every section of the e-mail links to its page there. COSTLENS_PUBLIC_URL overrides it; with
   * neither, the e-mail has no links.
   */
  publicUrl: z.string().trim().refine(isPublicUrl, PUBLIC_URL_RULE).optional(),
  /** Prefixed to every subject line. */
  subjectPrefix: z.string().default('[costlens]'),
  /** Rows in each movers table (service, account, team). */
  topMovers: z.number().int().min(1).max(50).default(5),
  /** Savings listed (idle and rightsizing findings, largest monthly saving first). */
  topSavings: z.number().int().min(1).max(100).default(10),
  /** Weeks in the tag-coverage trend, the report week included. */
  trendWeeks: z.number().int().min(2).max(26).default(5),
  delivery: z.object({
    /** smtp or ses; default ses when `report.ses` is given, else smtp. COSTLENS_MAIL_TRANSPORT overrides it. */
    transport: z.enum(MAIL_TRANSPORTS).optional(),
    /** Attempts per recipient, the first included; a recipient still refused after them is reported as failed. */
    attempts: z.number().int().min(1).max(10).default(3),
    /** Wait before the 2nd, 3rd … attempt, in milliseconds (the last value repeats). */
    retryDelaysMs: z.array(z.number().int().min(0).max(600_000)).min(1).default([2_000, 10_000]),
  }).strict().default({}),
  /** Amazon SES v2 delivery settings; giving them makes ses the default transport. */
  ses: sesConfigSchema.optional(),
  charts: z.object({
    /** Extra TTF/OTF files for chart text (system fonts are always loaded; add one where the host has none). */
    fontFiles: z.array(z.string().min(1)).default([]),
    /** The family chart text asks for. */
    fontFamily: z.string().min(1).default('DejaVu Sans'),
  }).strict().default({}),
}).strict().default({});

export type ReportConfig = z.infer<typeof reportConfigSchema>;
