/** Fixtures shared by the engine's tests: a clock the test moves. */
package io.varanus.engine.testing;
