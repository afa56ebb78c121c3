package dev.gennaker.aws;

import dev.gennaker.aws.dynamodb.DynamoDbApiKeyStore;
import dev.gennaker.aws.dynamodb.DynamoDbApprovalStore;
import dev.gennaker.aws.dynamodb.DynamoDbAuditLog;
import dev.gennaker.aws.dynamodb.DynamoDbClusterStore;
import dev.gennaker.aws.dynamodb.DynamoDbCommandDeliveries;
import dev.gennaker.aws.dynamodb.DynamoDbConfigVersionStore;
import dev.gennaker.aws.dynamodb.DynamoDbExecutionStore;
import dev.gennaker.aws.dynamodb.DynamoDbIdempotencyStore;
import dev.gennaker.aws.dynamodb.DynamoDbPipelineStore;
import dev.gennaker.aws.dynamodb.DynamoDbRegistrationTokens;
import dev.gennaker.aws.dynamodb.DynamoDbTaskTokens;
import dev.gennaker.aws.dynamodb.DynamoDbTenantStore;
import dev.gennaker.aws.local.EncryptedFileSecretStore;
import dev.gennaker.aws.local.FileSystemBlobStore;
import dev.gennaker.aws.s3.S3BlobStore;
import dev.gennaker.aws.secrets.SecretsManagerSecretStore;
import dev.gennaker.aws.sfn.RunnerDefinition;
import dev.gennaker.aws.sfn.StepFunctionsOrchestrator;
import dev.gennaker.aws.sqs.SqsAgentChannel;
import dev.gennaker.core.agent.AgentChannel;
import dev.gennaker.core.agent.CommandDeliveries;
import dev.gennaker.core.approval.ApprovalStore;
import dev.gennaker.core.audit.AuditLog;
import dev.gennaker.core.blob.BlobStore;
import dev.gennaker.core.cluster.ClusterStore;
import dev.gennaker.core.cluster.RegistrationTokens;
import dev.gennaker.core.execution.ExecutionStore;
import dev.gennaker.core.manifest.ConfigVersionStore;
import dev.gennaker.core.runner.Orchestrator;
import dev.gennaker.core.runner.TaskTokens;
import dev.gennaker.core.secret.SecretStore;
import dev.gennaker.core.store.IdempotencyStore;
import dev.gennaker.core.store.PageTokens;
import dev.gennaker.core.store.PipelineStore;
import dev.gennaker.core.tenant.ApiKeyStore;
import dev.gennaker.core.tenant.ApiKeys;
import dev.gennaker.core.tenant.TenantStore;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Every store and engine client of the control plane, built once per process from a {@link Config}:
 * on AWS from the function's environment, in local mode with endpoints pointing at the embedded
 * engines (DynamoDB Local, ElasticMQ, our Step Functions server) and files for blobs and secrets.
 * The stores are the same classes either way; only the endpoints differ.
 */
public final class ControlPlane implements AutoCloseable {

  /**
   * Where everything is.
   *
   * @param endpoint for local engines: DynamoDB, SQS and Step Functions endpoint overrides (empty
   *     on AWS)
   * @param blobBucket the S3 bucket for blobs, or empty to keep blobs under {@code localDataDir}
   * @param secretsPrefix the Secrets Manager name prefix, or empty to keep secrets encrypted under
   *     {@code localDataDir}
   * @param functionArns the runner's task functions by placeholder ({@link RunnerDefinition#PLAN}…)
   */
  public record Config(
      String region,
      String table,
      Endpoints endpoint,
      String queuePrefix,
      String stateMachineArnPrefix,
      String runnerNamePrefix,
      String runnerRoleArnPrefix,
      Map<String, String> functionArns,
      Optional<String> blobBucket,
      Optional<String> secretsPrefix,
      Optional<Path> localDataDir,
      String pageTokenPassphrase) {

    /** Environment variables a deployed function reads (Terraform sets every one). */
    public static final List<String> ENVIRONMENT =
        List.of(
            "AWS_REGION",
            "GENNAKER_TABLE",
            "GENNAKER_QUEUE_PREFIX",
            "GENNAKER_STATE_MACHINE_ARN_PREFIX",
            "GENNAKER_RUNNER_ROLE_ARN_PREFIX",
            "GENNAKER_PLAN_FUNCTION_ARN",
            "GENNAKER_RUN_STAGE_FUNCTION_ARN",
            "GENNAKER_RECORD_FAILURE_FUNCTION_ARN",
            "GENNAKER_FINISH_FUNCTION_ARN",
            "GENNAKER_BLOB_BUCKET",
            "GENNAKER_SECRETS_PREFIX",
            "GENNAKER_PAGE_TOKEN_KEY");

    /**
     * The configuration of a deployed function.
     *
     * @throws IllegalStateException naming every missing variable
     */
    public static Config fromEnvironment(Map<String, String> env) {
      List<String> missing = new ArrayList<>();
      for (String name : ENVIRONMENT) {
        if (env.getOrDefault(name, "").isBlank()) {
          missing.add(name);
        }
      }
      if (!missing.isEmpty()) {
        throw new IllegalStateException(
            "the function's environment lacks " + String.join(", ", missing));
      }
      return new Config(
          env.get("AWS_REGION"),
          env.get("GENNAKER_TABLE"),
          Endpoints.AWS,
          env.get("GENNAKER_QUEUE_PREFIX"),
          env.get("GENNAKER_STATE_MACHINE_ARN_PREFIX"),
          env.getOrDefault("GENNAKER_RUNNER_NAME_PREFIX", "gennaker-runner-"),
          env.get("GENNAKER_RUNNER_ROLE_ARN_PREFIX"),
          Map.of(
              RunnerDefinition.PLAN, env.get("GENNAKER_PLAN_FUNCTION_ARN"),
              RunnerDefinition.RUN_STAGE, env.get("GENNAKER_RUN_STAGE_FUNCTION_ARN"),
              RunnerDefinition.RECORD_FAILURE, env.get("GENNAKER_RECORD_FAILURE_FUNCTION_ARN"),
              RunnerDefinition.FINISH, env.get("GENNAKER_FINISH_FUNCTION_ARN")),
          Optional.of(env.get("GENNAKER_BLOB_BUCKET")),
          Optional.of(env.get("GENNAKER_SECRETS_PREFIX")),
          Optional.empty(),
          env.get("GENNAKER_PAGE_TOKEN_KEY"));
    }
  }

