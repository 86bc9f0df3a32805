package io.varanus.engine.pipeline;

import io.varanus.connectors.parse.LogFormat;
import io.varanus.connectors.parse.LogFormats;
import io.varanus.connectors.source.KafkaEventSource;
import io.varanus.connectors.source.RawRecord;
import io.varanus.engine.alert.AlertPolicy;
import io.varanus.engine.config.ConfigException;
import io.varanus.engine.config.EngineConfig;
import io.varanus.engine.config.PipelineConfig;
import io.varanus.engine.store.ActiveModel;
import io.varanus.engine.store.LiveModel;
import io.varanus.models.vae.VaeScorer;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code varanus run} loop. One thread owns the consumer: it waits for the brokers, then
 * repeatedly polls, swaps in a new model if the store has one, hands a micro-batch (up to {@code
 * batch-max-size} records, or what arrived within {@code linger} of the first) to the batch thread
 * and delivers the batch before it (alerts and dead letters sent, offsets committed at the commit
 * interval once everything sent is acknowledged, {@link AtLeastOnceDelivery}; or one transaction).
 * So polling and delivery overlap with processing, and the batch's partitions are processed in
 * parallel on {@code workers} threads ({@link BatchProcessor}). At most one batch is processed and
 * one more collected at a time, so in-flight work stays bounded; batches are processed and
 * delivered in the order they were polled, so a partition's offsets are committed only after the
 * alerts of all its earlier records are acknowledged.
 *
 * <p>{@link #stop()} (from a shutdown hook) wakes the consumer; the loop finishes and delivers the
 * batches it holds and closes the clients. When the group revokes partitions, the held batches are
 * processed and committed first. Only the CLI turns a failure into an exit code.
 */
public final class KafkaPipeline {

  private static final Logger LOG = LoggerFactory.getLogger(KafkaPipeline.class);
  private static final Duration IDLE_POLL = Duration.ofMillis(200);

  /** How long one poll waits while a batch is processed, so its delivery is not held up. */
  private static final Duration BUSY_POLL = Duration.ofMillis(2);

  private final EngineConfig config;
  private final PipelineConfig settings;
  private final LiveModel model;
  private final Clock clock;
  private final PipelineStats stats = new PipelineStats();
  private final PipelineListener listener;
  private final BatchProcessor processor;
  private final ExecutorService batchThread;
  private final ExecutorService laneThreads;
  private final Batches batches;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private volatile boolean running = true;
  private volatile KafkaEventSource source;
  private final UnkeyedInput unkeyed = new UnkeyedInput(topic -> source.partitionCount(topic));
  private Delivery delivery;

  public KafkaPipeline(EngineConfig config, LiveModel model, Clock clock) {
    this(config, model, clock, PipelineListener.NONE);
  }

  /** A pipeline that tells {@code listener} what it does (for metrics). */
  public KafkaPipeline(
      EngineConfig config, LiveModel model, Clock clock, PipelineListener listener) {
    KafkaClients.validate(config);
    this.listener = listener;
    this.config = config;
    this.settings = config.pipeline();
    this.model = model;
    this.clock = clock;
    LogFormat format;
    try {
      format = LogFormats.create(config.input().format(), config.input().options(), clock);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(config.file() + ": input: " + e.getMessage(), e);
    }
    this.batchThread = Executors.newSingleThreadExecutor(threads("varanus-batch"));
    this.laneThreads =
        settings.workers() > 1
            ? Executors.newFixedThreadPool(settings.workers(), threads("varanus-lane"))
            : null;
    this.processor =
        new BatchProcessor(
            format,
            new AlertPolicy(config.alerting(), clock),
            new DeadLetters(
                config.topics().deadLetter(), clock, KafkaClients.maxRequestSize(config)),
            config.topics().alerts(),
            settings.batchMaxSize(),
            stats,
            listener,
            laneThreads);
    this.batches =
        new Batches(
            processor,
            batchThread,
            listener,
            stats,
            clock,
            settings.batchMaxSize(),
            settings.linger());
    listener.modelActive(model.current());
  }

  private static ThreadFactory threads(String name) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /** Runs until {@link #stop()} or a fatal error (thrown). */
  public void run() throws InterruptedException {
    try {
      if (!BrokerWait.await(KafkaClients.admin(config), () -> running)) {
        return;
      }
      LOG.info(
          "Scoring {} with model {} ({}, group {}), alerts to {}, dead letters to {}; dense kernel"
              + " {}, {} worker thread(s)",
          config.topics().input(),
          model.current().version(),
          settings.guarantee().configName(),
          settings.groupId(),
          config.topics().alerts(),
          config.topics().deadLetter(),
          VaeScorer.denseKernel(),
          settings.workers());
      if (!VaeScorer.vectorKernel()) {
        LOG.warn(
            "Scoring without the vectorized dense kernel (about 1.5x slower): start Java with"
                + " --add-modules jdk.incubator.vector");
      }
      new WarmUp(config, clock, laneThreads).beforeJoining(model.current(), () -> running);
      Producer<byte[], byte[]> producer = new KafkaProducer<>(KafkaClients.producer(config));
      source =
          new KafkaEventSource(
              KafkaClients.consumer(config), config.topics().input(), new Rebalance());
      listener.kafkaReachability(source::coordinatorReachable);
      delivery =
          settings.guarantee() == PipelineConfig.Guarantee.EXACTLY_ONCE
              ? new ExactlyOnceDelivery(producer, source)
              : new AtLeastOnceDelivery(producer, source, clock, settings.commitInterval());
      if (!running) {
        source.wakeup();
      }
      loop();
    } finally {
      closeClients();
      stopped.countDown();
    }
  }

  private void loop() {
    while (running && !source.isFinished()) {
      swapModelIfNew();
      if (batches.shouldAwait()) {
        BatchOutput done = batches.await();
        if (batches.pendingReady()) {
          submitPending();
        }
        deliver(done);
        continue;
      }
      if (!batches.processing() && batches.pendingReady()) {
        submitPending();
      }
      pollOnce();
    }
    drain();
  }

  private void swapModelIfNew() {
    long refused = model.reloadsFailed();
    if (model.maybeSwap()) {
      LOG.info("Now scoring with model {}", model.current().version());
      listener.modelActive(model.current());
      listener.modelReloaded(true);
    } else if (model.reloadsFailed() > refused) {
      listener.modelReloaded(false);
    }
  }

  private void pollOnce() {
    List<RawRecord> records = source.poll(batches.pollTimeout(BUSY_POLL, IDLE_POLL));
    listener.consumerLag(source.lag());
    if (records.isEmpty()) {
      if (!batches.hasPending() && !batches.processing() && !source.isFinished()) {
        delivery.idle();
      }
      return;
    }
    batches.add(records);
  }

  private void submitPending() {
    ActiveModel m = model.current();
    unkeyed.check(batches.pending(), m.bundle().featurizer().spec().windows());
    batches.submit(m);
  }

  private void deliver(BatchOutput out) {
    if (out == null || delivery == null) {
      return;
    }
    try {
      delivery.deliver(out);
    } catch (BatchRefusedException e) {
      rewindHeld(e);
      return;
    }
    stats.alerts.add(out.alerts());
    stats.committedBatches.increment();
  }

  /**
   * The group refused a batch's transaction: drop the batch in processing and the pending records
   * (polled after the refused batch, they must not be committed ahead of it) and rewind the
   * consumer to the committed offsets of every partition involved that this member still owns.
   */
  private void rewindHeld(BatchRefusedException refused) {
    Set<TopicPartition> partitions = new HashSet<>(refused.partitions());
    BatchOutput next = batches.await();
    if (next != null) {
      partitions.addAll(next.offsets().keySet());
    }
    for (RawRecord r : batches.pending()) {
      partitions.add(BatchProcessor.partition(r.origin()));
    }
    batches.clearPending();
    Set<TopicPartition> again = source.rewindToCommitted(partitions);
    LOG.warn(
        "{}; reading {} again from the committed offsets, the new owners of the others reprocess"
            + " them",
        refused.getMessage(),
        again);
  }

  /** Processes and delivers everything held: the batch in processing, then what is pending. */
  private void drain() {
    deliver(batches.await());
    if (batches.hasPending()) {
      submitPending();
      deliver(batches.await());
    }
    if (delivery != null) {
      delivery.idle();
    }
  }

  private void closeClients() {
    KafkaEventSource s = source;
    if (s != null) {
      try {
        s.close();
      } catch (RuntimeException e) {
        LOG.warn("Closing the consumer failed: {}", e.getMessage());
      }
    }
    if (delivery != null) {
      delivery.close(settings.shutdownTimeout());
    }
    batchThread.shutdownNow();
    if (laneThreads != null) {
      laneThreads.shutdownNow();
    }
    LOG.info("Stopped: {}", stats.snapshot());
  }

  /** Asks the loop to finish its batch, commit and close; returns at once. Any thread. */
  public void stop() {
    running = false;
    KafkaEventSource s = source;
    if (s != null) {
      s.wakeup();
    }
  }

  /** Waits until {@link #run()} returned; true if it did within {@code timeout}. */
  public boolean awaitStopped(Duration timeout) throws InterruptedException {
    return stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  public PipelineStats stats() {
    return stats;
  }

  public LiveModel model() {
    return model;
  }

  /**
   * Delivers and commits what the loop holds before partitions go; of partitions lost without that
   * chance, the held batch is delivered without their offsets (their new owner reprocesses them)
   * and their pending records are dropped.
   */
  private final class Rebalance implements ConsumerRebalanceListener {
    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      if (partitions.isEmpty()) {
        return;
      }
      drain();
      delivery.revoked(partitions);
      processor.dropPartitions(partitions);
      source.forget(partitions);
      LOG.info("Partitions revoked after commit: {}", partitions);
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
      BatchOutput held = batches.await();
      if (held != null) {
        deliver(held.withoutOffsets(partitions));
      }
      batches.dropPending(partitions);
      delivery.lost(partitions);
      processor.dropPartitions(partitions);
      source.forget(partitions);
      LOG.warn("Partitions lost, another member reprocesses them: {}", partitions);
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      if (!partitions.isEmpty()) {
        LOG.info("Partitions assigned: {}", partitions);
      }
    }
  }
}
