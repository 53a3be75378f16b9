/**
 * One middleware on every AWS client: it times each call, counts its attempts, tells a listener
 * (`--verbose` prints it; pullers count requests), and turns an SDK error into a CostlensError
 * ('aws') that names the service and operation, with a hint and the SDK error as its cause.
 */
import { CostlensError, messageOf } from '../errors.ts';

/** One finished AWS call. */
export interface AwsCall {
  service: string;
  operation: string;
  durationMs: number;
  /** HTTP attempts made, the first included. */
  attempts: number;
  /** The error name when the call failed. */
  error?: string;
}

export type AwsCallListener = (call: AwsCall) => void;

interface SdkErrorShape {
  name?: string;
  message?: string;
  $metadata?: { attempts?: number; httpStatusCode?: number };
}

interface MiddlewareContext {
  commandName?: string;
}

type Handler = (args: { input: object }) => Promise<{ output: { $metadata?: { attempts?: number } } }>;

/** A client whose middleware stack we can add to (every AWS SDK v3 client). */
export interface MiddlewareClient {
  middlewareStack: {
    // The SDK's MiddlewareStack<Input, Output> is invariant in its type parameters; the call
    // log only reads metadata, so it is added through this structural view.
    add(middleware: (next: Handler, context: MiddlewareContext) => Handler, options: { step: 'initialize'; name: string; priority: 'high'; override: boolean }): void;
  };
}

/** `aws ce GetCostAndUsage 412 ms` plus the retries and the error, for --verbose. */
export function formatCall(call: AwsCall): string {
  const retries = call.attempts - 1;
  const retried = retries > 0 ? `, ${retries} ${retries === 1 ? 'retry' : 'retries'}` : '';
  return `aws ${call.service} ${call.operation} ${Math.round(call.durationMs)} ms${retried}${call.error ? `, failed: ${call.error}` : ''}`;
}

const THROTTLING = /Throttl|TooManyRequests|LimitExceeded|RequestLimitExceeded|SlowDown|Rate exceeded/i;

function hintFor(error: SdkErrorShape): string {
  const name = error.name ?? '';
  const status = error.$metadata?.httpStatusCode ?? 0;
  if (name === 'CredentialsProviderError' || /credential/i.test(error.message ?? '') && status === 0) {
    return 'configure AWS credentials: AWS_PROFILE (with `aws sso login`), AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or an instance/container role';
  }
  if (/AccessDenied|UnauthorizedOperation|AuthorizationError|Forbidden/i.test(name) || status === 403) {
    return 'the credentials lack a permission; `costlens iam-policy` prints the policy costlens needs';
  }
  if (/Region is missing|Region not accepted/i.test(error.message ?? '')) {
    return 'set the region: aws.region in the config, AWS_REGION, or a region in the AWS profile (e.g. AWS_REGION=us-east-1)';
  }
  if (THROTTLING.test(name)) return 'AWS kept throttling these calls; retry later, lower aws.concurrency or raise aws.retry.maxAttempts';
  if (status >= 500) return 'AWS answered with a server error after every retry; retry later';
  if (status === 0) return 'no answer from AWS: check the network, the region, and AWS_ENDPOINT_URL / AWS_ENDPOINT_URL_<SERVICE> if set';
  return 'see the AWS error above; COSTLENS_DEBUG=1 prints its details';
}

/** Wraps an SDK error as a CostlensError('aws') naming the call; the SDK error is its cause. */
export function awsError(service: string, operation: string, error: unknown): CostlensError {
  if (error instanceof CostlensError) return error;
  const sdk = (error ?? {}) as SdkErrorShape;
  const attempts = sdk.$metadata?.attempts ?? 1;
  const after = attempts > 1 ? ` after ${attempts} attempts` : '';
  const name = sdk.name && sdk.name !== 'Error' ? `${sdk.name}: ` : '';
  return new CostlensError('aws', `${service} ${operation} failed${after}: ${name}${messageOf(error).split('\n')[0]}`, { hint: hintFor(sdk), cause: error });
}

/** The SDK error behind a CostlensError('aws'), or the error itself. */
export function sdkErrorOf(error: unknown): SdkErrorShape {
  return (error instanceof CostlensError ? error.cause : error) as SdkErrorShape ?? {};
}

/** Adds the timing, logging and error-wrapping middleware to a client. */
export function installCallLog(client: MiddlewareClient, service: string, listener: AwsCallListener | undefined): void {
  client.middlewareStack.add((next, context) => async (args) => {
    const operation = (context.commandName ?? 'UnknownCommand').replace(/Command$/, '');
    const started = performance.now();
    try {
      const result = await next(args);
      listener?.({ service, operation, durationMs: performance.now() - started, attempts: result.output.$metadata?.attempts ?? 1 });
      return result;
    } catch (error) {
      const sdk = (error ?? {}) as SdkErrorShape;
      listener?.({ service, operation, durationMs: performance.now() - started, attempts: sdk.$metadata?.attempts ?? 1, error: sdk.name ?? 'Error' });
      throw awsError(service, operation, error);
    }
  }, { step: 'initialize', name: 'costlensCallLog', priority: 'high', override: true });
}
