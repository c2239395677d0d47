package dev.numbers.connector.loop;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.numbers.connector.config.TopicsConfig;
import dev.numbers.connector.ledger.Execution;
import dev.numbers.connector.ledger.RecordRef;
import dev.numbers.connector.observe.RequestTracing;
import dev.numbers.connector.observe.TracingConfig;
import dev.numbers.connector.outcome.Outcome;
import dev.numbers.connector.validation.RequestBounds;
import dev.numbers.connector.validation.ResultBounds;
import dev.numbers.connector.validation.RequestLimits;
import dev.numbers.schemas.avro.NumberRequest;
import dev.numbers.schemas.avro.NumberResult;
import dev.numbers.schemas.avro.OperationType;
import dev.numbers.schemas.avro.PhoneNumber;
import dev.numbers.schemas.avro.Provider;
import dev.numbers.schemas.avro.ResultStatus;
import dev.numbers.schemas.avro.SignalWirePurchasePhoneNumber;
import dev.numbers.schemas.serde.RegistryUnavailableException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The per-request path with its collaborators faked: whatever goes wrong, the record ends with something to publish.
 */
class RequestHandlerTest {

    private static final RecordRef SOURCE = new RecordRef("requests", 0, 7);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final AtomicInteger gateCalls = new AtomicInteger();

    private static NumberRequest purchase() {
        return NumberRequest.newBuilder().setRequestId("r-1").setRequestedAt(Instant.now()).setTenant(null)
                .setCorrelationId(null).setOperation(SignalWirePurchasePhoneNumber.newBuilder()
                        .setNumber("+12025550123").build()).build();
    }

    private static NumberResult answer(final NumberRequest request, final Outcome outcome) {
        final var builder = NumberResult.newBuilder().setRequestId(request.getRequestId())
                .setProvider(Provider.SIGNALWIRE).setOperation(OperationType.PURCHASE_PHONE_NUMBER)
                .setProviderPayload(outcome.providerPayload()).setAttempts(outcome.attempts())
                .setStartedAt(Instant.EPOCH).setFinishedAt(Instant.EPOCH).setReconciled(false).setTenant(null)
                .setCorrelationId(null).setResource(null).setErrors(List.of());
        switch (outcome) {
            case Outcome.Succeeded s -> builder.setStatus(ResultStatus.SUCCEEDED).setResource(s.resource());
            case Outcome.Rejected r -> builder.setStatus(ResultStatus.REJECTED).setErrors(r.errors());
            case Outcome.Failed f -> builder.setStatus(ResultStatus.FAILED).setErrors(f.errors());
        }
        return builder.build();
    }

