package dev.numbers.connector.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GroupShareTest {

    private static final Map<Integer, Long> EVEN = Map.of(0, 50L, 1, 50L, 2, 50L, 3, 50L, 4, 50L, 5, 50L);

    @Test
    void threeMembersWithAnEvenBacklogGetAThirdEach() {
        final var look = new GroupShare.Look(3, EVEN);
        final var shares = new double[] {
            GroupShare.of(100, Set.of(0, 1), look).perSecond(),
            GroupShare.of(100, Set.of(2, 3), look).perSecond(),
            GroupShare.of(100, Set.of(4, 5), look).perSecond()};
        assertThat(shares[0]).isCloseTo(33.33, within(0.01));
        assertThat(shares[0] + shares[1] + shares[2]).isCloseTo(100, within(1e-9));
        assertThat(GroupShare.of(100, Set.of(0, 1), look)).extracting(GroupShare::members, GroupShare::owned,
                GroupShare::busy, GroupShare::partitions).containsExactly(3, 2, 6, 6);
    }

    @Test
    void partitionsWithoutBacklogWasteNothingAndAHotPartitionGetsMore() {
        // Uneven keys: partition 0 is hot, 1 has a little work, 2..5 are idle.
        final var look = new GroupShare.Look(3, Map.of(0, 900L, 1, 100L, 2, 0L, 3, 0L, 4, 0L, 5, 0L));
        final double hot = GroupShare.of(100, Set.of(0, 2), look).perSecond();
        final double warm = GroupShare.of(100, Set.of(1, 3), look).perSecond();
        final double idle = GroupShare.of(100, Set.of(4, 5), look).perSecond();
        assertThat(hot).isCloseTo(25 + 45, within(1e-9));
        assertThat(warm).isCloseTo(25 + 5, within(1e-9));
        assertThat(idle).isEqualTo(100 * GroupShare.IDLE_FRACTION);
        assertThat(hot + warm).isCloseTo(100, within(1e-9));
    }

    @Test
    void withNoBacklogAnywhereTheLimitIsSplitByPartitionsOwned() {
        final var look = new GroupShare.Look(2, Map.of(0, 0L, 1, 0L, 2, 0L, 3, 0L));
        assertThat(GroupShare.of(100, Set.of(0, 1, 2), look).perSecond()).isCloseTo(75, within(1e-9));
        assertThat(GroupShare.of(100, Set.of(3), look).perSecond()).isCloseTo(25, within(1e-9));
    }

    @Test
    void aMemberWithoutPartitionsKeepsOnlyTheTrickle() {
        final var look = new GroupShare.Look(4, Map.of(0, 10L, 1, 10L, 2, 10L));
        assertThat(GroupShare.of(100, Set.of(), look).perSecond()).isEqualTo(1.0);
    }

    @Test
    void beforeAnyLookAnInstanceHasTheWholeLimit() {
        assertThat(GroupShare.of(100, Set.of(0), new GroupShare.Look(0, Map.of())).perSecond()).isEqualTo(100);
        assertThat(GroupShare.alone(100).perSecond()).isEqualTo(100);
    }
}
