import { ModifyNetworkInterfaceAttributeCommand } from '@aws-sdk/client-ec2';
import { DescribeTasksCommand, TagResourceCommand } from '@aws-sdk/client-ecs';
import { PublishCommand } from '@aws-sdk/client-sns';
import { describe, expect, it } from 'vitest';
import { awsPlaybookClients, type SdkClients } from '../../infra/playbook/aws-clients';
import {
  CONFIG_VARIABLES,
  type GuardDutyFindingEvent,
  type Logger,
  type PlaybookClients,
  PlaybookConfigError,
  type PlaybookConfig,
  PlaybookError,
  readConfig,
  respondToFinding,
  type TaskNetwork,
} from '../../infra/playbook/playbook';

const CLUSTER_ARN = 'arn:aws:ecs:eu-central-1:123456789012:cluster/bank-service';
const TASK_ARN = 'arn:aws:ecs:eu-central-1:123456789012:task/bank-service/0123456789abcdef0123456789abcdef';
const config: PlaybookConfig = {
  clusterArn: CLUSTER_ARN,
  quarantineSecurityGroupId: 'sg-0123456789abcdef0',
  topicArn: 'arn:aws:sns:eu-central-1:123456789012:bank-service-alerts',
};

/** A GuardDuty Runtime Monitoring finding on a Fargate task, as EventBridge delivers it. */
function finding(overrides: { severity?: number; clusterArn?: string; taskArn?: string | null; resourceType?: string } = {}): GuardDutyFindingEvent {
  const taskArn = overrides.taskArn === null ? undefined : overrides.taskArn ?? TASK_ARN;
  return {
    'source': 'aws.guardduty',
    'detail-type': 'GuardDuty Finding',
    'detail': {
      id: '62c8b0d7e1f3a4b5c6d7e8f9a0b1c2d3',
      type: 'Execution:Runtime/ReverseShell',
      severity: overrides.severity ?? 8,
      title: 'A process in a container executed a reverse shell.',
      resource: {
        resourceType: overrides.resourceType ?? 'ECSCluster',
        ecsClusterDetails: {
          name: 'bank-service',
          arn: overrides.clusterArn ?? CLUSTER_ARN,
          taskDetails: taskArn ? { arn: taskArn, definitionArn: 'arn:aws:ecs:eu-central-1:123456789012:task-definition/bank-service:42' } : undefined,
        },
      },
    },
  };
}

/** In-memory stand-ins for ECS, EC2 and SNS: they record every call and can be told to fail. */
class FakeAws implements PlaybookClients {
  readonly tasks = new Map<string, TaskNetwork>([[TASK_ARN, { taskArn: TASK_ARN, lastStatus: 'RUNNING', networkInterfaceIds: ['eni-0a1b2c3d4e5f60718'] }]]);
  readonly securityGroups = new Map<string, readonly string[]>([['eni-0a1b2c3d4e5f60718', ['sg-0service000000000']]]);
  readonly taskTags = new Map<string, Record<string, string>>();
  readonly notifications: Array<{ topicArn: string; subject: string; message: string }> = [];
  failModifyWith?: Error;
  failNotifyWith?: Error;

  async describeTask(clusterArn: string, taskArn: string) {
    return clusterArn === CLUSTER_ARN ? this.tasks.get(taskArn) : undefined;
  }
  async replaceSecurityGroups(networkInterfaceId: string, securityGroupIds: readonly string[]) {
    if (this.failModifyWith) throw this.failModifyWith;
    this.securityGroups.set(networkInterfaceId, [...securityGroupIds]);
  }
  async tagTask(taskArn: string, tags: Readonly<Record<string, string>>) {
    this.taskTags.set(taskArn, { ...this.taskTags.get(taskArn), ...tags });
  }
  async notify(topicArn: string, subject: string, message: string) {
    if (this.failNotifyWith) throw this.failNotifyWith;
    this.notifications.push({ topicArn, subject, message });
  }
}

