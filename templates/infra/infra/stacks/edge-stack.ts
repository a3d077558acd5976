import { Duration, RemovalPolicy, Stack, StackProps } from 'aws-cdk-lib';
import type * as apigw from 'aws-cdk-lib/aws-apigateway';
import type * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as shield from 'aws-cdk-lib/aws-shield';
import type { Construct } from 'constructs';
import { restrictGrantsToAwsServices } from '../controls';

export interface EdgeStackProps extends StackProps {
  readonly api: apigw.RestApi;
  /** ARN of the CLOUDFRONT-scope web ACL from the us-east-1 firewall stack. */
  readonly webAclArn: string;
  /** The us-east-1 certificate for the API's DNS name. */
  readonly certificate: acm.ICertificate;
  readonly apiDomainName: string;
  readonly accessLogs: s3.IBucket;
  /** Protect the distribution with Shield Advanced (needs the paid subscription). */
  readonly shieldAdvanced: boolean;
}

/** The EU and EEA member states (ISO 3166-1 alpha-2): where the bank's customers are served. */
export const EEA_COUNTRIES = [
  'AT', 'BE', 'BG', 'CY', 'CZ', 'DE', 'DK', 'EE', 'ES', 'FI', 'FR', 'GR', 'HR', 'HU', 'IE', 'IS', 'IT', 'LI', 'LT', 'LU',
  'LV', 'MT', 'NL', 'NO', 'PL', 'PT', 'RO', 'SE', 'SI', 'SK',
] as const;

/** Country of the European AWS regions outside the EEA, so operators there can reach the API. */
const REGION_COUNTRIES: Readonly<Record<string, string>> = { 'eu-west-2': 'GB', 'eu-central-2': 'CH' };

/**
 * CloudFront in front of the API: HTTPS only (TLS 1.2+ to viewers and to the origin), the edge
 * web ACL, nothing cached (every response is personal), viewers limited to the EEA, access logs
 * kept, and Shield Advanced when the bank subscribes to it.
 */
export class EdgeStack extends Stack {
  readonly distribution: cloudfront.Distribution;
  readonly logBucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: EdgeStackProps) {
    super(scope, id, props);
    this.logBucket = this.cdnLogBucket(props.accessLogs);
    const homeCountry = REGION_COUNTRIES[this.region];
    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: `${props.apiDomainName}: the bank service API`,
      defaultBehavior: {
        // HTTPS only, TLSv1.2 only, to the API's execute-api endpoint (RestApiOrigin's fixed settings).
        origin: new origins.RestApiOrigin(props.api),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
        // With caching disabled, this origin request policy forwards every viewer header (the
        // Authorization bearer token included) and query string, but not Host: API Gateway
        // answers to its own execute-api name.
        cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
        originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
        compress: true,
      },
      domainNames: [props.apiDomainName],
      certificate: props.certificate,
      minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
      sslSupportMethod: cloudfront.SSLMethod.SNI,
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      priceClass: cloudfront.PriceClass.PRICE_CLASS_100,
      webAclId: props.webAclArn,
      geoRestriction: cloudfront.GeoRestriction.allowlist(...EEA_COUNTRIES, ...(homeCountry ? [homeCountry] : [])),
      enableLogging: true,
      logBucket: this.logBucket,
      logFilePrefix: 'cloudfront/',
      logIncludesCookies: false,
    });

    if (props.shieldAdvanced) {
      new shield.CfnProtection(this, 'ShieldProtection', {
        name: `${this.stackName}-distribution`,
        resourceArn: this.distribution.distributionArn,
      });
    }
  }

  /**
   * CloudFront's standard logs are delivered with an ACL grant, which the shared access-log
   * bucket (ACLs disabled) cannot accept; this bucket keeps ACLs for the log delivery account
   * only, encrypts with its own key (which CloudFront's log delivery may use to write) and sends
   * its own server access logs to the shared bucket.
   */
  private cdnLogBucket(accessLogs: s3.IBucket): s3.Bucket {
    const key = new kms.Key(this, 'LogBucketKey', {
      description: 'Encrypts the CloudFront access logs',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    restrictGrantsToAwsServices(key);
    key.addToResourcePolicy(new iam.PolicyStatement({
      principals: [new iam.ServicePrincipal('delivery.logs.amazonaws.com')],
      actions: ['kms:GenerateDataKey*'],
      resources: ['*'],
    }));
    return new s3.Bucket(this, 'CdnLogs', {
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: key,
      bucketKeyEnabled: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
      serverAccessLogsBucket: accessLogs,
      serverAccessLogsPrefix: 'cloudfront-logs/',
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [
        {
          transitions: [{ storageClass: s3.StorageClass.GLACIER, transitionAfter: Duration.days(90) }],
          noncurrentVersionExpiration: Duration.days(30),
        },
      ],
    });
  }
}
