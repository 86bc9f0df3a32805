package io.varanus.engine.pipeline;

import io.varanus.connectors.parse.LogFormat;
import io.varanus.connectors.parse.LogFormats;
import io.varanus.connectors.source.KafkaEventSource;
import io.varanus.connectors.source.RawRecord;
import io.varanus.engine.alert.AlertPolicy;
import io.varanus.engine.config.ConfigException;
import io.varanus.engine.config.EngineConfig;
import io.varanus.engine.config.PipelineConfig;
import io.varanus.engine.store.LiveModel;
import io.varanus.models.vae.VaeScorer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code varanus run} loop, on one thread: wait for the brokers, then repeatedly swap in a new
 * model if the store has one, collect a micro-batch (up to {@code batch-max-size} records or {@code
 * linger} after the first), process it and deliver it (alerts and dead letters acknowledged, then
 * offsets committed; or one transaction). Nothing is polled while a batch is processed, so
 * in-flight work is bounded by one batch and a slow scorer simply polls less often; no queues, no
 * pausing needed.
 *
 * <p>{@link #stop()} (from a shutdown hook) wakes the consumer; the loop finishes the batch it
 * holds, commits it and closes the clients. When the group revokes partitions, the held batch is
 * processed and committed first. Only the CLI turns a failure into an exit code.
 */
public final class KafkaPipeline {

  private static final Logger LOG = LoggerFactory.getLogger(KafkaPipeline.class);
  private static final Duration IDLE_POLL = Duration.ofMillis(200);

  private final EngineConfig config;
  private final PipelineConfig settings;
  private final LiveModel model;
  private final Clock clock;
  private final PipelineStats stats = new PipelineStats();
  private final PipelineListener listener;
  private final BatchProcessor processor;
  private final List<RawRecord> pending = new ArrayList<>();
  private final CountDownLatch stopped = new CountDownLatch(1);
  private volatile boolean running = true;
  private volatile KafkaEventSource source;
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
    this.processor =
        new BatchProcessor(
            format,
            new AlertPolicy(config.alerting(), clock),
            new DeadLetters(
                config.topics().deadLetter(), clock, KafkaClients.maxRequestSize(config)),
            config.topics().alerts(),
            settings.batchMaxSize(),
            stats,
            listener);
    listener.modelActive(model.current());
  }

  /** Runs until {@link #stop()} or a fatal error (thrown). */
  public void run() throws InterruptedException {
    try {
      if (!BrokerWait.await(KafkaClients.admin(config), () -> running)) {
        return;
      }
      LOG.info(
          "Scoring {} with model {} ({}, group {}), alerts to {}, dead letters to {}; dense kernel"
              + " {}",
          config.topics().input(),
          model.current().version(),
          settings.guarantee().configName(),
          settings.groupId(),
          config.topics().alerts(),
          config.topics().deadLetter(),
          VaeScorer.denseKernel());
      if (!VaeScorer.vectorKernel()) {
        LOG.warn(
            "Scoring without the vectorized dense kernel (about 1.5x slower): start Java with"
                + " --add-modules jdk.incubator.vector");
      }
      Producer<byte[], byte[]> producer = new KafkaProducer<>(KafkaClients.producer(config));
      source =
          new KafkaEventSource(
              KafkaClients.consumer(config), config.topics().input(), new Rebalance());
      listener.kafkaReachability(source::coordinatorReachable);
      delivery =
          settings.guarantee() == PipelineConfig.Guarantee.EXACTLY_ONCE
              ? new ExactlyOnceDelivery(producer, source)
              : new AtLeastOnceDelivery(producer, source);
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
      long refused = model.reloadsFailed();
      if (model.maybeSwap()) {
        LOG.info("Now scoring with model {}", model.current().version());
        listener.modelActive(model.current());
        listener.modelReloaded(true);
      } else if (model.reloadsFailed() > refused) {
        listener.modelReloaded(false);
      }
      collect();
      listener.consumerLag(source.lag());
      if (pending.isEmpty() && delivery != null) {
        delivery.idle();
      }
      flushPending();
    }
    flushPending();
    if (delivery != null) {
      delivery.idle();
    }
  }

  private void collect() {
    long deadline = Long.MAX_VALUE;
    while (running && pending.size() < settings.batchMaxSize()) {
      Duration timeout =
          pending.isEmpty() ? IDLE_POLL : Duration.ofMillis(Math.max(0, deadline - clock.millis()));
      List<RawRecord> records = source.poll(timeout);
      if (source.isFinished()) {
        return;
      }
      if (records.isEmpty() && pending.isEmpty()) {
        return;
      }
      if (pending.isEmpty()) {
        deadline = clock.millis() + settings.linger().toMillis();
      }
      pending.addAll(records);
      if (clock.millis() >= deadline) {
        return;
      }
    }
  }

  private void flushPending() {
    if (pending.isEmpty() || delivery == null) {
      return;
    }
    List<RawRecord> batch = List.copyOf(pending);
    pending.clear();
    long start = System.nanoTime();
    BatchOutput out = processor.process(batch, model.current());
    listener.batchScored(batch.size(), System.nanoTime() - start);
    stats.batches.increment();
    delivery.deliver(out);
    stats.alerts.add(out.alerts());
    stats.committedBatches.increment();
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

  /** Commits what the loop holds before partitions go; drops what it holds of lost ones. */
  private final class Rebalance implements ConsumerRebalanceListener {
    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      if (partitions.isEmpty()) {
        return;
      }
      flushPending();
      delivery.revoked(partitions);
      source.forget(partitions);
      LOG.info("Partitions revoked after commit: {}", partitions);
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
      pending.removeIf(
          r ->
              partitions.contains(new TopicPartition(r.origin().source(), r.origin().partition())));
      delivery.lost(partitions);
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