function recordingLogger() {
  const lines: Array<{ level: 'info' | 'error'; message: string; fields?: Record<string, unknown> }> = [];
  const log: Logger = {
    info: (message, fields) => lines.push({ level: 'info', message, fields }),
    error: (message, fields) => lines.push({ level: 'error', message, fields }),
  };
  return { log, lines };
}

describe('incident playbook: isolate the ECS task of a high-severity GuardDuty finding', () => {
  it('replaces the task ENI security groups with the quarantine group, tags the task and alerts, without stopping it', async () => {
    const aws = new FakeAws();
    const { log, lines } = recordingLogger();

    const outcome = await respondToFinding(finding(), config, aws, log);

    expect(outcome).toEqual({ status: 'isolated', findingId: '62c8b0d7e1f3a4b5c6d7e8f9a0b1c2d3', taskArn: TASK_ARN, networkInterfaceIds: ['eni-0a1b2c3d4e5f60718'] });
    expect(aws.securityGroups.get('eni-0a1b2c3d4e5f60718')).toEqual([config.quarantineSecurityGroupId]);
    expect(aws.taskTags.get(TASK_ARN)).toEqual({ 'quarantined': 'true', 'guardduty-finding-id': '62c8b0d7e1f3a4b5c6d7e8f9a0b1c2d3' });
    expect(aws.tasks.get(TASK_ARN)?.lastStatus).toBe('RUNNING');
    expect(aws.notifications).toHaveLength(1);
    const [notification] = aws.notifications;
    expect(notification.topicArn).toBe(config.topicArn);
    expect(notification.subject).toBe('[GuardDuty 8] ECS task isolated: Execution:Runtime/ReverseShell');
    expect(notification.subject.length).toBeLessThanOrEqual(100);
    expect(notification.message).toContain('62c8b0d7e1f3a4b5c6d7e8f9a0b1c2d3');
    expect(notification.message).toContain(TASK_ARN);
    expect(notification.message).toContain(`eni-0a1b2c3d4e5f60718 replaced by ${config.quarantineSecurityGroupId}`);
    expect(notification.message).toContain('NOT stopped');
    expect(lines).toContainEqual(expect.objectContaining({ level: 'info', message: 'ECS task isolated' }));
  });

  it('isolates every ENI of the task', async () => {
    const aws = new FakeAws();
    aws.tasks.set(TASK_ARN, { taskArn: TASK_ARN, lastStatus: 'RUNNING', networkInterfaceIds: ['eni-1', 'eni-2'] });

    await respondToFinding(finding(), config, aws, recordingLogger().log);

    expect(aws.securityGroups.get('eni-1')).toEqual([config.quarantineSecurityGroupId]);
    expect(aws.securityGroups.get('eni-2')).toEqual([config.quarantineSecurityGroupId]);
  });

  it.each([
    ['another cluster', finding({ clusterArn: 'arn:aws:ecs:eu-central-1:123456789012:cluster/other-service' }), /not this service's cluster/],
    ['severity below 7', finding({ severity: 6.9 }), /severity 6.9 is below 7/],
    ['a resource that is not an ECS cluster', finding({ resourceType: 'Instance' }), /resource type Instance is not an ECS cluster/],
    ['a cluster finding without a task', finding({ taskArn: null }), /no task/],
    ['an event that is not a finding', { source: 'aws.guardduty' } as GuardDutyFindingEvent, /not a GuardDuty finding/],
  ])('ignores %s, with a log line, and touches nothing', async (_case, event, reason) => {
    const aws = new FakeAws();
    const { log, lines } = recordingLogger();

    const outcome = await respondToFinding(event, config, aws, log);

    expect(outcome.status).toBe('ignored');
    expect(outcome.status === 'ignored' && outcome.reason).toMatch(reason);
    expect(lines).toEqual([expect.objectContaining({ level: 'info', message: 'Finding ignored by the isolation playbook', fields: expect.objectContaining({ reason: expect.stringMatching(reason) }) })]);
    expect(aws.securityGroups.get('eni-0a1b2c3d4e5f60718')).toEqual(['sg-0service000000000']);
    expect(aws.taskTags.size).toBe(0);
    expect(aws.notifications).toEqual([]);
  });

  it('acts on critical findings (severity 9 and above) too', async () => {
    const aws = new FakeAws();
    const outcome = await respondToFinding(finding({ severity: 9.5 }), config, aws, recordingLogger().log);
    expect(outcome.status).toBe('isolated');
  });

  it('fails loudly when the task is not found: logs, alerts humans and throws (so the event reaches the DLQ)', async () => {
    const aws = new FakeAws();
    const { log, lines } = recordingLogger();
    const missing = `${TASK_ARN.slice(0, -4)}ffff`;

    await expect(respondToFinding(finding({ taskArn: missing }), config, aws, log))
      .rejects.toThrow(new PlaybookError(`Isolation of ${missing} for finding 62c8b0d7e1f3a4b5c6d7e8f9a0b1c2d3 failed: task ${missing} not found in cluster ${CLUSTER_ARN}`));

    expect(lines).toContainEqual(expect.objectContaining({ level: 'error', message: 'Isolation failed' }));
    expect(aws.notifications).toHaveLength(1);
    expect(aws.notifications[0].subject).toContain('isolation FAILED');
    expect(aws.notifications[0].message).toContain(`task ${missing} not found`);
    expect(aws.taskTags.size).toBe(0);
  });

  it('fails loudly when the task has no network interface (e.g. already stopped)', async () => {
    const aws = new FakeAws();
    aws.tasks.set(TASK_ARN, { taskArn: TASK_ARN, lastStatus: 'STOPPED', networkInterfaceIds: [] });

    await expect(respondToFinding(finding(), config, aws, recordingLogger().log)).rejects.toThrow(/status STOPPED\) has no network interface to isolate/);
    expect(aws.notifications[0].subject).toContain('isolation FAILED');
  });

  it('reports an EC2 error with its message, and still throws when the failure alert cannot be sent either', async () => {
    const aws = new FakeAws();
    aws.failModifyWith = new Error('UnauthorizedOperation: not allowed');
    aws.failNotifyWith = new Error('KMS.AccessDeniedException');
    const { log, lines } = recordingLogger();

    const failure = respondToFinding(finding(), config, aws, log);

    await expect(failure).rejects.toThrow(/failed: UnauthorizedOperation: not allowed/);
    await expect(failure).rejects.toHaveProperty('cause', aws.failModifyWith);
    expect(lines).toContainEqual(expect.objectContaining({ level: 'error', message: 'Could not send the failure notification', fields: { reason: 'KMS.AccessDeniedException' } }));
    expect(aws.taskTags.size).toBe(0);
  });
});