  /** Endpoint overrides for the embedded engines of local mode; all empty on AWS. */
  public record Endpoints(Optional<URI> dynamoDb, Optional<URI> sqs, Optional<URI> stepFunctions) {
    public static final Endpoints AWS =
        new Endpoints(Optional.empty(), Optional.empty(), Optional.empty());

    boolean local() {
      return dynamoDb.isPresent() || sqs.isPresent() || stepFunctions.isPresent();
    }
  }

  private final Config config;
  private final Clock clock;
  private final DynamoDbClient dynamo;
  private final SqsClient sqs;
  private final SfnClient sfn;
  private final S3Client s3;
  private final SecretsManagerClient secretsManager;

  private final PageTokens tokens;
  private final TenantStore tenants;
  private final ApiKeyStore apiKeyStore;
  private final ApiKeys apiKeys;
  private final PipelineStore pipelines;
  private final ClusterStore clusters;
  private final ExecutionStore executions;
  private final ApprovalStore approvals;
  private final AuditLog audit;
  private final RegistrationTokens registrationTokens;
  private final CommandDeliveries deliveries;
  private final TaskTokens taskTokens;
  private final ConfigVersionStore configVersions;
  private final IdempotencyStore idempotency;
  private final SecretStore secrets;
  private final BlobStore blobs;
  private final AgentChannel agents;
  private final StepFunctionsOrchestrator orchestrator;
  private final dev.gennaker.core.slack.SlackConnections slackConnections;
  private final dev.gennaker.core.slack.SlackMessages slackMessages;
  private final dev.gennaker.core.trigger.DeliveryResults deliveryResults;
  private final dev.gennaker.core.trigger.ScheduleCursors scheduleCursors;

