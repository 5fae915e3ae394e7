package dev.pgmcp.core.catalog;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Picks at most {@code limit} relations so that every schema gets a fair share instead of the
 * first schemas in alphabetical order taking them all: each schema gets its relations up to a
 * common share (the largest that fits), and the slots left over go one each to the next schemas
 * in order. A schema with few relations is listed whole; within a schema, the first names in
 * order are listed. When there are more schemas than slots, the first {@code limit} schemas get
 * one relation each.
 */
final class FairShare {

    private FairShare() {
    }

    /** @param matched relations in schema, then name order */
    static SchemaCatalog.RelationPage of(List<RelationSummary> matched, int limit) {
        Map<String, List<RelationSummary>> bySchema = new LinkedHashMap<>();
        for (RelationSummary relation : matched) {
            bySchema.computeIfAbsent(relation.schema(), s -> new ArrayList<>()).add(relation);
        }
        List<Integer> counts = bySchema.values().stream().map(List::size).toList();
        int[] listed = shares(counts, limit);
        List<RelationSummary> chosen = new ArrayList<>(Math.min(limit, matched.size()));
        List<SchemaCatalog.SchemaShare> cut = new ArrayList<>();
        int i = 0;
        for (Map.Entry<String, List<RelationSummary>> schema : bySchema.entrySet()) {
            List<RelationSummary> relations = schema.getValue();
            chosen.addAll(relations.subList(0, listed[i]));
            if (listed[i] < relations.size()) {
                cut.add(new SchemaCatalog.SchemaShare(schema.getKey(), relations.size(), listed[i]));
            }
            i++;
        }
        return new SchemaCatalog.RelationPage(chosen, matched.size(), cut);
    }

    /** How many of each count to take so that at most {@code limit} are taken, shared fairly. */
    static int[] shares(List<Integer> counts, int limit) {
        int[] taken = new int[counts.size()];
        long all = counts.stream().mapToLong(Integer::longValue).sum();
        if (all <= limit) {
            for (int i = 0; i < taken.length; i++) {
                taken[i] = counts.get(i);
            }
            return taken;
        }
        // The largest share s with sum(min(count, s)) <= limit; the sum grows with s, so search.
        int low = 0;
        int high = limit;
        while (low < high) {
            int mid = (low + high + 1) >>> 1;
            if (sumCapped(counts, mid) <= limit) {
                low = mid;
            } else {
                high = mid - 1;
            }
        }
        long left = limit - sumCapped(counts, low);
        for (int i = 0; i < taken.length; i++) {
            taken[i] = Math.min(counts.get(i), low);
            if (left > 0 && counts.get(i) > low) {
                taken[i]++;
                left--;
            }
        }
        return taken;
    }

    private static long sumCapped(List<Integer> counts, int cap) {
        long sum = 0;
        for (int count : counts) {
            sum += Math.min(count, cap);
        }
        return sum;
    }
}
