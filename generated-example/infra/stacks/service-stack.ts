import { Stack, StackProps } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as ecr from 'aws-cdk-lib/aws-ecr';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as rds from 'aws-cdk-lib/aws-rds';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import type { Construct } from 'constructs';

export interface ServiceStackProps extends StackProps {
  readonly vpc: ec2.IVpc;
  readonly logsKey: kms.IKey;
  readonly dataKey: kms.IKey;
  readonly database: rds.DatabaseCluster;
  readonly accessLogs: s3.IBucket;
  readonly repository: ecr.IRepository;
  /** The public API's DNS name; the load balancer's certificate is for `internal.<name>`. */
  readonly apiDomainName: string;
  /** Cards on: the card-token key is created and injected. */
  readonly cards: boolean;
}

/** SKELETON (to be completed): ECS Fargate behind an internal HTTPS load balancer, blue/green. */
export class ServiceStack extends Stack {
  readonly cluster: ecs.Cluster;
  readonly loadBalancer: elbv2.ApplicationLoadBalancer;
  readonly listener: elbv2.ApplicationListener;
  readonly quarantineSecurityGroup: ec2.SecurityGroup;
  /** The regional web ACL in front of the load balancer, shared with the API stage. */
  readonly webAclArn: string;

  constructor(scope: Construct, id: string, props: ServiceStackProps) {
    super(scope, id, props);
    this.cluster = new ecs.Cluster(this, 'Cluster', { vpc: props.vpc });
    this.loadBalancer = new elbv2.ApplicationLoadBalancer(this, 'LoadBalancer', { vpc: props.vpc });
    this.listener = this.loadBalancer.addListener('Http', { port: 80, defaultAction: elbv2.ListenerAction.fixedResponse(404) });
    this.quarantineSecurityGroup = new ec2.SecurityGroup(this, 'Quarantine', { vpc: props.vpc, allowAllOutbound: false });
    const webAcl = new wafv2.CfnWebACL(this, 'WebAcl', {
      scope: 'REGIONAL',
      defaultAction: { allow: {} },
      visibilityConfig: { cloudWatchMetricsEnabled: true, metricName: 'regional', sampledRequestsEnabled: true },
    });
    this.webAclArn = webAcl.attrArn;
  }
}
