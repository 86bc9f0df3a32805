package io.varanus.engine.bench;

import com.sun.management.GarbageCollectorMXBean;
import com.sun.management.GcInfo;
import io.varanus.connectors.generate.GeneratedEvent;
import io.varanus.engine.demo.EmbeddedKafka;
import io.varanus.engine.pipeline.GroupLag;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.ToDoubleFunction;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Memory over a long run at a fixed input rate, with {@link ServiceBench}'s broker, model and
 * service: every sample prints heap used and committed, heap used right after the last collection
 * (young or not: what survived it), non-heap, direct and mapped buffer pools, process RSS
 * (anonymous and file-backed parts) and its peak, events processed and consumer lag. The summary
 * compares the first and the last minute and fits a slope per minute to the samples after the first
 * minute. Broker, producer and service share the JVM, so the numbers cover all three. Nothing is
 * forced: no {@code System.gc()}; the heap-after-collection column is the one that shows retained
 * memory.
 *
 * <p>Arguments: [events/s, default 5000] [minutes, default 10] [seconds between samples, default
 * 15].
 */
public final class ServiceSoak {

  private static final int CHUNK = 25_000;
  private static final double MIB = 1024.0 * 1024.0;

  /** One row of the table; sizes in bytes. */
  record Sample(
      double minutes,
      long heapUsed,
      long heapCommitted,
      long heapAfterGc,
      long nonHeap,
      long direct,
      long mapped,
      long rss,
      long rssAnon,
      long rssFile,
      long hwm,
      long processed,
      long lag,
      String load) {}

