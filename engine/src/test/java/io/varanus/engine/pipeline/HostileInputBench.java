package io.varanus.engine.pipeline;

import io.varanus.connectors.generate.GeneratedEvent;
import io.varanus.engine.pipeline.ServiceFixture.Running;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Throughput of the service on a backlog of clean web-log lines against the same lines with hostile
 * records interleaved at 1% (the fault harness's mix: binary junk, invalid UTF-8, empty values,
 * deep JSON, JSON that is not a log line, and every 50th hostile record a 2 MB value). Rounds
 * alternate clean and hostile so that machine load hits both alike. Events/s are counted over the
 * good lines only (the work both runs share), from the service's first consumed record until the
 * group committed everything. In-process broker and service (ServiceFixture).
 *
 * <p>Arguments: [events per run, default 100000] [rounds, default 3].
 */
public final class HostileInputBench {

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final com.sun.management.OperatingSystemMXBean PROCESS =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  private HostileInputBench() {}

  public static void main(String[] args) throws Exception {
    int events = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    ServiceFixture fx = ServiceFixture.shared();
    List<GeneratedEvent> generated = ServiceFixture.events(events, 0.03, 17);
    List<byte[]> clean =
        generated.stream()
            .map(e -> e.line().getBytes(java.nio.charset.StandardCharsets.UTF_8))
            .toList();
    List<byte[]> hostile = FaultFeed.values(generated, 17);
    System.out.printf(
        "HostileInputBench: %d events, %d with hostile records, %d processors, load %s%n",
        clean.size(), hostile.size(), Runtime.getRuntime().availableProcessors(), load());
    double[] sums = new double[2];
    double[] threadCpu = new double[2];
    double[] processCpu = new double[2];
    for (int r = 0; r < rounds; r++) {
      for (int kind = 0; kind < 2; kind++) {
        String prefix = "bench-" + (kind == 0 ? "clean" : "hostile") + "-" + r;
        double[] m = run(fx, prefix, kind == 0 ? clean : hostile, clean.size());
        sums[kind] += m[0];
        threadCpu[kind] += m[1];
        processCpu[kind] += m[2];
        System.out.printf(
            "round %d %-7s %,.0f good events/s; CPU per good event: pipeline thread %.1f us,"
                + " whole process %.1f us (load %s)%n",
            r + 1, kind == 0 ? "clean" : "hostile", m[0], m[1], m[2], load());
      }
    }
    System.out.printf(
        "mean: clean %,.0f, hostile %,.0f events/s: hostile/clean = %.3f; CPU per good event"
            + " hostile/clean: pipeline thread %.3f, whole process %.3f%n",
        sums[0] / rounds,
        sums[1] / rounds,
        sums[1] / sums[0],
        threadCpu[1] / threadCpu[0],
        processCpu[1] / processCpu[0]);
    System.exit(0); // the fixture's shutdown hook stops the broker
  }

  /** Good events/s, and CPU microseconds per good event of the pipeline thread and the process. */
  private static double[] run(ServiceFixture fx, String prefix, List<byte[]> values, int good)
      throws Exception {
    fx.broker.createTopic(prefix + "-alerts", 1);
    fx.broker.createTopic(prefix + "-dlq", 1);
    try (var admin = fx.broker.admin()) {
      admin
          .createTopics(
              List.of(
                  new org.apache.kafka.clients.admin.NewTopic(prefix + "-in", 3, (short) 1)
                      .configs(Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, "4194304"))))
          .all()
          .get();
    }
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, fx.broker.bootstrapServers());
    p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(4 * 1024 * 1024));
    p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, Long.toString(256L * 1024 * 1024));
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
      for (byte[] v : values) {
        producer.send(new ProducerRecord<>(prefix + "-in", v));
      }
      producer.flush();
    }
    Path cfg = fx.writeConfig(prefix, fx.service(prefix, fx.broker.bootstrapServers(), Map.of()));
    Running service = fx.start(cfg, fx.fixedModel(cfg));
    while (service.pipeline().stats().snapshot().consumed() == 0) {
      Thread.sleep(1);
    }
    long start = System.nanoTime();
    long thread0 = THREADS.getThreadCpuTime(service.thread().getId());
    long process0 = PROCESS.getProcessCpuTime();
    fx.awaitCommitted(prefix + "-group", prefix + "-in", Duration.ofMinutes(10));
    double seconds = (System.nanoTime() - start) / 1e9;
    long thread = THREADS.getThreadCpuTime(service.thread().getId()) - thread0;
    long process = PROCESS.getProcessCpuTime() - process0;
    service.stop();
    return new double[] {good / seconds, thread / 1e3 / good, process / 1e3 / good};
  }

  private static String load() throws Exception {
    return Files.readString(Path.of("/proc/loadavg")).trim();
  }
}
