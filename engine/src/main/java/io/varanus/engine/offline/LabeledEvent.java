package io.varanus.engine.offline;

import io.varanus.connectors.LogEvent;
import io.varanus.connectors.source.RawRecord;

/**
 * A parsed event with its raw record and, when labels are known, its label and class (null
 * otherwise).
 */
public record LabeledEvent(LogEvent event, RawRecord raw, String label, String attackClass) {}