  public static void main(String[] args) throws Exception {
    int rate = args.length > 0 ? Integer.parseInt(args[0]) : 5_000;
    int minutes = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    int every = args.length > 2 ? Integer.parseInt(args[2]) : 15;
    System.setProperty("org.slf4j.simpleLogger.log.io.varanus", "warn");
    System.out.printf(
        "ServiceSoak: %,d events/s for %d min, a sample every %d s; %d processors, load average"
            + " at start %s%n",
        rate,
        minutes,
        every,
        Runtime.getRuntime().availableProcessors(),
        ServiceBench.loadAverage());
    Path dir = Files.createTempDirectory("varanus-service-soak-");
    List<Sample> samples = new ArrayList<>();
    try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
      ServiceBench bench = new ServiceBench(kafka, dir);
      ServiceBench.Running service = bench.start(bench.topics("soak"));
      AtomicBoolean producing = new AtomicBoolean(true);
      AtomicLong sent = new AtomicLong();
      AtomicReference<Exception> failure = new AtomicReference<>();
      Thread producer =
          new Thread(() -> produce(bench, rate, producing, sent, failure), "soak-producer");
      long start = System.nanoTime();
      long end = start + TimeUnit.MINUTES.toNanos(minutes);
      producer.start();
      System.out.println(header());
      try (Admin admin = kafka.admin()) {
        long next = start;
        while (System.nanoTime() < end) {
          next += TimeUnit.SECONDS.toNanos(every);
          TimeUnit.NANOSECONDS.sleep(Math.max(0, Math.min(next, end) - System.nanoTime()));
          service.check();
          if (failure.get() != null) {
            throw failure.get();
          }
          Sample s =
              sample(
                  (System.nanoTime() - start) / 6e10,
                  service.pipeline().stats().snapshot().consumed(),
                  GroupLag.of(admin, "soak-group", "soak-in"));
          samples.add(s);
          System.out.println(row(s));
        }
        producing.set(false);
        producer.join();
        long drain = System.nanoTime();
        while (GroupLag.of(admin, "soak-group", "soak-in") != 0) {
          service.check();
          Thread.sleep(100);
        }
        System.out.printf(
            "sent %,d events (%,.0f/s); the lag drained %.1f s after the producer stopped%n",
            sent.get(), sent.get() / ((drain - start) / 1e9), (System.nanoTime() - drain) / 1e9);
      }
      var stats = service.stop();
      System.out.printf("service: %s%n", stats);
    }
    summary(samples);
    System.out.printf("load average at end %s%n", ServiceBench.loadAverage());
    System.exit(0);
  }

  /** Sends generated events at {@code rate}, a chunk at a time so memory holds one chunk. */
  private static void produce(
      ServiceBench bench,
      int rate,
      AtomicBoolean producing,
      AtomicLong sent,
      AtomicReference<Exception> failure) {
    Instant time = Instant.parse("2024-03-11T00:00:00Z");
    long start = System.nanoTime();
    long i = 0;
    try (KafkaProducer<byte[], byte[]> p = bench.producer()) {
      for (long seed = 11; producing.get(); seed++) {
        List<GeneratedEvent> chunk = ServiceBench.events(CHUNK, time, seed);
        time = chunk.get(chunk.size() - 1).time().plusSeconds(1);
        for (GeneratedEvent e : chunk) {
          if (!producing.get()) {
            break;
          }
          p.send(
              new ProducerRecord<>("soak-in", e.line().getBytes(StandardCharsets.UTF_8)),
              (m, ex) -> {
                if (ex != null) {
                  failure.set(ex);
                }
              });
          sent.incrementAndGet();
          i++;
          long wait = start + (long) (i * 1e9 / rate) - System.nanoTime();
          if (wait > 500_000) {
            TimeUnit.NANOSECONDS.sleep(wait);
          }
        }
      }
      p.flush();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      failure.set(e);
    }
  }

  private static Sample sample(double minutes, long processed, long lag) {
    MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
    long nonHeap = ManagementFactory.getMemoryMXBean().getNonHeapMemoryUsage().getUsed();
    long afterGc = heapAfterLastGc();
    long direct = 0;
    long mapped = 0;
    for (BufferPoolMXBean b : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
      if (b.getName().equals("direct")) {
        direct = b.getMemoryUsed();
      } else if (b.getName().equals("mapped")) {
        mapped = b.getMemoryUsed();
      }
    }
    return new Sample(
        minutes,
        heap.getUsed(),
        heap.getCommitted(),
        afterGc,
        nonHeap,
        direct,
        mapped,
        ServiceBench.statusKb("VmRSS") * 1024,
        ServiceBench.statusKb("RssAnon") * 1024,
        ServiceBench.statusKb("RssFile") * 1024,
        ServiceBench.statusKb("VmHWM") * 1024,
        processed,
        lag,
        ServiceBench.loadAverage().split(" ")[0]);
  }

  /** Heap used right after the most recent collection, summed over the heap pools; -1 unknown. */
  private static long heapAfterLastGc() {
    Set<String> heapPools = new HashSet<>();
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == MemoryType.HEAP) {
        heapPools.add(p.getName());
      }
    }
    GcInfo last = null;
    for (GarbageCollectorMXBean gc :
        ManagementFactory.getPlatformMXBeans(GarbageCollectorMXBean.class)) {
      GcInfo info = gc.getLastGcInfo();
      if (info != null && (last == null || info.getEndTime() > last.getEndTime())) {
        last = info;
      }
    }
    if (last == null) {
      return -1;
    }
    long used = 0;
    for (Map.Entry<String, MemoryUsage> e : last.getMemoryUsageAfterGc().entrySet()) {
      if (heapPools.contains(e.getKey())) {
        used += e.getValue().getUsed();
      }
    }
    return used;
  }

  private static String header() {
    return String.format(
            "%6s %8s %8s %8s %8s %7s %7s %7s %7s %7s %7s %11s %7s %5s",
            "min",
            "heapUsed",
            "heapComm",
            "afterGC",
            "nonHeap",
            "direct",
            "mapped",
            "RSS",
            "anon",
            "file",
            "HWM",
            "processed",
            "lag",
            "load1")
        + "   (sizes in MiB)";
  }

  private static String row(Sample s) {
    return String.format(
        "%6.2f %8.1f %8.1f %8.1f %8.1f %7.1f %7.1f %7.1f %7.1f %7.1f %7.1f %,11d %,7d %5s",
        s.minutes(),
        s.heapUsed() / MIB,
        s.heapCommitted() / MIB,
        s.heapAfterGc() / MIB,
        s.nonHeap() / MIB,
        s.direct() / MIB,
        s.mapped() / MIB,
        s.rss() / MIB,
        s.rssAnon() / MIB,
        s.rssFile() / MIB,
        s.hwm() / MIB,
        s.processed(),
        s.lag(),
        s.load());
  }

  private static void summary(List<Sample> samples) {
    if (samples.isEmpty()) {
      return;
    }
    double last = samples.get(samples.size() - 1).minutes();
    System.out.println(
        "summary (MiB): first-minute average, last-minute average, least-squares slope per minute"
            + " over the samples after the first minute");
    line(samples, last, "heap used", Sample::heapUsed);
    line(samples, last, "heap committed", Sample::heapCommitted);
    line(samples, last, "heap after GC", Sample::heapAfterGc);
    line(samples, last, "non-heap", Sample::nonHeap);
    line(samples, last, "direct buffers", Sample::direct);
    line(samples, last, "mapped buffers", Sample::mapped);
    line(samples, last, "RSS", Sample::rss);
    line(samples, last, "RSS anonymous", Sample::rssAnon);
    line(samples, last, "RSS file-backed", Sample::rssFile);
    System.out.printf(
        "peak RSS (VmHWM) %.0f MiB; events processed %,d%n",
        samples.stream().mapToLong(Sample::hwm).max().orElse(0) / MIB,
        samples.get(samples.size() - 1).processed());
  }

  private static void line(
      List<Sample> samples, double last, String name, ToDoubleFunction<Sample> f) {
    double first =
        samples.stream().filter(s -> s.minutes() <= 1.0).mapToDouble(f).average().orElse(0);
    double end =
        samples.stream().filter(s -> s.minutes() >= last - 1.0).mapToDouble(f).average().orElse(0);
    List<Sample> tail = samples.stream().filter(s -> s.minutes() > 1.0).toList();
    System.out.printf(
        "  %-17s %8.1f -> %8.1f  slope %+7.2f MiB/min%n",
        name, first / MIB, end / MIB, slope(tail, f) / MIB);
  }

  /** Least-squares slope of f over minutes; 0 with fewer than two samples. */
  static double slope(List<Sample> samples, ToDoubleFunction<Sample> f) {
    int n = samples.size();
    if (n < 2) {
      return 0;
    }
    double mx = samples.stream().mapToDouble(Sample::minutes).average().orElse(0);
    double my = samples.stream().mapToDouble(f).average().orElse(0);
    double sxy = 0;
    double sxx = 0;
    for (Sample s : samples) {
      double dx = s.minutes() - mx;
      sxy += dx * (f.applyAsDouble(s) - my);
      sxx += dx * dx;
    }
    return sxx == 0 ? 0 : sxy / sxx;
  }
}
