/**
 * A seeded, reproducible generator of labeled synthetic security logs (sshd auth logs, web access
 * logs, network flows) with normal office rhythms and attack bursts. It feeds the zero-setup demo
 * and the default tests; labels come with each event and in a sidecar file next to written logs.
 */
package io.varanus.connectors.generate;
