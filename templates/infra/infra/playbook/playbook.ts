/**
 * Incident playbook for high-severity GuardDuty findings on this service's ECS tasks: the task
 * is cut off from the network (its ENIs get the quarantine security group, which has no rules)
 * but keeps running, so memory, processes and files stay available as forensic evidence.
 * The AWS calls sit behind `PlaybookClients` so the decisions here are unit-tested with fakes.
 */

/** GuardDuty rates 7.0-8.9 High and 9.0-10.0 Critical; only those isolate a task. */
export const MIN_SEVERITY = 7;

/** The tag keys an isolated task carries, for responders and for the audit trail. */
export const QUARANTINE_TAG = 'quarantined';
export const FINDING_TAG = 'guardduty-finding-id';

export interface PlaybookConfig {
  /** Only tasks of this cluster are isolated; findings for anything else are left to humans. */
  readonly clusterArn: string;
  readonly quarantineSecurityGroupId: string;
  readonly topicArn: string;
}

/** The environment variables the function reads, set by the governance stack. */
export const CONFIG_VARIABLES = {
  clusterArn: 'CLUSTER_ARN',
  quarantineSecurityGroupId: 'QUARANTINE_SECURITY_GROUP_ID',
  topicArn: 'ALERTS_TOPIC_ARN',
} as const satisfies Record<keyof PlaybookConfig, string>;

export class PlaybookConfigError extends Error {
  override readonly name = 'PlaybookConfigError';
}

/** Reads and validates the configuration once, at cold start: a misconfigured function fails loudly. */
export function readConfig(env: Readonly<Record<string, string | undefined>>): PlaybookConfig {
  const missing = Object.values(CONFIG_VARIABLES).filter((name) => !env[name]?.trim());
  if (missing.length > 0) {
    throw new PlaybookConfigError(`Incident playbook misconfigured: missing environment variable(s) ${missing.join(', ')}`);
  }
  const value = (name: string) => env[name]!.trim();
  const config: PlaybookConfig = {
    clusterArn: value(CONFIG_VARIABLES.clusterArn),
    quarantineSecurityGroupId: value(CONFIG_VARIABLES.quarantineSecurityGroupId),
    topicArn: value(CONFIG_VARIABLES.topicArn),
  };
  const checks: Array<[string, string, RegExp]> = [
    [CONFIG_VARIABLES.clusterArn, config.clusterArn, /^arn:aws[\w-]*:ecs:[\w-]+:\d{12}:cluster\/.+$/],
    [CONFIG_VARIABLES.quarantineSecurityGroupId, config.quarantineSecurityGroupId, /^sg-[0-9a-f]+$/],
    [CONFIG_VARIABLES.topicArn, config.topicArn, /^arn:aws[\w-]*:sns:[\w-]+:\d{12}:.+$/],
  ];
  for (const [name, actual, pattern] of checks) {
    if (!pattern.test(actual)) {
      throw new PlaybookConfigError(`Incident playbook misconfigured: ${name} is not valid: ${JSON.stringify(actual)}`);
    }
  }
  return config;
}

/** The parts of a GuardDuty finding event (EventBridge `GuardDuty Finding`) the playbook reads. */
export interface GuardDutyFindingEvent {
  readonly 'detail-type'?: string;
  readonly 'source'?: string;
  readonly 'detail'?: {
    readonly id?: string;
    readonly type?: string;
    readonly severity?: number;
    readonly title?: string;
    readonly resource?: {
      readonly resourceType?: string;
      readonly ecsClusterDetails?: {
        readonly arn?: string;
        readonly name?: string;
        readonly taskDetails?: { readonly arn?: string; readonly definitionArn?: string };
      };
    };
  };
}

export interface TaskNetwork {
  readonly taskArn: string;
  readonly lastStatus?: string;
  readonly networkInterfaceIds: readonly string[];
}

/** The four AWS calls the playbook makes; the Lambda wires them to the SDK (see aws-clients.ts). */
export interface PlaybookClients {
  /** ECS DescribeTasks; undefined when ECS does not know the task (e.g. already gone). */
  describeTask(clusterArn: string, taskArn: string): Promise<TaskNetwork | undefined>;
  /** EC2 ModifyNetworkInterfaceAttribute: replaces every security group of the ENI. */
  replaceSecurityGroups(networkInterfaceId: string, securityGroupIds: readonly string[]): Promise<void>;
  /** ECS TagResource on the task. */
  tagTask(taskArn: string, tags: Readonly<Record<string, string>>): Promise<void>;
  /** SNS Publish to the alerts topic. */
  notify(topicArn: string, subject: string, message: string): Promise<void>;
}

export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export type PlaybookOutcome =
  | { readonly status: 'ignored'; readonly findingId?: string; readonly reason: string }
  | {
    readonly status: 'isolated';
    readonly findingId: string;
    readonly taskArn: string;
    readonly networkInterfaceIds: readonly string[];
  };

interface TaskFinding {
  readonly findingId: string;
  readonly findingType: string;
  readonly severity: number;
  readonly title: string;
  readonly taskArn: string;
}

