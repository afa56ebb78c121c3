package dev.gennaker.agent.runtime;

import dev.gennaker.agent.controlplane.AgentEvent;
import dev.gennaker.agent.controlplane.Command;
import dev.gennaker.agent.controlplane.CommandResult;
import dev.gennaker.agent.controlplane.ControlPlane;
import dev.gennaker.agent.controlplane.ControlPlaneException;
import dev.gennaker.agent.controlplane.ControlPlaneUnavailableException;
import dev.gennaker.agent.controlplane.Heartbeat;
import dev.gennaker.agent.controlplane.Inventory;
import dev.gennaker.agent.controlplane.Registration;
import dev.gennaker.agent.controlplane.RegistrationRefusedException;
import dev.gennaker.agent.controlplane.RegistrationRequest;
import dev.gennaker.agent.controlplane.UnauthorizedException;
import dev.gennaker.agent.inventory.DriftWatcher;
import dev.gennaker.agent.kube.CommandExecutor;
import dev.gennaker.agent.kube.NamespacePolicy;
import dev.gennaker.agent.kube.Workloads;
import dev.gennaker.agent.state.CommandJournal;
import dev.gennaker.agent.state.CredentialStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The agent: registers, long-polls its command queue, runs each command once per id, delivers every
 * result until the control plane acknowledges it, and sends heartbeats, drift events and inventory.
 * One instance per process; {@link #start()} once, {@link #close()} (or {@link #kill()}) once.
 *
 * <p>At-least-once in, effectively-once applied: a command already queued or running is not queued
 * again; a command whose result is in the {@link CommandJournal} is not run again, its result is
 * re-sent; a command an earlier agent started but did not finish is run again, which is safe
 * because every write is a server-side apply or a patch to a fixed state.
 */
public final class Agent implements AutoCloseable {

  /** Where the agent is in its life. */
  public enum State {
    STARTING,
    REGISTERING,
    RUNNING,
    /** The registration token was refused; a new token is needed. */
    REGISTRATION_REFUSED,
    /** The control plane refuses the stored credential. */
    UNAUTHORIZED,
    STOPPED
  }

  private static final Logger LOG = Logger.getLogger(Agent.class.getName());

  private final ControlPlane controlPlane;
  private final CredentialStore credentials;
  private final CommandJournal journal;
  private final CommandExecutor executor;
  private final NamespacePolicy policy;
  private final Supplier<String> kubernetesVersion;
  private final Optional<String> registrationToken;
  private final DriftWatcher drift;
  private final AgentSettings settings;
  private final Clock clock;

  private final Map<String, String> inFlight = new ConcurrentHashMap<>();
  private final Map<String, Thread> runningThreads = new ConcurrentHashMap<>();
  private final java.util.Set<String> aborted = ConcurrentHashMap.newKeySet();
  private final BlockingQueue<CommandResult> outbox = new ArrayBlockingQueue<>(1000);
  private final AtomicLong executions = new AtomicLong();
  private final AtomicLong duplicates = new AtomicLong();
  private final ExecutorService loops;
  private final ThreadPoolExecutor worker;
  private final ScheduledExecutorService scheduler;

  private volatile State state = State.STARTING;
  private volatile String stateMessage = "starting";
  private volatile Instant lastContact;
  private volatile Instant lastHeartbeat = Instant.EPOCH;
  private volatile Instant lastInventory = Instant.EPOCH;
  private volatile int lastInventoryHash;
  private volatile boolean running = true;
  private volatile String clusterVersion = "unknown";

  public Agent(
      ControlPlane controlPlane,
      CredentialStore credentials,
      CommandJournal journal,
      CommandExecutor executor,
      NamespacePolicy policy,
      Supplier<String> kubernetesVersion,
      Optional<String> registrationToken,
      DriftWatcher drift,
      AgentSettings settings,
      Clock clock) {
    this.controlPlane = controlPlane;
    this.credentials = credentials;
    this.journal = journal;
    this.executor = executor;
    this.policy = policy;
    this.kubernetesVersion = kubernetesVersion;
    this.registrationToken = registrationToken;
    this.drift = drift;
    this.settings = settings;
    this.clock = clock;
    this.loops = Executors.newFixedThreadPool(3, named("gennaker-agent-loop"));
    this.worker =
        new ThreadPoolExecutor(
            1,
            1,
            0,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(100),
            named("gennaker-agent-command"));
    this.scheduler = Executors.newSingleThreadScheduledExecutor(named("gennaker-agent-heartbeat"));
  }

  /** Starts registration and the loops in the background; returns at once. */
  public void start() {
    loops.submit(this::main);
  }

  private void main() {
    try {
      clusterVersion = kubernetesVersion.get();
    } catch (RuntimeException e) {
      LOG.warning("event=kubernetes-version-unknown reason=\"" + e.getMessage() + "\"");
    }
    if (!authenticate()) {
      return;
    }
    state = State.RUNNING;
    stateMessage = "running";
    LOG.info(
        "event=agent-running namespaces=" + policy.allowed() + " kubernetes=" + clusterVersion);
    if (drift != null) {
      drift.start();
    }
    heartbeatSafely(true);
    loops.submit(this::deliverResults);
    long tick = Math.max(50, settings.progressInterval().toMillis());
    scheduler.scheduleWithFixedDelay(this::periodic, tick, tick, TimeUnit.MILLISECONDS);
    poll();
  }

  private boolean authenticate() {
    Optional<CredentialStore.StoredCredential> stored = credentials.load();
    if (stored.isPresent()) {
      controlPlane.useCredential(stored.get().credential());
      LOG.info("event=credential-loaded agentId=" + stored.get().agentId());
      return true;
    }
    if (registrationToken.isEmpty() || registrationToken.get().isBlank()) {
      refuse(
          State.REGISTRATION_REFUSED,
          "no stored credential and no registration token: set GENNAKER_REGISTRATION_TOKEN (the"
              + " install manifest's Secret) to a token from the portal");
      return false;
    }
    state = State.REGISTERING;
    stateMessage = "registering with the control plane";
    Backoff backoff = backoff();
    while (running) {
      try {
        Registration r =
            controlPlane.register(
                new RegistrationRequest(
                    registrationToken.get(),
                    settings.agentVersion(),
                    clusterVersion,
                    policy.allowed()));
        credentials.save(new CredentialStore.StoredCredential(r.agentId(), r.credential()));
        controlPlane.useCredential(r.credential());
        lastContact = clock.instant();
        LOG.info("event=registered agentId=" + r.agentId());
        return true;
      } catch (RegistrationRefusedException e) {
        refuse(
            State.REGISTRATION_REFUSED,
            e.getMessage()
                + ". A registration token works once: create a new one in the portal,"
                + " put it in the agent's Secret and restart the agent.");
        return false;
      } catch (ControlPlaneException e) {
        Duration wait = backoff.next();
        LOG.warning(
            "event=register-retry wait="
                + wait.toMillis()
                + "ms reason=\""
                + e.getMessage()
                + "\"");
        if (!sleep(wait)) {
          return false;
        }
      }
    }
    return false;
  }

  private void refuse(State s, String message) {
    state = s;
    stateMessage = message;
    LOG.severe("event=agent-stopped state=" + s + " reason=\"" + message + "\"");
  }

  private void poll() {
    Backoff backoff = backoff();
    while (running) {
      try {
        List<Command> commands = controlPlane.receiveCommands(settings.pollWait());
        lastContact = clock.instant();
        backoff.reset();
        if (state == State.UNAUTHORIZED) {
          state = State.RUNNING;
          stateMessage = "running";
        }
        commands.forEach(this::accept);
      } catch (UnauthorizedException e) {
        state = State.UNAUTHORIZED;
        stateMessage = e.getMessage();
        LOG.severe("event=unauthorized reason=\"" + e.getMessage() + "\"");
        if (!sleep(settings.backoffMax())) {
          return;
        }
      } catch (ControlPlaneException e) {
        Duration wait = backoff.next();
        LOG.warning(
            "event=poll-retry wait=" + wait.toMillis() + "ms reason=\"" + e.getMessage() + "\"");
        if (!sleep(wait)) {
          return;
        }
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "event=poll-error", e);
        if (!sleep(backoff.next())) {
          return;
        }
      }
    }
  }

  /** Queues a delivered command unless it is already queued, running or finished. */
  private void accept(Command command) {
    String id = command.id();
    if (id == null) {
      LOG.warning("event=command-without-id type=" + command.type());
      return;
    }
    if ("abort".equals(command.type())) {
      abort(command);
      return;
    }
    if (inFlight.putIfAbsent(id, "queued") != null) {
      duplicates.incrementAndGet();
      LOG.info("event=duplicate-delivery command=" + id + " action=ignored-in-flight");
      return;
    }
    Optional<CommandResult> done;
    try {
      done = journal.finished(id);
    } catch (RuntimeException e) {
      LOG.warning("event=journal-unavailable command=" + id + " reason=\"" + e.getMessage() + "\"");
      done = Optional.empty();
    }
    if (done.isPresent()) {
      inFlight.remove(id);
      duplicates.incrementAndGet();
      LOG.info("event=duplicate-delivery command=" + id + " action=resend-result");
      outbox.offer(done.get());
      return;
    }
    try {
      worker.execute(() -> run(command));
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // Full queue: leave it in the control plane's queue; it comes back after the visibility
      // timeout.
      inFlight.remove(id);
      LOG.warning("event=command-deferred command=" + id + " reason=queue-full");
    }
  }

  /**
   * Stops the command named by an {@code abort} (its {@code name}): a running one is interrupted
   * and reported failed as aborted; a queued one is skipped when its turn comes. Answered at once,
   * whatever the worker queue holds.
   */
  private void abort(Command command) {
    String target = command.name() == null ? "" : command.name();
    aborted.add(target);
    Thread thread = runningThreads.get(target);
    String message;
    if (thread != null) {
      thread.interrupt();
      message = "aborting " + target + " (it was running)";
    } else if (inFlight.containsKey(target)) {
      message = "aborting " + target + " (it was queued)";
    } else {
      message = target + " is not running here; nothing to abort";
    }
    LOG.info("event=abort command=" + target + " outcome=\"" + message + "\"");
    outbox.offer(
        new CommandResult(
            command.id(), CommandResult.SUCCEEDED, message, List.of(), List.of(), null, Map.of()));
  }

  private CommandResult abortedResult(String id) {
    return new CommandResult(
        id,
        CommandResult.FAILED,
        "aborted: the control plane canceled the execution",
        List.of(),
        List.of(),
        null,
        Map.of());
  }

  private void run(Command command) {
    String id = command.id();
    if (aborted.contains(id)) {
      finish(abortedResult(id));
      return;
    }
    runningThreads.put(id, Thread.currentThread());
    try {
      runTracked(command);
    } finally {
      runningThreads.remove(id);
      // An interrupt meant for this command must not reach the next one on this thread.
      if (aborted.contains(id)) {
        Thread.interrupted();
      }
    }
  }

  private void finish(CommandResult result) {
    try {
      journal.recordFinished(result);
    } catch (RuntimeException e) {
      LOG.warning(
          "event=journal-unavailable command="
              + result.commandId()
              + " reason=\""
              + e.getMessage()
              + "\"");
    }
    inFlight.remove(result.commandId());
    outbox.offer(result);
  }

  private void runTracked(Command command) {
    String id = command.id();
    boolean again = false;
    try {
      again = journal.started(id);
      journal.recordStarted(id);
    } catch (RuntimeException e) {
      // Without the journal a crash could run the command twice; that is still safe (every write
      // is idempotent), so run it rather than stall.
      LOG.warning("event=journal-unavailable command=" + id + " reason=\"" + e.getMessage() + "\"");
    }
    executions.incrementAndGet();
    LOG.info(
        "event=command-start command="
            + id
            + " type="
            + command.type()
            + " namespace="
            + command.namespace()
            + (again ? " redelivered=true" : ""));
    CommandResult result;
    try {
      result = executor.execute(command, message -> inFlight.put(id, message));
    } catch (Workloads.CommandInterruptedException e) {
      if (running && aborted.contains(id)) {
        LOG.info("event=command-aborted command=" + id);
        finish(abortedResult(id));
        return;
      }
      LOG.info("event=command-abandoned command=" + id + " reason=agent-stopping");
      return;
    }
    if (running && aborted.contains(id)) {
      LOG.info("event=command-aborted command=" + id);
      finish(abortedResult(id));
      return;
    }
    if (!running || Thread.currentThread().isInterrupted()) {
      // Stopped mid-command: whatever the executor saw was the shutdown, not the cluster. Leave the
      // journal at "started" so the redelivered command is run again rather than failed.
      LOG.info("event=command-abandoned command=" + id + " reason=agent-stopping");
      return;
    }
    try {
      journal.recordFinished(result);
    } catch (RuntimeException e) {
      LOG.warning("event=journal-unavailable command=" + id + " reason=\"" + e.getMessage() + "\"");
    }
    inFlight.remove(id);
    LOG.info(
        "event=command-done command="
            + id
            + " status="
            + result.status()
            + " message=\""
            + result.message()
            + "\"");
    outbox.offer(result);
  }

  private void deliverResults() {
    Backoff backoff = backoff();
    while (running) {
      CommandResult result;
      try {
        result = outbox.take();
      } catch (InterruptedException e) {
        return;
      }
      while (running) {
        try {
          controlPlane.postResult(result);
          lastContact = clock.instant();
          backoff.reset();
          LOG.info("event=result-acknowledged command=" + result.commandId());
          break;
        } catch (ControlPlaneUnavailableException | UnauthorizedException e) {
          Duration wait = backoff.next();
          LOG.warning(
              "event=result-retry command="
                  + result.commandId()
                  + " wait="
                  + wait.toMillis()
                  + "ms reason=\""
                  + e.getMessage()
                  + "\"");
          if (!sleep(wait)) {
            return;
          }
        } catch (ControlPlaneException e) {
          LOG.severe(
              "event=result-rejected command="
                  + result.commandId()
                  + " reason=\""
                  + e.getMessage()
                  + "\"");
          break;
        }
      }
    }
  }

  private void periodic() {
    if (!running) {
      return;
    }
    heartbeatSafely(false);
    if (drift != null) {
      List<AgentEvent> events = drift.drainEvents();
      if (!events.isEmpty()) {
        try {
          controlPlane.postEvents(events);
        } catch (ControlPlaneUnavailableException | UnauthorizedException e) {
          drift.requeue(events);
          LOG.warning(
              "event=events-retry count=" + events.size() + " reason=\"" + e.getMessage() + "\"");
        } catch (ControlPlaneException e) {
          // Refused (e.g. 404 from a control plane without the route): retrying cannot help.
          LOG.warning(
              "event=events-dropped count=" + events.size() + " reason=\"" + e.getMessage() + "\"");
        }
      }
      Instant now = clock.instant();
      if (Duration.between(lastInventory, now).compareTo(settings.inventoryInterval()) >= 0
          || (drift.inventoryHash() != lastInventoryHash && drift.synced())) {
        int hash = drift.inventoryHash();
        Inventory inventory = drift.inventory();
        try {
          controlPlane.postInventory(inventory);
          lastInventory = now;
          lastInventoryHash = hash;
        } catch (ControlPlaneUnavailableException | UnauthorizedException e) {
          LOG.warning("event=inventory-retry reason=\"" + e.getMessage() + "\"");
        } catch (ControlPlaneException e) {
          // Refused: try again at the next interval, not at every tick.
          lastInventory = now;
          lastInventoryHash = hash;
          LOG.warning("event=inventory-refused reason=\"" + e.getMessage() + "\"");
        }
      }
    }
  }

  private void heartbeatSafely(boolean force) {
    Instant now = clock.instant();
    boolean due =
        force
            || !inFlight.isEmpty()
            || Duration.between(lastHeartbeat, now).compareTo(settings.heartbeatInterval()) >= 0;
    if (!due) {
      return;
    }
    List<Heartbeat.Progress> progress = new ArrayList<>();
    inFlight.forEach((id, message) -> progress.add(new Heartbeat.Progress(id, message)));
    try {
      controlPlane.heartbeat(
          new Heartbeat(settings.agentVersion(), clusterVersion, policy.allowed(), progress));
      lastHeartbeat = now;
      lastContact = now;
    } catch (ControlPlaneException e) {
      LOG.warning("event=heartbeat-failed reason=\"" + e.getMessage() + "\"");
    }
  }

  private Backoff backoff() {
    return new Backoff(
        settings.backoffBase(), settings.backoffMax(), new java.util.SplittableRandom());
  }

  private boolean sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
      return running;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  public State state() {
    return state;
  }

  /** Why the agent is in its state, for the health endpoint and the logs. */
  public String stateMessage() {
    return stateMessage;
  }

  public Optional<Instant> lastContact() {
    return Optional.ofNullable(lastContact);
  }

  /** Commands actually run (not counting duplicate deliveries). */
  public long executions() {
    return executions.get();
  }

  /** Ids of the commands queued or running now. */
  public java.util.Set<String> commandsInFlight() {
    return java.util.Set.copyOf(inFlight.keySet());
  }

  /** Deliveries of a command that was already queued, running or finished. */
  public long duplicateDeliveries() {
    return duplicates.get();
  }

  /** True while the process should be considered alive (for liveness). */
  public boolean alive() {
    return running && !loops.isShutdown();
  }

  /** True when the agent is registered and has heard from the control plane recently. */
  public boolean ready() {
    Instant c = lastContact;
    return state == State.RUNNING
        && c != null
        && Duration.between(c, clock.instant())
                .compareTo(settings.pollWait().multipliedBy(3).plus(settings.heartbeatInterval()))
            < 0;
  }

  public AgentSettings settings() {
    return settings;
  }

  /** Stops at once, as a crash would: running commands are abandoned, nothing more is posted. */
  public void kill() {
    killLeavingWatches();
    if (drift != null) {
      drift.close();
    }
  }

  /**
   * Like {@link #kill()}, but leaves the drift watch's connection open (nothing reads what it
   * receives any more). For local mode's rehearsal of a crash: the Kubernetes API mock stalls its
   * event loop for up to a minute when a client closes a watch, which a real crash (a cut
   * connection) does not do.
   */
  public void killLeavingWatches() {
    running = false;
    state = State.STOPPED;
    worker.shutdownNow();
    loops.shutdownNow();
    scheduler.shutdownNow();
  }

  @Override
  public void close() {
    kill();
    try {
      worker.awaitTermination(5, TimeUnit.SECONDS);
      loops.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static java.util.concurrent.ThreadFactory named(String name) {
    AtomicLong n = new AtomicLong();
    return r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
