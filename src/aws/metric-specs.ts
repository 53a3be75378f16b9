/**
 * Which CloudWatch metrics costlens reads for each kind of resource, named as the idle and
 * rightsizing queries read them: CPU as Average, Maximum and a percentile; byte and request
 * counts as daily Sums; host and connection counts as Average (and Maximum); Lambda Duration as
 * Average, Maximum and p99 with Invocations as Sum, and the memory Lambda Insights measures
 * (used_memory_max, MB) as Maximum when the function has Lambda Insights enabled.
 */

export type ResourceKind = 'ec2' | 'ebs' | 'alb' | 'nlb' | 'elb' | 'rds' | 'nat' | 'lambda';

/** A resource costlens reads metrics for: its id as the bill and inventory name it. */
export interface MetricTarget {
  resourceId: string;
  kind: ResourceKind;
  account: string;
  region: string;
}

/** One metric of one resource: a CloudWatch metric and the statistics to fetch. */
export interface MetricSpec {
  namespace: string;
  metricName: string;
  dimensions: { Name: string; Value: string }[];
  stats: string[];
  unit: string;
}

/** Metrics whose dimensions are discovered with ListMetrics (agent and target-group metrics). */
export interface DiscoveredMetric {
  namespace: string;
  metricName: string;
  /** The dimension that names the resource in the listed metrics. */
  key: string;
  stats: string[];
  unit: string;
  /** Values of several listed metrics for one resource (target groups) are summed per day. */
  combine: 'single' | 'sum';
}

/** The percentile of Lambda Duration fetched (an extended statistic GetMetricData takes as its Stat). */
export const LAMBDA_DURATION_PERCENTILE = 'p99';

/** Classifies a resource id (instance, volume and NAT ids; load balancer, RDS, NAT and Lambda function ARNs). */
export function kindOf(resourceId: string): ResourceKind | undefined {
  if (/^i-[0-9a-f]+$/.test(resourceId)) return 'ec2';
  if (/^vol-[0-9a-f]+$/.test(resourceId)) return 'ebs';
  if (/^(arn:aws[a-z-]*:ec2:[^:]+:\d{12}:natgateway\/)?nat-[0-9a-f]+$/.test(resourceId)) return 'nat';
  if (/^arn:aws[a-z-]*:rds:[^:]+:\d{12}:db:[^:]+$/.test(resourceId)) return 'rds';
  if (/^arn:aws[a-z-]*:lambda:[^:]+:\d{12}:function:[^:]+$/.test(resourceId)) return 'lambda';
  const lb = /^arn:aws[a-z-]*:elasticloadbalancing:[^:]+:\d{12}:loadbalancer\/(.+)$/.exec(resourceId)?.[1];
  if (lb?.startsWith('app/')) return 'alb';
  if (lb?.startsWith('net/')) return 'nlb';
  if (lb && !lb.includes('/')) return 'elb';
  return undefined;
}

/** Region and account written in an ARN, when the id is one. */
export function arnScope(resourceId: string): { region: string; account: string } | undefined {
  const match = /^arn:aws[a-z-]*:[a-z0-9-]+:([a-z0-9-]+):(\d{12}):/.exec(resourceId);
  return match ? { region: match[1], account: match[2] } : undefined;
}

const dim = (Name: string, Value: string) => [{ Name, Value }];