/** Decides whether a finding is one this playbook acts on; the reason is logged otherwise. */
export function selectFinding(event: GuardDutyFindingEvent, config: PlaybookConfig): TaskFinding | { readonly ignore: string } {
  const detail = event.detail;
  if (!detail?.id) return { ignore: 'event is not a GuardDuty finding (no detail.id)' };
  const severity = Number(detail.severity);
  if (!Number.isFinite(severity) || severity < MIN_SEVERITY) {
    return { ignore: `severity ${String(detail.severity)} is below ${MIN_SEVERITY}` };
  }
  const resource = detail.resource;
  if (resource?.resourceType !== 'ECSCluster' || !resource.ecsClusterDetails) {
    return { ignore: `resource type ${String(resource?.resourceType)} is not an ECS cluster` };
  }
  const cluster = resource.ecsClusterDetails;
  if (cluster.arn !== config.clusterArn) {
    return { ignore: `cluster ${String(cluster.arn)} is not this service's cluster` };
  }
  const taskArn = cluster.taskDetails?.arn;
  if (!taskArn) return { ignore: 'finding names the cluster but no task' };
  return {
    findingId: detail.id,
    findingType: detail.type ?? 'unknown',
    severity,
    title: detail.title ?? '',
    taskArn,
  };
}

export class PlaybookError extends Error {
  override readonly name = 'PlaybookError';
}

/**
 * Runs the playbook for one event. Throws (after trying to alert humans) when isolation fails,
 * so the invocation is retried and finally lands in the dead-letter queue instead of passing silently.
 */
export async function respondToFinding(
  event: GuardDutyFindingEvent,
  config: PlaybookConfig,
  clients: PlaybookClients,
  log: Logger,
): Promise<PlaybookOutcome> {
  const selected = selectFinding(event, config);
  if ('ignore' in selected) {
    log.info('Finding ignored by the isolation playbook', { findingId: event.detail?.id, reason: selected.ignore });
    return { status: 'ignored', findingId: event.detail?.id, reason: selected.ignore };
  }
  try {
    const networkInterfaceIds = await isolateTask(selected, config, clients);
    const outcome: PlaybookOutcome = { status: 'isolated', findingId: selected.findingId, taskArn: selected.taskArn, networkInterfaceIds };
    await clients.notify(config.topicArn, subject('ECS task isolated', selected), [
      `GuardDuty finding ${selected.findingId} (${selected.findingType}, severity ${selected.severity}): ${selected.title}`,
      `Task: ${selected.taskArn}`,
      `Done: security groups of ${networkInterfaceIds.join(', ')} replaced by ${config.quarantineSecurityGroupId} (no rules);`
        + ` task tagged ${QUARANTINE_TAG}=true and ${FINDING_TAG}=${selected.findingId}.`,
      'The task was NOT stopped: capture memory, processes and files before stopping it. Existing tracked connections may persist until they close.',
    ].join('\n'));
    log.info('ECS task isolated', { ...outcome });
    return outcome;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    log.error('Isolation failed', { findingId: selected.findingId, taskArn: selected.taskArn, reason });
    await clients.notify(config.topicArn, subject('ECS task isolation FAILED', selected), [
      `GuardDuty finding ${selected.findingId} (${selected.findingType}, severity ${selected.severity}): ${selected.title}`,
      `Task: ${selected.taskArn}`,
      `Isolation failed: ${reason}`,
      'Isolate the task by hand (replace its ENI security groups with the quarantine group).',
    ].join('\n')).catch((notifyError: unknown) => {
      log.error('Could not send the failure notification', { reason: notifyError instanceof Error ? notifyError.message : String(notifyError) });
    });
    throw new PlaybookError(`Isolation of ${selected.taskArn} for finding ${selected.findingId} failed: ${reason}`, { cause: error });
  }
}

async function isolateTask(finding: TaskFinding, config: PlaybookConfig, clients: PlaybookClients): Promise<readonly string[]> {
  const task = await clients.describeTask(config.clusterArn, finding.taskArn);
  if (!task) throw new PlaybookError(`task ${finding.taskArn} not found in cluster ${config.clusterArn}`);
  if (task.networkInterfaceIds.length === 0) {
    throw new PlaybookError(`task ${finding.taskArn} (status ${task.lastStatus ?? 'unknown'}) has no network interface to isolate`);
  }
  for (const networkInterfaceId of task.networkInterfaceIds) {
    await clients.replaceSecurityGroups(networkInterfaceId, [config.quarantineSecurityGroupId]);
  }
  await clients.tagTask(finding.taskArn, { [QUARANTINE_TAG]: 'true', [FINDING_TAG]: finding.findingId });
  return task.networkInterfaceIds;
}

/** SNS subjects: ASCII, at most 100 characters. */
function subject(what: string, finding: TaskFinding): string {
  return `[GuardDuty ${finding.severity}] ${what}: ${finding.findingType}`.replace(/[^\x20-\x7e]/g, '?').slice(0, 100);
}
