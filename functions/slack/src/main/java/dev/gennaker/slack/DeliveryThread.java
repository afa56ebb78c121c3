package dev.gennaker.slack;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;

/**
 * The notifier's delivery thread (one daemon thread keeps each message's updates in order) that can
 * also be waited on: a Lambda process is frozen once its handler returns, so a handler waits
 * (bounded) for what it told Slack to go out before answering.
 */
public final class DeliveryThread implements Executor {
  private final ExecutorService thread = SlackNotifier.deliveryThread();
  private final Object lock = new Object();
  private int pending;

  @Override
  public void execute(Runnable work) {
    synchronized (lock) {
      pending++;
    }
    try {
      thread.execute(
          () -> {
            try {
              work.run();
            } finally {
              done();
            }
          });
    } catch (RuntimeException e) {
      done();
      throw e;
    }
  }

  private void done() {
    synchronized (lock) {
      pending--;
      lock.notifyAll();
    }
  }

  /**
   * Waits until everything handed over so far is delivered, or {@code max} passed.
   *
   * @return true when nothing is pending
   */
  public boolean awaitIdle(Duration max) {
    long deadline = System.nanoTime() + max.toNanos();
    synchronized (lock) {
      while (pending > 0) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        try {
          lock.wait(Math.max(1, left / 1_000_000));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
      return true;
    }
  }
}