    private static byte[] avro(final NumberResult result) {
        try {
            final ByteBuffer buffer = result.toByteBuffer();
            final var bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private RequestHandler handler(final RequestHandler.Gate gate, final Serializer<NumberResult> serializer) {
        final var limits = RequestLimits.defaults();
        return new RequestHandler(new RequestHandler.Steps(new RequestBounds(limits, Clock.systemUTC()),
                (request, source, stopping) -> {
                    gateCalls.incrementAndGet();
                    return gate.pass(request, source, stopping);
                }, (request, result, attempt, source) -> new ProducerRecord<>("intents", avro(result)),
                RequestHandlerTest::answer, (request, result) -> List.of()),
                new RequestHandler.Publishing(new ResultBounds(limits), new ResultRecords("results", serializer)),
                new LoopServices(new TopicsConfig("requests", "results", "dlq", "intents", "quotas", "g"),
                        new LoopHealth(5, meters), meters, new RequestTracing(new TracingConfig(null, "test")),
                        Duration.ofMillis(50), Duration.ZERO));
    }

    private static NumberResult decoded(final ProducerRecord<byte[], byte[]> record) {
        try {
            return NumberResult.fromByteBuffer(ByteBuffer.wrap(record.value()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void anExceptionOnTheRequestsPathEndsItFailedInternalErrorWithoutItsMessage() {
        final var handler = handler((request, source, stopping) -> {
            throw new IllegalStateException("token=PTsecret-123 at line 7");
        }, (topic, result) -> avro(result));
        final var logs = new ListAppender<ILoggingEvent>();
        final var logger = (Logger) LoggerFactory.getLogger(RequestHandler.class);
        logs.start();
        logger.addAppender(logs);
        final Optional<RequestHandler.Outputs> handled;
        try {
            handled = handler.handle(purchase(), 100, SOURCE, () -> false);
        } finally {
            logger.detachAppender(logs);
        }
        final var outputs = handled.orElseThrow();
        final var result = decoded(outputs.records().getFirst());
        assertThat(result.getStatus()).isEqualTo(ResultStatus.FAILED);
        // The log keeps what an operator needs (the exception's class and frames), never its message.
        assertThat(logs.list).singleElement().satisfies(event -> {
            assertThat(event.getFormattedMessage()).contains("IllegalStateException").doesNotContain("PTsecret");
            assertThat(event.getThrowableProxy().getMessage()).doesNotContain("PTsecret");
            assertThat(event.getThrowableProxy().getMessage()).contains("java.lang.IllegalStateException");
            assertThat(event.getThrowableProxy().getStackTraceElementProxyArray()).isNotEmpty();
        });
        assertThat(result.getErrors()).singleElement().satisfies(e -> {
            assertThat(e.getCode()).isEqualTo("internal_error");
            assertThat(e.getDetail().toString()).contains("IllegalStateException").doesNotContain("PTsecret")
                    .doesNotContain("\tat ");
        });
        assertThat(meters.counter("connector.requests.internal_errors", "exception", "IllegalStateException")
                .count()).isEqualTo(1);
    }

    @Test
    void aRequestOutOfBoundsIsRejectedWithoutReachingTheLedger() {
        final var handler = handler((request, source, stopping) -> new Execution.AlreadyAnswered(),
                (topic, result) -> avro(result));
        final var tooMuch = purchase();
        tooMuch.setTenant("t".repeat(2_000));
        final var outputs = handler.handle(tooMuch, 100, SOURCE, () -> false).orElseThrow();
        assertThat(outputs.records()).hasSize(1);
        assertThat(decoded(outputs.records().getFirst()).getErrors()).extracting(e -> e.getCode().toString())
                .containsExactly("field_too_long");
        assertThat(gateCalls).hasValue(0);
    }

    @Test
    void aResultTooLargeForKafkaIsPublishedCompactWithItsIntent() {
        final var huge = PhoneNumber.newBuilder().setId("p").setNumber("+12025550123").setName("n".repeat(1_000_000))
                .setNumberType("longcode").setCountryCode(null).setCapabilities(List.of()).setCreatedAt(null)
                .setUpdatedAt(null).setNextBilledAt(null).build();
        final var handler = handler((request, source, stopping) -> new Execution.Executed(
                answer(request, new Outcome.Succeeded(huge, "{}", 1)), 1), (topic, result) -> avro(result));
        final var outputs = handler.handle(purchase(), 100, SOURCE, () -> false).orElseThrow();
        assertThat(outputs.records()).hasSize(2);
        for (final var record : outputs.records()) {
            assertThat(record.value().length).isLessThan(RequestLimits.defaults().maxResultBytes());
            assertThat(decoded(record).getErrors()).extracting(e -> e.getCode().toString())
                    .containsExactly("result_too_large");
        }
        // What the loop publishes if the broker refuses even these: the compact form again, never nothing.
        assertThat(outputs.fallback().get()).hasSize(2);
    }

    @Test
    void aRegistryOutageWhileSerializingIsWaitedOutAndShownOnHealth() {
        final var refusals = new AtomicInteger(2);
        final var health = new AtomicInteger();
        final Serializer<NumberResult> flaky = (topic, result) -> {
            if (refusals.getAndDecrement() > 0) {
                health.incrementAndGet();
                throw new RegistryUnavailableException("registry answered 503", 503);
            }
            return avro(result);
        };
        final var handler = handler((request, source, stopping) -> new Execution.Executed(
                answer(request, new Outcome.Succeeded(null, "{}", 1)), 1), flaky);
        final var outputs = handler.handle(purchase(), 100, SOURCE, () -> false).orElseThrow();
        assertThat(decoded(outputs.records().getFirst()).getStatus()).isEqualTo(ResultStatus.SUCCEEDED);
        assertThat(health).hasValueGreaterThanOrEqualTo(2);
    }

    @Test
    void anAbandonedRequestPublishesNothing() {
        final var handler = handler((request, source, stopping) -> new Execution.Abandoned(),
                (topic, result) -> avro(result));
        assertThat(handler.handle(purchase(), 100, SOURCE, () -> true)).isEmpty();
    }
}
