package io.varanus.models.vae.internal;

import org.nd4j.linalg.factory.Nd4j;

/**
 * Keeps ND4J's native (OpenMP) pool at one thread unless OMP_NUM_THREADS says otherwise. Measured
 * here: training on 2 cores with a busy neighbour took 6 min with the default pool and 32 s with
 * one thread, because spinning OpenMP workers fight the JVM's own threads for the cores.
 */
public final class NativeThreads {

  private static volatile boolean done;

  private NativeThreads() {}

  public static void configure() {
    if (done) {
      return;
    }
    synchronized (NativeThreads.class) {
      if (!done) {
        if (System.getenv("OMP_NUM_THREADS") == null) {
          Nd4j.getEnvironment().setMaxThreads(1);
          Nd4j.getEnvironment().setMaxMasterThreads(1);
        }
        done = true;
      }
    }
  }
}
