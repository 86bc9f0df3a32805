/**
 * The model store: a directory of bundle versions with a {@code CURRENT} pointer, and {@link
 * io.varanus.engine.store.LiveModel}, which the pipeline asks between batches whether a new version
 * should be swapped in. A bundle that fails to load or validate never replaces the running model.
 */
package io.varanus.engine.store;
