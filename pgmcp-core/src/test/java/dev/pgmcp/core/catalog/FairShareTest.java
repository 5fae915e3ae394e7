package dev.pgmcp.core.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class FairShareTest {

    @Test
    void everythingFitsSoEverythingIsTaken() {
        assertThat(FairShare.shares(List.of(1, 2), 5)).containsExactly(1, 2);
        assertThat(FairShare.shares(List.of(), 5)).isEmpty();
    }

    @Test
    void smallSchemasAreListedWholeAndLargeOnesShareTheRest() {
        assertThat(FairShare.shares(List.of(1, 2, 6, 9), 5)).containsExactly(1, 2, 1, 1);
        assertThat(FairShare.shares(List.of(100, 3, 100), 50)).containsExactly(24, 3, 23);
        assertThat(FairShare.shares(List.of(3000, 2), 500)).containsExactly(498, 2);
    }

    @Test
    void moreSchemasThanSlotsGetOneEachInOrder() {
        assertThat(FairShare.shares(List.of(5, 5, 5), 2)).containsExactly(1, 1, 0);
    }

    @Test
    void theLimitIsNeverExceededAndNoShareExceedsItsCount() {
        for (int limit = 1; limit <= 40; limit++) {
            List<Integer> counts = List.of(7, 1, 13, 2, 30, 4);
            int[] shares = FairShare.shares(counts, limit);
            assertThat(Arrays.stream(shares).sum()).isEqualTo(Math.min(limit, 57));
            for (int i = 0; i < shares.length; i++) {
                assertThat(shares[i]).isBetween(0, counts.get(i));
            }
        }
    }
}