  public ControlPlane(Config config, Clock clock) {
    this.config = config;
    this.clock = clock;
    Region region = Region.of(config.region());
    AwsCredentialsProvider credentials =
        config.endpoint().local()
            ? StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"))
            : DefaultCredentialsProvider.builder().build();
    var dynamoBuilder =
        DynamoDbClient.builder()
            .region(region)
            .credentialsProvider(credentials)
            .httpClientBuilder(UrlConnectionHttpClient.builder());
    config.endpoint().dynamoDb().ifPresent(dynamoBuilder::endpointOverride);
    this.dynamo = dynamoBuilder.build();
    var sqsBuilder =
        SqsClient.builder()
            .region(region)
            .credentialsProvider(credentials)
            .httpClientBuilder(UrlConnectionHttpClient.builder());
    config.endpoint().sqs().ifPresent(sqsBuilder::endpointOverride);
    this.sqs = sqsBuilder.build();
    var sfnBuilder =
        SfnClient.builder()
            .region(region)
            .credentialsProvider(credentials)
            .httpClientBuilder(UrlConnectionHttpClient.builder());
    config.endpoint().stepFunctions().ifPresent(sfnBuilder::endpointOverride);
    this.sfn = sfnBuilder.build();

    String table = config.table();
    this.tokens = PageTokens.withPassphrase(config.pageTokenPassphrase());
    this.tenants = new DynamoDbTenantStore(dynamo, table, tokens);
    this.apiKeyStore = new DynamoDbApiKeyStore(dynamo, table, tokens);
    this.apiKeys = new ApiKeys(apiKeyStore, clock);
    this.clusters = new DynamoDbClusterStore(dynamo, table, tokens);
    this.executions = new DynamoDbExecutionStore(dynamo, table, tokens);
    this.approvals = new DynamoDbApprovalStore(dynamo, table, tokens);
    this.audit = new DynamoDbAuditLog(dynamo, table, tokens);
    this.registrationTokens = new DynamoDbRegistrationTokens(dynamo, table, clock);
    this.deliveries = new DynamoDbCommandDeliveries(dynamo, table, clock);
    this.taskTokens = new DynamoDbTaskTokens(dynamo, table);
    this.configVersions = new DynamoDbConfigVersionStore(dynamo, table);
    this.idempotency = new DynamoDbIdempotencyStore(dynamo, table, clock);
    this.agents = new SqsAgentChannel(sqs, config.queuePrefix(), Duration.ofSeconds(60), 5);
    this.slackConnections =
        new dev.gennaker.aws.dynamodb.DynamoDbSlackConnections(dynamo, table, tokens);
    this.slackMessages = new dev.gennaker.aws.dynamodb.DynamoDbSlackMessages(dynamo, table, tokens);
    this.deliveryResults =
        new dev.gennaker.aws.dynamodb.DynamoDbDeliveryResults(dynamo, table, clock);
    this.scheduleCursors = new dev.gennaker.aws.dynamodb.DynamoDbScheduleCursors(dynamo, table);

    if (config.blobBucket().isPresent()) {
      this.s3 =
          S3Client.builder()
              .region(region)
              .credentialsProvider(credentials)
              .httpClientBuilder(UrlConnectionHttpClient.builder())
              .build();
      this.blobs = new S3BlobStore(s3, config.blobBucket().get());
    } else {
      this.s3 = null;
      this.blobs = new FileSystemBlobStore(localDir().resolve("blobs"));
    }
    this.pipelines = new DynamoDbPipelineStore(dynamo, table, tokens, blobs);
    if (config.secretsPrefix().isPresent()) {
      this.secretsManager =
          SecretsManagerClient.builder()
              .region(region)
              .credentialsProvider(credentials)
              .httpClientBuilder(UrlConnectionHttpClient.builder())
              .build();
      this.secrets = new SecretsManagerSecretStore(secretsManager, config.secretsPrefix().get());
    } else {
      this.secretsManager = null;
      this.secrets =
          new EncryptedFileSecretStore(
              localDir().resolve("secrets"), localDir().resolve("secrets.key"));
    }
    this.orchestrator =
        new StepFunctionsOrchestrator(
            sfn,
            config.stateMachineArnPrefix(),
            config.runnerNamePrefix(),
            RunnerDefinition.forFunctions(config.functionArns()),
            config.runnerRoleArnPrefix());
  }

  private Path localDir() {
    return config
        .localDataDir()
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "without a blob bucket and a secrets prefix, a local data directory is needed"));
  }

  /** A control plane for a deployed function, from its environment. */
  public static ControlPlane fromEnvironment(Map<String, String> env) {
    return new ControlPlane(Config.fromEnvironment(env), Clock.systemUTC());
  }

  public Config config() {
    return config;
  }

  public Clock clock() {
    return clock;
  }

  public DynamoDbClient dynamo() {
    return dynamo;
  }

  public PageTokens pageTokens() {
    return tokens;
  }

  public TenantStore tenants() {
    return tenants;
  }

  public ApiKeyStore apiKeyStore() {
    return apiKeyStore;
  }

  public ApiKeys apiKeys() {
    return apiKeys;
  }

  public PipelineStore pipelines() {
    return pipelines;
  }

  public ClusterStore clusters() {
    return clusters;
  }

  public ExecutionStore executions() {
    return executions;
  }

  public ApprovalStore approvals() {
    return approvals;
  }

  public AuditLog audit() {
    return audit;
  }

  public RegistrationTokens registrationTokens() {
    return registrationTokens;
  }

  public CommandDeliveries deliveries() {
    return deliveries;
  }

  public TaskTokens taskTokens() {
    return taskTokens;
  }

  public ConfigVersionStore configVersions() {
    return configVersions;
  }

  public IdempotencyStore idempotency() {
    return idempotency;
  }

  public SecretStore secrets() {
    return secrets;
  }

  public BlobStore blobs() {
    return blobs;
  }

  public AgentChannel agents() {
    return agents;
  }

  public Orchestrator orchestrator() {
    return orchestrator;
  }

  public dev.gennaker.core.slack.SlackConnections slackConnections() {
    return slackConnections;
  }

  public dev.gennaker.core.slack.SlackMessages slackMessages() {
    return slackMessages;
  }

  /** What GitHub and registry deliveries started, for de-duplicating redeliveries. */
  public dev.gennaker.core.trigger.DeliveryResults deliveryResults() {
    return deliveryResults;
  }

  public dev.gennaker.core.trigger.ScheduleCursors scheduleCursors() {
    return scheduleCursors;
  }

  @Override
  public void close() {
    dynamo.close();
    sqs.close();
    sfn.close();
    if (s3 != null) {
      s3.close();
    }
    if (secretsManager != null) {
      secretsManager.close();
    }
  }
}
