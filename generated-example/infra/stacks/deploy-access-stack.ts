import { Aws, Duration, RemovalPolicy, Stack, StackProps } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type { Construct } from 'constructs';
import { restrictGrantsToAwsServices } from '../controls';

export interface DeployAccessStackProps extends StackProps {
  /** `owner/name` of the GitHub repository whose workflows deploy the service. */
  readonly githubRepository: string;
  /** The GitHub environment (with required reviewers) deployments run in. */
  readonly deployEnvironment: string;
}

export const GITHUB_OIDC_ISSUER = 'token.actions.githubusercontent.com';
/** The qualifier `cdk bootstrap` uses unless told otherwise. */
export const CDK_BOOTSTRAP_QUALIFIER = 'hnb659fds';
/** CloudFront's web ACL and certificate are deployed to us-east-1 (the edge firewall stack). */
export const EDGE_REGION = 'us-east-1';
/** How many images the registry keeps: enough to roll back weeks of deployments. */
export const IMAGES_KEPT = 50;

/**
 * The registry CI pushes images to and the role GitHub Actions deploys with: trusted only for
 * this repository's deployment environment, allowed only to hand over to the CDK bootstrap
 * roles and to push images; no long-lived keys anywhere.
 */
export class DeployAccessStack extends Stack {
  readonly repository: ecr.Repository;
  readonly deployRole: iam.Role;
  readonly githubProvider: iam.OidcProviderNative;

  constructor(scope: Construct, id: string, props: DeployAccessStackProps) {
    super(scope, id, props);
    if (!/^[A-Za-z0-9-]+\/[A-Za-z0-9._-]+$/.test(props.githubRepository)) {
      throw new Error(`githubRepository must be owner/name, got ${JSON.stringify(props.githubRepository)}.`);
    }

    const imagesKey = new kms.Key(this, 'ImagesKey', {
      description: 'Encrypts the service container images',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // Only AWS services (ECR, on the repository's behalf) may create grants on the key.
    restrictGrantsToAwsServices(imagesKey);
    this.repository = new ecr.Repository(this, 'Images', {
      // A tag (a git SHA) names one image forever: what was reviewed and scanned is what runs.
      imageTagMutability: ecr.TagMutability.IMMUTABLE,
      imageScanOnPush: true,
      encryption: ecr.RepositoryEncryption.KMS,
      encryptionKey: imagesKey,
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [
        { description: 'Untagged layers of interrupted pushes', tagStatus: ecr.TagStatus.UNTAGGED, maxImageAge: Duration.days(7) },
        { description: `Keep the last ${IMAGES_KEPT} images`, tagStatus: ecr.TagStatus.ANY, maxImageCount: IMAGES_KEPT },
      ],
    });

    this.githubProvider = new iam.OidcProviderNative(this, 'GitHubOidc', {
      url: `https://${GITHUB_OIDC_ISSUER}`,
      clientIds: ['sts.amazonaws.com'],
    });
    this.deployRole = new iam.Role(this, 'DeployRole', {
      description: `GitHub Actions deployments of ${props.githubRepository} (environment ${props.deployEnvironment})`,
      assumedBy: new iam.CompositePrincipal(...githubTrust(this.githubProvider, props.githubRepository, props.deployEnvironment)),
      maxSessionDuration: Duration.hours(1),
    });
    this.deployRole.addManagedPolicy(new iam.ManagedPolicy(this, 'DeployPolicy', {
      description: 'Hand over to the CDK bootstrap roles and push service images; nothing else',
      statements: this.deployStatements(),
    }));
  }

  private deployStatements(): iam.PolicyStatement[] {
    const regions = [...new Set([this.region, EDGE_REGION])];
    const bootstrapRoles = regions.flatMap((region) => ['deploy', 'file-publishing', 'image-publishing', 'lookup'].map((purpose) =>
      `arn:${Aws.PARTITION}:iam::${this.account}:role/cdk-${CDK_BOOTSTRAP_QUALIFIER}-${purpose}-role-${this.account}-${region}`));
    return [
      // CloudFormation does the deploying, through the bootstrap roles; this role cannot change resources itself.
      new iam.PolicyStatement({ sid: 'AssumeCdkBootstrapRoles', actions: ['sts:AssumeRole', 'sts:TagSession'], resources: bootstrapRoles }),
      // ECR issues registry logins account-wide; the token alone grants nothing on a repository.
      new iam.PolicyStatement({ sid: 'RegistryLogin', actions: ['ecr:GetAuthorizationToken'], resources: ['*'] }),
      new iam.PolicyStatement({
        sid: 'PushServiceImages',
        actions: [
          'ecr:BatchCheckLayerAvailability',
          'ecr:BatchGetImage',
          'ecr:CompleteLayerUpload',
          'ecr:DescribeImages',
          'ecr:InitiateLayerUpload',
          'ecr:PutImage',
          'ecr:UploadLayerPart',
        ],
        resources: [this.repository.repositoryArn],
      }),
    ];
  }
}

/**
 * Who may assume the deploy role: a GitHub Actions job of `repository` running in the
 * `environment` (so the environment's required reviewers approve every deployment), with the
 * token minted for STS. Two subject formats are accepted, each pinned to both:
 * - the default `repo:<owner>/<name>:environment:<env>`;
 * - the immutable-id customization (`include_claim_keys: [repository_owner_id, repository_id,
 *   environment]`), whose subject survives renames. Its ids are not known when the service is
 *   generated, so the repository and environment are pinned through the claims STS validates
 *   as condition keys (`token.actions.githubusercontent.com:repository` and `:environment`).
 */
export function githubTrust(provider: iam.IOidcProvider, repository: string, environment: string): iam.IPrincipal[] {
  const claim = (name: string) => `${GITHUB_OIDC_ISSUER}:${name}`;
  const audience = { [claim('aud')]: 'sts.amazonaws.com' };
  return [
    new iam.OpenIdConnectPrincipal(provider, {
      StringEquals: { ...audience, [claim('sub')]: `repo:${repository}:environment:${environment}` },
    }),
    new iam.OpenIdConnectPrincipal(provider, {
      StringEquals: { ...audience, [claim('repository')]: repository, [claim('environment')]: environment },
      StringLike: { [claim('sub')]: `repository_owner_id:*:repository_id:*:environment:${environment}` },
    }),
  ];
}
