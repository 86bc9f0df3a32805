/**
 * Test fixtures shared with other modules through the connectors test-jar, such as an in-process
 * KRaft broker for integration tests.
 */
package io.varanus.connectors.testing;
