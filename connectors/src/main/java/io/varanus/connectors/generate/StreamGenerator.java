package io.varanus.connectors.generate;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * The clock and mixing shared by the stream generators. Normal activity arrives as a Poisson
 * process whose rate follows office hours (weekdays 08-18 busiest, nights and weekends quiet); each
 * arrival schedules a session of one or more lines. Attack bursts start at arrivals with a
 * probability tuned from the running line counts (raised while the attack share is below the
 * configured rate, zero while above it), so the attack fraction approaches that rate. Bursts are
 * large, so short runs at low rates vary. Lines are emitted in time order.
 */
abstract class StreamGenerator implements Iterator<GeneratedEvent> {

  private record Pending(long micros, long seq, String line, String attackClass) {}

  protected final SplittableRandom rnd;
  private final double drift;
  private final PriorityQueue<Pending> queue =
      new PriorityQueue<>(
          (a, b) ->
              a.micros != b.micros ? Long.compare(a.micros, b.micros) : Long.compare(a.seq, b.seq));
  private final double attackRate;
  private final long limit;
  private final double peakGapSeconds;
  private long nextArrival;
  private long seq;
  private long emitted;
  private long normalLines = 1;
  private long normalSessions = 1;
  private long attackLines = 1;
  private long attackBursts = 1;

  StreamGenerator(GeneratorConfig config, double peakGapSeconds) {
    this.rnd = new SplittableRandom(config.seed());
    this.attackRate = config.attackRate();
    this.drift = config.drift();
    this.limit = config.events();
    this.peakGapSeconds = peakGapSeconds;
    this.nextArrival = micros(config.start());
  }

  /** Schedules the lines of one normal session starting at {@code t}. */
  abstract void normalSession(long t);

  /** Schedules one attack burst starting at {@code t}. */
  abstract void attackBurst(long t);

  void emitNormal(long t, String line) {
    queue.add(new Pending(t, seq++, line, GeneratedEvent.NORMAL));
    normalLines++;
  }

  void emitAttack(long t, String line, String attackClass) {
    queue.add(new Pending(t, seq++, line, attackClass));
    attackLines++;
  }

  @Override
  public boolean hasNext() {
    return emitted < limit;
  }

  @Override
  public GeneratedEvent next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    while (queue.isEmpty() || queue.peek().micros() >= nextArrival) {
      arrival(nextArrival);
      nextArrival += gapMicros(nextArrival);
    }
    Pending p = queue.poll();
    emitted++;
    boolean normal = GeneratedEvent.NORMAL.equals(p.attackClass());
    return new GeneratedEvent(
        p.line(),
        normal ? GeneratedEvent.NORMAL : GeneratedEvent.ATTACK,
        p.attackClass(),
        instant(p.micros()));
  }

  private void arrival(long t) {
    normalSession(t);
    normalSessions++;
    double share = (double) attackLines / (attackLines + normalLines);
    if (attackRate <= 0 || share > attackRate) {
      return;
    }
    double perSession = (double) normalLines / normalSessions;
    double perBurst = (double) attackLines / attackBursts;
    double catchUp = Math.min(4, attackRate / Math.max(share, attackRate / 4));
    double q = catchUp * attackRate * perSession / ((1 - attackRate) * perBurst);
    if (rnd.nextDouble() < q) {
      attackBurst(t + (long) (rnd.nextDouble() * 1e6));
      attackBursts++;
    }
  }

  private long gapMicros(long t) {
    double mean = peakGapSeconds / activity(instant(t));
    return 1 + (long) (exponential(mean) * 1e6);
  }

  /** Relative activity: 1 in office hours on weekdays, less in evenings, nights and weekends. */
  static double activity(Instant t) {
    ZonedDateTime z = t.atZone(ZoneOffset.UTC);
    int h = z.getHour();
    boolean weekend =
        z.getDayOfWeek() == DayOfWeek.SATURDAY || z.getDayOfWeek() == DayOfWeek.SUNDAY;
    double hourly = h >= 8 && h < 18 ? 1.0 : (h >= 6 && h < 22 ? 0.3 : 0.06);
    return weekend ? hourly * 0.15 : hourly;
  }

  double exponential(double mean) {
    return -mean * Math.log(1 - rnd.nextDouble());
  }

  /** A log-normal value with the given median and spread (sigma of the log). */
  double logNormal(double median, double sigma) {
    return median * Math.exp(sigma * gaussian());
  }

  double gaussian() {
    double u1 = 1 - rnd.nextDouble();
    double u2 = rnd.nextDouble();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }

  <T> T pick(T[] items) {
    return items[rnd.nextInt(items.length)];
  }

  int between(int lo, int hiInclusive) {
    return lo + rnd.nextInt(hiInclusive - lo + 1);
  }

  boolean chance(double p) {
    return rnd.nextDouble() < p;
  }

  /** Whether there is drift at all; without it no random number is drawn for it. */
  boolean drifting() {
    return drift > 0;
  }

  /**
   * Whether one kind of drifted behaviour shows in this session (probability: the drift); draws
   * nothing at a drift of 0, so those streams stay as they were.
   */
  boolean drifted() {
    return drift > 0 && rnd.nextDouble() < drift;
  }

  private static final int[] EXTERNAL_FIRST_OCTETS = {
    23, 31, 37, 45, 61, 77, 91, 103, 109, 112, 116, 122, 141, 157, 176, 185, 193, 196, 201, 212,
    218, 222
  };

  /** A public-looking IPv4 address. */
  String externalIp() {
    return EXTERNAL_FIRST_OCTETS[rnd.nextInt(EXTERNAL_FIRST_OCTETS.length)]
        + "."
        + rnd.nextInt(256)
        + "."
        + rnd.nextInt(256)
        + "."
        + between(1, 254);
  }

  /** An address in 10.0.0.0/16 with the given third octet range. */
  String internalIp(int subnetFrom, int subnetTo) {
    return "10.0." + between(subnetFrom, subnetTo) + "." + between(2, 250);
  }

  int ephemeralPort() {
    return between(32768, 60999);
  }

  static long seconds(double s) {
    return (long) (s * 1e6);
  }

  static long micros(Instant t) {
    return t.getEpochSecond() * 1_000_000L + t.getNano() / 1000;
  }

  static Instant instant(long micros) {
    return Instant.ofEpochSecond(
        Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L);
  }
}
