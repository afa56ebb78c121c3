package dev.gennaker.github;

import dev.gennaker.core.tenant.TenantId;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * Reports commit statuses to GitHub off the request path: each report runs on a background executor
 * and is retried a few times with growing pauses when GitHub is unreachable or refuses; after the
 * last attempt it is dropped and logged. A report never throws to its caller and never fails a
 * deploy: the status is a courtesy to the pull request, the execution is the truth. (Retries are
 * hand-written here because the report is not part of any state machine run.)
 */
public final class CommitStatuses {
  private static final System.Logger LOG = System.getLogger(CommitStatuses.class.getName());

  private final GitHubApi github;
  private final int attempts;
  private final Duration firstPause;
  private final Executor executor;

  /**
   * @param attempts how many times to try each report (at least 1)
   * @param firstPause the pause before the second attempt; each later pause doubles
   */
  public CommitStatuses(GitHubApi github, int attempts, Duration firstPause, Executor executor) {
    this.github = github;
    this.attempts = Math.max(1, attempts);
    this.firstPause = firstPause;
    this.executor = executor;
  }

  /**
   * Reports a status; completes with true when GitHub took it, false when every attempt failed.
   * Never completes exceptionally.
   */
  private final java.util.Set<CompletableFuture<Boolean>> inFlight =
      java.util.concurrent.ConcurrentHashMap.newKeySet();

  /**
   * Waits up to {@code limit} for the reports still in flight: a Lambda function calls it before
   * returning, since its process is frozen between invocations and a background report would
   * otherwise wait for the next one.
   */
  public void awaitReports(Duration limit) {
    CompletableFuture<?>[] pending = inFlight.toArray(CompletableFuture[]::new);
    try {
      CompletableFuture.allOf(pending).get(limit.toMillis(), TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
      // reports still retrying go on in the background (or with the next invocation)
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  public CompletableFuture<Boolean> report(
      TenantId tenant,
      String repository,
      String sha,
      String state,
      String context,
      String description,
      String targetUrl) {
    CompletableFuture<Boolean> done = new CompletableFuture<>();
    inFlight.add(done);
    done.whenComplete((ok, e) -> inFlight.remove(done));
    try {
      attempt(tenant, repository, sha, state, context, description, targetUrl, 1, done);
    } catch (RuntimeException e) { // a rejected executor: drop the report, keep the caller going
      LOG.log(System.Logger.Level.WARNING, "commit status not queued: " + e);
      done.complete(false);
    }
    return done;
  }

  private void attempt(
      TenantId tenant,
      String repository,
      String sha,
      String state,
      String context,
      String description,
      String targetUrl,
      int attempt,
      CompletableFuture<Boolean> done) {
    Executor run =
        attempt == 1
            ? executor
            : CompletableFuture.delayedExecutor(
                firstPause.toMillis() << (attempt - 2), TimeUnit.MILLISECONDS, executor);
    run.execute(
        () -> {
          try {
            github.status(tenant, repository, sha, state, context, description, targetUrl);
            done.complete(true);
          } catch (RuntimeException e) {
            if (attempt >= attempts) {
              LOG.log(
                  System.Logger.Level.WARNING,
                  "tenant "
                      + tenant
                      + ": commit status "
                      + context
                      + " on "
                      + repository
                      + "@"
                      + sha
                      + " dropped after "
                      + attempt
                      + " attempts: "
                      + e.getMessage());
              done.complete(false);
            } else {
              try {
                attempt(
                    tenant,
                    repository,
                    sha,
                    state,
                    context,
                    description,
                    targetUrl,
                    attempt + 1,
                    done);
              } catch (RuntimeException rejected) {
                done.complete(false);
              }
            }
          }
        });
  }
}
