package io.varanus.models.vae.internal;

import org.nd4j.linalg.factory.Nd4j;

/**
 * Keeps ND4J's native (OpenMP) pool and the BLAS library's threads at one unless OMP_NUM_THREADS
 * says otherwise. Measured here: training on 2 cores with a busy neighbour took 6 min with the
 * default pool and 32 s with one thread, because spinning OpenMP workers fight the JVM's own
 * threads for the cores. One BLAS thread also makes training reproducible across machines: a
 * multi-threaded matrix product splits its sums by the number of cores, so the same seed trained
 * different weights with and without OMP_NUM_THREADS=1 (CIC-IDS2017: AUROC 0.9768 against 0.9764).
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
          Nd4j.factory().blas().setMaxThreads(1);
        }
        done = true;
      }
    }
  }
}
