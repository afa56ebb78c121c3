package dev.gennaker.slack;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** The notifier's delivery thread: in order, and waited on with a bound. */
class DeliveryThreadTest {
  @Test
  void work_runsInOrder_andAwaitIdle_returnsOnceAllIsDone() {
    DeliveryThread thread = new DeliveryThread();
    List<Integer> done = Collections.synchronizedList(new ArrayList<>());
    for (int i = 0; i < 20; i++) {
      int n = i;
      thread.execute(() -> done.add(n));
    }

    assertThat(thread.awaitIdle(Duration.ofSeconds(5))).isTrue();
    assertThat(done).hasSize(20).isSorted();
  }

  @Test
  void awaitIdle_givesUpAfterItsBound_whileWorkIsStuck() throws Exception {
    DeliveryThread thread = new DeliveryThread();
    CountDownLatch release = new CountDownLatch(1);
    thread.execute(
        () -> {
          try {
            release.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });

    long started = System.nanoTime();
    assertThat(thread.awaitIdle(Duration.ofMillis(200))).isFalse();
    assertThat(Duration.ofNanos(System.nanoTime() - started))
        .isGreaterThanOrEqualTo(Duration.ofMillis(200));

    release.countDown();
    assertThat(thread.awaitIdle(Duration.ofSeconds(5))).isTrue();
  }

  @Test
  void aFailingTask_doesNotLeaveTheThreadBusy() {
    DeliveryThread thread = new DeliveryThread();
    thread.execute(
        () -> {
          throw new IllegalStateException("Slack down");
        });

    assertThat(thread.awaitIdle(Duration.ofSeconds(5))).isTrue();
  }
}