describe('incident playbook configuration (read at cold start)', () => {
  const env = {
    [CONFIG_VARIABLES.clusterArn]: CLUSTER_ARN,
    [CONFIG_VARIABLES.quarantineSecurityGroupId]: 'sg-0123456789abcdef0',
    [CONFIG_VARIABLES.topicArn]: config.topicArn,
  };

  it('reads the cluster, quarantine security group and topic from the environment', () => {
    expect(readConfig(env)).toEqual({ clusterArn: CLUSTER_ARN, quarantineSecurityGroupId: 'sg-0123456789abcdef0', topicArn: config.topicArn });
  });

  it.each(Object.values(CONFIG_VARIABLES))('names the missing variable %s', (name) => {
    expect(() => readConfig({ ...env, [name]: undefined })).toThrow(PlaybookConfigError);
    expect(() => readConfig({ ...env, [name]: '  ' })).toThrow(`missing environment variable(s) ${name}`);
  });

  it('names every missing variable at once', () => {
    expect(() => readConfig({})).toThrow('missing environment variable(s) CLUSTER_ARN, QUARANTINE_SECURITY_GROUP_ID, ALERTS_TOPIC_ARN');
  });

  it.each([
    [CONFIG_VARIABLES.clusterArn, 'bank-service'],
    [CONFIG_VARIABLES.quarantineSecurityGroupId, 'quarantine'],
    [CONFIG_VARIABLES.topicArn, 'arn:aws:sqs:eu-central-1:123456789012:alerts'],
  ])('rejects a malformed %s', (name, value) => {
    expect(() => readConfig({ ...env, [name]: value })).toThrow(`${name} is not valid: "${value}"`);
  });
});