/** The metrics with fixed dimensions for a target; `percentile` is e.g. p99.5. */
export function metricSpecs(target: MetricTarget, percentile: string): MetricSpec[] {
  const id = target.resourceId;
  const cpu = ['Average', 'Maximum', percentile];
  switch (target.kind) {
    case 'ec2':
      return [
        { namespace: 'AWS/EC2', metricName: 'CPUUtilization', dimensions: dim('InstanceId', id), stats: cpu, unit: 'Percent' },
        { namespace: 'AWS/EC2', metricName: 'NetworkIn', dimensions: dim('InstanceId', id), stats: ['Sum'], unit: 'Bytes' },
        { namespace: 'AWS/EC2', metricName: 'NetworkOut', dimensions: dim('InstanceId', id), stats: ['Sum'], unit: 'Bytes' },
      ];
    case 'ebs':
      return [
        { namespace: 'AWS/EBS', metricName: 'VolumeReadOps', dimensions: dim('VolumeId', id), stats: ['Sum'], unit: 'Count' },
        { namespace: 'AWS/EBS', metricName: 'VolumeWriteOps', dimensions: dim('VolumeId', id), stats: ['Sum'], unit: 'Count' },
      ];
    case 'alb':
      return [{ namespace: 'AWS/ApplicationELB', metricName: 'RequestCount', dimensions: dim('LoadBalancer', loadBalancerDimension(id)), stats: ['Sum'], unit: 'Count' }];
    case 'elb': {
      const name = loadBalancerDimension(id);
      return [
        { namespace: 'AWS/ELB', metricName: 'RequestCount', dimensions: dim('LoadBalancerName', name), stats: ['Sum'], unit: 'Count' },
        { namespace: 'AWS/ELB', metricName: 'HealthyHostCount', dimensions: dim('LoadBalancerName', name), stats: ['Average'], unit: 'Count' },
      ];
    }
    case 'rds': {
      const name = id.split(':db:')[1];
      return [
        { namespace: 'AWS/RDS', metricName: 'DatabaseConnections', dimensions: dim('DBInstanceIdentifier', name), stats: ['Average', 'Maximum'], unit: 'Count' },
        { namespace: 'AWS/RDS', metricName: 'CPUUtilization', dimensions: dim('DBInstanceIdentifier', name), stats: cpu, unit: 'Percent' },
      ];
    }
    case 'lambda': {
      const name = id.replace(/^.*:function:/, '');
      return [
        { namespace: 'AWS/Lambda', metricName: 'Duration', dimensions: dim('FunctionName', name), stats: ['Average', 'Maximum', LAMBDA_DURATION_PERCENTILE], unit: 'Milliseconds' },
        { namespace: 'AWS/Lambda', metricName: 'Invocations', dimensions: dim('FunctionName', name), stats: ['Sum'], unit: 'Count' },
        { namespace: 'LambdaInsights', metricName: 'used_memory_max', dimensions: dim('function_name', name), stats: ['Maximum'], unit: 'Megabytes' },
      ];
    }
    case 'nat':
      return [{ namespace: 'AWS/NATGateway', metricName: 'BytesOutToDestination', dimensions: dim('NatGatewayId', id.replace(/^.*natgateway\//, '')), stats: ['Sum'], unit: 'Bytes' }];
    default:
      return [];
  }
}

/** The metrics found through ListMetrics for a kind, and the dimension value that names the target. */
export function discoveredMetrics(target: MetricTarget, percentile: string): { metric: DiscoveredMetric; value: string }[] {
  if (target.kind === 'ec2') {
    return [{ metric: { namespace: 'CWAgent', metricName: 'mem_used_percent', key: 'InstanceId', stats: ['Average', 'Maximum', percentile], unit: 'Percent', combine: 'single' }, value: target.resourceId }];
  }
  if (target.kind === 'alb' || target.kind === 'nlb') {
    const namespace = target.kind === 'alb' ? 'AWS/ApplicationELB' : 'AWS/NetworkELB';
    return [{ metric: { namespace, metricName: 'HealthyHostCount', key: 'LoadBalancer', stats: ['Average'], unit: 'Count', combine: 'sum' }, value: loadBalancerDimension(target.resourceId) }];
  }
  return [];
}

/** `app/name/id` (ALB, NLB) or `name` (classic) from a load balancer ARN. */
export function loadBalancerDimension(arn: string): string {
  return arn.replace(/^.*:loadbalancer\//, '');
}
