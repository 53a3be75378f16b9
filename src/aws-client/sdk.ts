/**
 * The AWS SDK packages, each loaded on first use. Loading one costs 0.1–0.3 s and all of them
 * together about 0.8 s, while most commands (ingest of local files, the analysers, the server)
 * never call AWS; so code that calls AWS takes its classes from here (`awsSdk.s3().GetObjectCommand`)
 * and imports only types from the packages themselves.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

function lazy<T>(load: () => T): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= load());
}

/** One loader per SDK package costlens uses. */
export const awsSdk = {
  athena: lazy(() => require('@aws-sdk/client-athena') as typeof import('@aws-sdk/client-athena')),
  cloudWatch: lazy(() => require('@aws-sdk/client-cloudwatch') as typeof import('@aws-sdk/client-cloudwatch')),
  costExplorer: lazy(() => require('@aws-sdk/client-cost-explorer') as typeof import('@aws-sdk/client-cost-explorer')),
  ec2: lazy(() => require('@aws-sdk/client-ec2') as typeof import('@aws-sdk/client-ec2')),
  elbv2: lazy(() => require('@aws-sdk/client-elastic-load-balancing-v2') as typeof import('@aws-sdk/client-elastic-load-balancing-v2')),
  lambda: lazy(() => require('@aws-sdk/client-lambda') as typeof import('@aws-sdk/client-lambda')),
  rds: lazy(() => require('@aws-sdk/client-rds') as typeof import('@aws-sdk/client-rds')),
  s3: lazy(() => require('@aws-sdk/client-s3') as typeof import('@aws-sdk/client-s3')),
  sesv2: lazy(() => require('@aws-sdk/client-sesv2') as typeof import('@aws-sdk/client-sesv2')),
  sts: lazy(() => require('@aws-sdk/client-sts') as typeof import('@aws-sdk/client-sts')),
  credentialProviders: lazy(() => require('@aws-sdk/credential-providers') as typeof import('@aws-sdk/credential-providers')),
};
