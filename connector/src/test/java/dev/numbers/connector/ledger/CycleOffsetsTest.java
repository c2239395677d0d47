package dev.numbers.connector.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** When a claim cycle's records may be checked as a whole: contiguous in every partition they landed in. */
class CycleOffsetsTest {

    @Test
    void answersTheFirstOffsetOfEachPartitionWhenTheRecordsAreContiguousThere() {
        assertThat(CycleOffsets.firstsIfContiguous(new int[] {0, 1, 0, 1, 2}, new long[] {10, 40, 11, 41, 7}))
                .isEqualTo(Map.of(0, 10L, 1, 40L, 2, 7L));
    }

    @Test
    void answersNothingWhenAnotherWritersRecordLiesBetweenTwoOfThemInAnyPartition() {
        assertThat(CycleOffsets.firstsIfContiguous(new int[] {0, 1, 0, 1}, new long[] {10, 40, 11, 42})).isEmpty();
    }
}