describe('incident playbook AWS calls (SDK commands, no network)', () => {
  function sdk(responses: { describeTasks?: unknown } = {}) {
    const sent: unknown[] = [];
    const client = {
      send: async (command: unknown) => {
        sent.push(command);
        return command instanceof DescribeTasksCommand ? responses.describeTasks ?? { tasks: [] } : {};
      },
    };
    return { sent, clients: awsPlaybookClients({ ecs: client, ec2: client, sns: client } as unknown as SdkClients) };
  }

  it('finds the task ENIs in the ECS DescribeTasks attachments', async () => {
    const { sent, clients } = sdk({
      describeTasks: {
        tasks: [{
          taskArn: TASK_ARN,
          lastStatus: 'RUNNING',
          attachments: [
            { type: 'ElasticNetworkInterface', details: [{ name: 'subnetId', value: 'subnet-1' }, { name: 'networkInterfaceId', value: 'eni-0a1b2c3d4e5f60718' }] },
            { type: 'Service Connect', details: [{ name: 'networkInterfaceId', value: 'eni-not-this-one' }] },
          ],
        }],
      },
    });

    expect(await clients.describeTask(CLUSTER_ARN, TASK_ARN)).toEqual({ taskArn: TASK_ARN, lastStatus: 'RUNNING', networkInterfaceIds: ['eni-0a1b2c3d4e5f60718'] });
    expect(sent).toHaveLength(1);
    expect(sent[0]).toBeInstanceOf(DescribeTasksCommand);
    expect((sent[0] as DescribeTasksCommand).input).toEqual({ cluster: CLUSTER_ARN, tasks: [TASK_ARN] });
  });

  it('returns nothing for a task ECS does not know', async () => {
    const { clients } = sdk({ describeTasks: { tasks: [], failures: [{ arn: TASK_ARN, reason: 'MISSING' }] } });
    expect(await clients.describeTask(CLUSTER_ARN, TASK_ARN)).toBeUndefined();
  });

  it('sends ModifyNetworkInterfaceAttribute, TagResource and Publish with the right inputs', async () => {
    const { sent, clients } = sdk();

    await clients.replaceSecurityGroups('eni-1', ['sg-0123456789abcdef0']);
    await clients.tagTask(TASK_ARN, { quarantined: 'true' });
    await clients.notify(config.topicArn, 'subject', 'message');

    expect(sent[0]).toBeInstanceOf(ModifyNetworkInterfaceAttributeCommand);
    expect((sent[0] as ModifyNetworkInterfaceAttributeCommand).input).toEqual({ NetworkInterfaceId: 'eni-1', Groups: ['sg-0123456789abcdef0'] });
    expect(sent[1]).toBeInstanceOf(TagResourceCommand);
    expect((sent[1] as TagResourceCommand).input).toEqual({ resourceArn: TASK_ARN, tags: [{ key: 'quarantined', value: 'true' }] });
    expect(sent[2]).toBeInstanceOf(PublishCommand);
    expect((sent[2] as PublishCommand).input).toEqual({ TopicArn: config.topicArn, Subject: 'subject', Message: 'message' });
  });
});
