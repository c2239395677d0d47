package dev.numbers.connector.loop;

import dev.numbers.connector.config.TopicsConfig;
import dev.numbers.connector.observe.RequestTracing;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;

/**
 * What every room of the request loop shares: where the records go, how health and metrics are told, the trace of
 * each request, the longest pause a retry (registry, transaction) waits between tries, and how long the loop may
 * answer nothing while requests run before it reports a stall ({@link StallWatch}).
 */
record LoopServices(TopicsConfig topics, LoopHealth health, MeterRegistry meters, RequestTracing tracing,
                    Duration maxBackoff, Duration stallReportAfter) {
}
