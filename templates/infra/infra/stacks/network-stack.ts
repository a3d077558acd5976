import { Stack, StackProps } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import type { Construct } from 'constructs';

/** SKELETON (to be completed): VPC over three AZs and the key that encrypts logs. */
export class NetworkStack extends Stack {
  readonly vpc: ec2.Vpc;
  readonly logsKey: kms.Key;

  constructor(scope: Construct, id: string, props: StackProps) {
    super(scope, id, props);
    this.logsKey = new kms.Key(this, 'LogsKey', { enableKeyRotation: true });
    this.vpc = new ec2.Vpc(this, 'Vpc', { maxAzs: 3 });
  }
}
