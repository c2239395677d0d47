package dev.numbers.connector.quota;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class QuotaStallTest {

    @Test
    void reservationsAbortedInARowAreAStallUntilTheNextCommit() {
        final var stall = new QuotaStall(3);
        stall.aborted("TimeoutException: partition 2 not read up to offset 7");
        stall.aborted("TimeoutException: partition 2 not read up to offset 9");
        assertThat(stall.reason()).as("two aborts are weather").isEmpty();
        stall.aborted("ProducerFencedException: fenced");
        assertThat(stall.reason()).hasValueSatisfying(reason ->
                assertThat(reason).startsWith("3 quota reservation transactions aborted in a row")
                        .endsWith("last: ProducerFencedException: fenced"));
        stall.committed();
        assertThat(stall.reason()).isEmpty();
    }
}
