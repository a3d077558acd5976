import { Stack, StackProps } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import type { Construct } from 'constructs';

export interface DeployAccessStackProps extends StackProps {
  /** `owner/name` of the GitHub repository whose workflows deploy the service. */
  readonly githubRepository: string;
  /** The GitHub environment (with required reviewers) deployments run in. */
  readonly deployEnvironment: string;
}

/** SKELETON (to be completed): the registry CI pushes images to and the GitHub OIDC deploy role. */
export class DeployAccessStack extends Stack {
  readonly repository: ecr.Repository;

  constructor(scope: Construct, id: string, props: DeployAccessStackProps) {
    super(scope, id, props);
    this.repository = new ecr.Repository(this, 'Images', { imageScanOnPush: true });
  }
}
