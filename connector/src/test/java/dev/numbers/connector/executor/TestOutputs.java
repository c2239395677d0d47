package dev.numbers.connector.executor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.numbers.connector.validation.RequestLimits;
import dev.numbers.connector.validation.ResultBounds;
import dev.numbers.schemas.avro.NumberResult;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** What the request path tests read of a path's outputs, and the publishing of a path nobody watches. */
final class TestOutputs {

    private TestOutputs() {
    }

    static List<String> codes(final NumberResult result) {
        return result.getErrors().stream().map(e -> e.getCode().toString()).toList();
    }

    static Outputs.Ran ran(final Optional<Outputs> outputs) {
        assertThat(outputs).get().isInstanceOf(Outputs.Ran.class);
        return (Outputs.Ran) outputs.orElseThrow();
    }

    static Outputs.Answered answered(final Optional<Outputs> outputs) {
        assertThat(outputs).get().isInstanceOf(Outputs.Answered.class);
        return (Outputs.Answered) outputs.orElseThrow();
    }

    /** Results as Avro without a registry to {@code topic}; health not shown, waits pass at once. */
    static RequestPath.Publishing unwatched(final String topic) {
        return new RequestPath.Publishing(new ResultBounds(RequestLimits.defaults()),
                new ResultRecords(topic, (t, result) -> Avro.bytes(result)), new RequestPath.ResultsHealth() {
                    @Override
                    public void up() {
                    }

                    @Override
                    public void down(final String reason) {
                    }
                }, wait -> true, Duration.ofSeconds(1));
    }
}
