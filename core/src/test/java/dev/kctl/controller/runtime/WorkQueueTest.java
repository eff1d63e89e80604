package dev.kctl.controller.runtime;

import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WorkQueueTest {
  private final WorkQueue queue = new WorkQueue("test");

  @AfterEach
  void close() {
    queue.close();
  }

  @Test
  void keyAddedTwiceIsQueuedOnce() throws InterruptedException {
    queue.add("default/a");
    queue.add("default/b");
    queue.add("default/a");

    assertThat(queue.length()).isEqualTo(2);
    assertThat(queue.take()).isEqualTo("default/a");
    assertThat(queue.take()).isEqualTo("default/b");
  }

  @Test
  void keyInFlightIsNotHandedToASecondWorkerAndRunsOnceMoreAfterDone() throws InterruptedException {
    queue.add("default/a");
    String taken = queue.take();

    queue.add("default/a");
    queue.add("default/a");
    assertThat(queue.length()).as("re-added while in flight: held back").isZero();

    queue.done(taken);
    assertThat(queue.length()).isEqualTo(1);
    assertThat(queue.take()).isEqualTo("default/a");
    queue.done("default/a");
    assertThat(queue.length()).isZero();
  }

  @Test
  void doneWithoutReAddLeavesNothingQueued() throws InterruptedException {
    queue.add("default/a");
    queue.done(queue.take());
    assertThat(queue.length()).isZero();
  }

  @Test
  void backoffDoublesFromFiveMillisecondsUpToThousandSeconds() {
    assertThat(WorkQueue.backoff(0)).isEqualTo(Duration.ofMillis(5));
    assertThat(WorkQueue.backoff(1)).isEqualTo(Duration.ofMillis(10));
    assertThat(WorkQueue.backoff(10)).isEqualTo(Duration.ofMillis(5120));
    assertThat(WorkQueue.backoff(17)).isEqualTo(Duration.ofMillis(655_360));
    assertThat(WorkQueue.backoff(18)).isEqualTo(Duration.ofSeconds(1000));
    assertThat(WorkQueue.backoff(1000)).isEqualTo(Duration.ofSeconds(1000));
  }

  @Test
  void retryLaterRequeuesAfterBackoffAndCountsUntilForgotten() throws InterruptedException {
    queue.add("default/a");
    queue.done(queue.take());
    queue.retryLater("default/a");
    queue.retryLater("default/a");
    assertThat(queue.retries("default/a")).isEqualTo(2);

    await("retried key queued").atMost(ofSeconds(5)).until(() -> queue.length() == 1);
    assertThat(queue.take()).isEqualTo("default/a");
    queue.forget("default/a");
    assertThat(queue.retries("default/a")).isZero();
  }

  @Test
  void takeReturnsNullOnceClosed() throws InterruptedException {
    AtomicReference<String> result = new AtomicReference<>("unset");
    Thread waiter = Thread.ofVirtual().start(() -> {
      try {
        result.set(queue.take());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    queue.close();
    waiter.join(Duration.ofSeconds(5));
    assertThat(result.get()).isNull();
  }
}
