package dev.gennaker.slack;

import dev.gennaker.api.Requests;
import dev.gennaker.core.audit.AuditLog;
import dev.gennaker.core.runner.DecideApproval;
import dev.gennaker.core.secret.SecretStore;
import dev.gennaker.core.slack.SlackConnections;
import dev.gennaker.core.store.IdempotencyStore;
import dev.gennaker.core.tenant.TenantStore;
import java.time.Clock;
import java.util.concurrent.Executor;

/**
 * What {@link SlackFunction} uses; built once per process (Lambda init, local mode start).
 *
 * @param worker runs an interaction's work in this process after Slack got its answer (Slack wants
 *     one within 3 seconds): local mode; on AWS the work goes through the {@code slack-work} queue
 *     instead ({@link SlackWorkQueue}) and this is not used
 * @param requests authenticates the tenant routes ({@code /v1/slack…}) like the API's
 * @param audit where decisions taken in Slack and connection changes are recorded, as the API
 *     records its own
 */
public record SlackServices(
    SlackConnections connections,
    SecretStore secrets,
    TenantStore tenants,
    DecideApproval decide,
    IdempotencyStore deliveries,
    SlackApi api,
    SlackNotifier notifier,
    Requests requests,
    AuditLog audit,
    Executor worker,
    Clock clock) {}
