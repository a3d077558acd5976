import { EC2Client, ModifyNetworkInterfaceAttributeCommand } from '@aws-sdk/client-ec2';
import { DescribeTasksCommand, ECSClient, TagResourceCommand } from '@aws-sdk/client-ecs';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import type { PlaybookClients, TaskNetwork } from './playbook';

/** The SDK clients the playbook uses; only `send` is needed, which keeps the adapters testable. */
export interface SdkClients {
  readonly ecs: Pick<ECSClient, 'send'>;
  readonly ec2: Pick<EC2Client, 'send'>;
  readonly sns: Pick<SNSClient, 'send'>;
}

export function defaultSdkClients(): SdkClients {
  return { ecs: new ECSClient({}), ec2: new EC2Client({}), sns: new SNSClient({}) };
}

/** The playbook's AWS calls, made with the AWS SDK for JavaScript v3. */
export function awsPlaybookClients({ ecs, ec2, sns }: SdkClients): PlaybookClients {
  return {
    async describeTask(clusterArn, taskArn): Promise<TaskNetwork | undefined> {
      const { tasks = [] } = await ecs.send(new DescribeTasksCommand({ cluster: clusterArn, tasks: [taskArn] }));
      const task = tasks.find((candidate) => candidate.taskArn === taskArn) ?? tasks[0];
      if (!task?.taskArn) return undefined;
      // awsvpc tasks (all Fargate tasks) carry their ENI as an attachment.
      const networkInterfaceIds = (task.attachments ?? [])
        .filter((attachment) => attachment.type === 'ElasticNetworkInterface')
        .flatMap((attachment) => attachment.details ?? [])
        .filter((detail) => detail.name === 'networkInterfaceId' && detail.value)
        .map((detail) => detail.value!);
      return { taskArn: task.taskArn, lastStatus: task.lastStatus, networkInterfaceIds };
    },
    async replaceSecurityGroups(networkInterfaceId, securityGroupIds) {
      await ec2.send(new ModifyNetworkInterfaceAttributeCommand({ NetworkInterfaceId: networkInterfaceId, Groups: [...securityGroupIds] }));
    },
    async tagTask(taskArn, tags) {
      await ecs.send(new TagResourceCommand({ resourceArn: taskArn, tags: Object.entries(tags).map(([key, value]) => ({ key, value })) }));
    },
    async notify(topicArn, subject, message) {
      await sns.send(new PublishCommand({ TopicArn: topicArn, Subject: subject, Message: message }));
    },
  };
}
