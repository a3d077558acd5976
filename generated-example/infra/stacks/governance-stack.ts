import { Stack, StackProps } from 'aws-cdk-lib';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as ecs from 'aws-cdk-lib/aws-ecs';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';

export interface GovernanceStackProps extends StackProps {
  readonly vpc: ec2.IVpc;
  readonly logsKey: kms.IKey;
  readonly dataKey: kms.IKey;
  readonly documents: s3.IBucket;
  readonly accessLogs: s3.IBucket;
  /** The cluster whose tasks the incident playbook may isolate. */
  readonly cluster: ecs.ICluster;
  /** The security group with no rules that isolates a task. */
  readonly quarantineSecurityGroup: ec2.ISecurityGroup;
}

/** SKELETON (to be completed): audit trail, detective controls, alerts, incident playbook, budget. */
export class GovernanceStack extends Stack {
  readonly alerts: sns.Topic;

  constructor(scope: Construct, id: string, props: GovernanceStackProps) {
    super(scope, id, props);
    this.alerts = new sns.Topic(this, 'Alerts', { masterKey: props.logsKey });
  }
}
