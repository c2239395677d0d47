package dev.numbers.bridge.orderstate;

import dev.numbers.bridge.config.InvalidSetting;
import dev.numbers.bridge.config.Settings;
import dev.numbers.schemas.topics.TopicNames;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import io.micronaut.core.convert.format.MapFormat;
import java.time.Duration;
import java.util.Map;

/**
 * The order-state topology. Keys under {@code bridge.order-state}; Kafka and registry addresses come from
 * {@code bridge.kafka.*} like the rest of the bridge.
 *
 * @param applicationId    Kafka Streams application id (consumer group, internal topic prefix)
 * @param resultsTopic     the connector's results, for order id → request_id
 * @param orderStatesTopic order-state events (output): orders, their number assignments, releases and deletions
 * @param objectStatesTopic state events of the objects that are not orders (brands, campaigns, Telnyx number
 *                         assignments), created at start-up when missing; same record type as order states
 * @param commitInterval   Streams commit interval: with exactly-once it bounds how late consumers see events
 * @param fetchMaxWait     how long the broker may hold the topology's fetch for {@code fetchMinBytes} to arrive
 *                         ({@code main.consumer.fetch.max.wait.ms}): fewer, fuller polls instead of one per record
 *                         or two; it adds up to this much lag at each of the topology's two hops (raw, repartition).
 *                         20 ms halved the Streams thread's CPU per webhook at 1,000/s with no lag p99 to measure;
 *                         50 ms took off a little more for ~30 ms more lag (docs/bridge.md#benchmark)
 * @param fetchMinBytes    what a fetch waits for, up to {@code fetchMaxWait} ({@code main.consumer.fetch.min.bytes});
 *                         a raw webhook record is about 0.7 KB, so 64 KiB is about 90 of them
 * @param stateDir         where the stores live; a temporary directory when unset
 * @param advertisedUrl    this instance's base URL for other instances (GET /orders redirects); unset: single instance
 * @param replicationFactor internal topics' replication factor; -1 = the broker's default
 * @param deadLetterTopic  where records the topology cannot read or process go, with {@code numbers.error.*} headers
 * @param maxThreadReplacements stream-thread failures replaced within {@code threadReplacementWindow}; one more shuts
 *                         the client down (health DOWN) instead of replacing threads forever
 * @param threadReplacementWindow the window {@code maxThreadReplacements} counts in
 * @param maxAssignmentsPerOrder number assignments one order's stored view may hold; a change that would add one more
 *                         is dead-lettered, so no order (a hostile producer's, or a huge one) can grow its view past
 *                         what a changelog record may carry (1 MiB by default; ~150 bytes per assignment)
 * @param dedupeWindow     how long (receipt time) an event's key is remembered to drop its redeliveries and replays;
 *                         a replay after that is still not emitted when it is not newer than its object's state
 * @param properties       further Kafka Streams properties passed through as they are (e.g. {@code session.timeout.ms}:
 *                         a thread that died leaves the group only when its session times out)
 */
@ConfigurationProperties(OrderStateConfig.PREFIX)
public record OrderStateConfig(
        @Bindable(defaultValue = "numbers-callback-bridge") String applicationId,
        @Bindable(defaultValue = TopicNames.RESULTS) String resultsTopic,
        @Bindable(defaultValue = TopicNames.ORDER_STATES) String orderStatesTopic,
        @Bindable(defaultValue = TopicNames.OBJECT_STATES) String objectStatesTopic,
        @Bindable(defaultValue = "100ms") Duration commitInterval,
        @Bindable(defaultValue = "20ms") Duration fetchMaxWait,
        @Bindable(defaultValue = "65536") int fetchMinBytes,
        @Nullable String stateDir,
        @Nullable String advertisedUrl,
        @Bindable(defaultValue = "-1") int replicationFactor,
        @Bindable(defaultValue = TopicNames.WEBHOOKS_DLQ) String deadLetterTopic,
        @Bindable(defaultValue = "3") int maxThreadReplacements,
        @Bindable(defaultValue = "10m") Duration threadReplacementWindow,
        @Bindable(defaultValue = "2000") int maxAssignmentsPerOrder,
        @Bindable(defaultValue = "24h") Duration dedupeWindow,
        @Nullable @MapFormat(transformation = MapFormat.MapTransformation.FLAT) Map<String, String> properties) {

    public static final String PREFIX = "bridge.order-state";

    public OrderStateConfig {
        Settings.required(PREFIX + ".application-id", applicationId);
        Settings.required(PREFIX + ".results-topic", resultsTopic);
        Settings.required(PREFIX + ".order-states-topic", orderStatesTopic);
        Settings.required(PREFIX + ".object-states-topic", objectStatesTopic);
        if (objectStatesTopic.equals(orderStatesTopic)) {
            throw new InvalidSetting(PREFIX + ".object-states-topic", "must differ from " + PREFIX
                    + ".order-states-topic, was " + objectStatesTopic);
        }
        Settings.present(PREFIX + ".commit-interval", commitInterval);
        Settings.present(PREFIX + ".fetch-max-wait", fetchMaxWait);
        Settings.atLeast(PREFIX + ".fetch-min-bytes", fetchMinBytes, 1);
        Settings.required(PREFIX + ".dead-letter-topic", deadLetterTopic);
        Settings.atLeast(PREFIX + ".max-thread-replacements", maxThreadReplacements, 0);
        Settings.present(PREFIX + ".thread-replacement-window", threadReplacementWindow);
        Settings.within(PREFIX + ".max-assignments-per-order", maxAssignmentsPerOrder, 1, 5000);
        Settings.positive(PREFIX + ".dedupe-window", dedupeWindow);
    }

    public Map<String, String> passthrough() {
        return properties == null ? Map.of() : properties;
    }

    /** The topics the topology reads and writes; the raw topic is the sink's ({@code bridge.kafka.raw-topic}). */
    public OrderTopology.Topics topics(final String rawTopic) {
        return new OrderTopology.Topics(rawTopic, resultsTopic, orderStatesTopic, objectStatesTopic);
    }
}
