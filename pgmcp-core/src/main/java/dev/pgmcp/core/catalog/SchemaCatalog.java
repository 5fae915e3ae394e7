package dev.pgmcp.core.catalog;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import dev.pgmcp.core.execution.ServerText;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The schema catalog as agents see it, cached with a time to live. The list of relations is one
 * query however many tables there are; table details are read on demand and cached per table.
 * A name that is not found triggers one reload (at most every few seconds), so new tables appear
 * without waiting for the TTL; {@link #refresh()} drops everything.
 */
public final class SchemaCatalog {

    private static final Duration MISS_RELOAD_INTERVAL = Duration.ofSeconds(5);
    private static final String SINGLE_KEY = "all";

    private final CatalogReader reader;
    private final LoadingCache<String, List<SchemaInfo>> schemas;
    private final LoadingCache<String, LoadedRelations> relations;
    private final LoadingCache<Long, Optional<TableDescription>> tables;

    /**
     * @param reader reads pg_catalog
     * @param ttl    how long catalog facts are reused before they are read again
     */
    public SchemaCatalog(CatalogReader reader, Duration ttl) {
        this.reader = reader;
        this.schemas = Caffeine.newBuilder().expireAfterWrite(ttl).build(key -> reader.schemas());
        this.relations = Caffeine.newBuilder().expireAfterWrite(ttl)
                .build(key -> LoadedRelations.of(reader.relations()));
        this.tables = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(2_000).build(reader::describe);
    }

    /** Drops every cached fact; the next call reads the catalog again. */
    public void refresh() {
        schemas.invalidateAll();
        relations.invalidateAll();
        tables.invalidateAll();
    }

    public List<SchemaInfo> schemas() {
        return load(() -> schemas.get(SINGLE_KEY));
    }

    /**
     * Readable relations, optionally in one schema and matching a pattern (see {@link NamePattern}).
     * Partitions are left out: their parent stands for them. When more than {@code limit} match,
     * every schema gets a fair share of the page ({@link FairShare}), and the page names the
     * schemas it cut short.
     *
     * @param limit most relations returned; {@link RelationPage#total()} tells how many matched
     */
    public RelationPage relations(String schema, String pattern, int limit) {
        return relations(schema, pattern, limit, CatalogVisibility.ALL);
    }

    /**
     * {@link #relations(String, String, int)} restricted to what {@code visibility} shows; a hidden
     * schema is reported as not existing.
     */
    public RelationPage relations(String schema, String pattern, int limit, CatalogVisibility visibility) {
        Predicate<RelationSummary> filter = r -> !r.partition() && visibility.schemaVisible(r.schema())
                && visibility.relationVisible(r.schema(), r.name());
        if (schema != null && !schema.isBlank()) {
            String wanted = unquote(schema);
            boolean exists = relationsNow().all().stream().anyMatch(r -> r.schema().equals(wanted))
                    || schemas().stream().anyMatch(s -> s.name().equals(wanted));
            String resolved = exists ? wanted : schemas().stream().map(SchemaInfo::name)
                    .filter(s -> s.equalsIgnoreCase(wanted)).findFirst().orElse(null);
            if (resolved == null || !visibility.schemaVisible(resolved)) {
                throw new CatalogException("schema \"" + wanted + "\" does not exist or is not "
                        + "readable; readable schemas: " + schemaNames(visibility));
            }
            filter = filter.and(r -> r.schema().equals(resolved));
        }
        if (pattern != null && !pattern.isBlank()) {
            NamePattern namePattern = NamePattern.of(pattern);
            filter = filter.and(namePattern::matches);
        }
        List<RelationSummary> matched = relationsNow().all().stream().filter(filter).toList();
        return FairShare.of(matched, limit);
    }

    /**
     * A page of relations, the number that matched in all, and the schemas not listed in full.
     *
     * @param relations in schema, then name order
     * @param cut       each schema with more matching relations than the page lists, in schema order
     */
    public record RelationPage(List<RelationSummary> relations, int total, List<SchemaShare> cut) {

        public RelationPage {
            relations = List.copyOf(relations);
            cut = List.copyOf(cut);
        }
    }

    /**
     * A schema that a page lists only in part (or not at all).
     *
     * @param relations how many relations of the schema matched
     * @param listed    how many of them the page lists
     */
    public record SchemaShare(String schema, int relations, int listed) {
    }

    /**
     * Describes a relation. The name may be qualified ({@code sales.orders}), quoted
     * ({@code "Analytics"."PageViews"}), or bare, in which case the search path is tried first.
     *
     * @throws CatalogException when it is not found (with suggestions) or ambiguous (with candidates)
     */
    public TableDescription describe(String table, String schema) {
        return describe(table, schema, CatalogVisibility.ALL);
    }

    /**
     * {@link #describe(String, String)} as {@code visibility} shows it: a hidden relation is reported
     * as not existing; hidden columns, and keys and indexes over them, are left out.
     */
    public TableDescription describe(String table, String schema, CatalogVisibility visibility) {
        RelationSummary relation = resolve(table, schema, visibility);
        TableDescription description = load(() -> tables.get(relation.oid())).orElseThrow(() -> {
            relations.invalidateAll();
            return new CatalogException(relation.qualifiedName() + " no longer exists or is no longer readable; "
                    + "call list_tables to see current tables");
        });
        return visibility == CatalogVisibility.ALL ? description : VisibleDescription.of(description, visibility);
    }

    /**
     * Resolves a relation name exactly as PostgreSQL does: names compared as they are (already
     * folded or unquoted), an unqualified name looked up in the search_path schemas in order. Only
     * readable relations of user schemas are known; anything else (system catalogs, missing tables)
     * is empty, so that PostgreSQL decides. Reads only the cached relation list.
     */
    public Optional<RelationSummary> lookup(String schema, String name) {
        LoadedRelations loaded = load(() -> relations.get(SINGLE_KEY));
        if (schema != null) {
            return Optional.ofNullable(loaded.byName().get(LoadedRelations.key(schema, name)));
        }
        if (name.startsWith("pg_")) {
            return Optional.empty(); // pg_catalog is searched first and is not in the list
        }
        for (String pathSchema : loaded.relations().searchPath()) {
            RelationSummary found = loaded.byName().get(LoadedRelations.key(pathSchema, name));
            if (found != null) {
                return Optional.of(found);
            }
        }
        return Optional.empty();
    }

    /** The column names of a relation, in order (cached with the table's description); empty when it is gone. */
    public List<String> columnNames(RelationSummary relation) {
        return load(() -> tables.get(relation.oid())).map(d -> d.columns().stream()
                .map(TableDescription.Column::name).toList()).orElse(List.of());
    }

    private RelationSummary resolve(String table, String schema, CatalogVisibility visibility) {
        if (table == null || table.isBlank()) {
            throw new CatalogException("table is required; call list_tables to see the tables");
        }
        String[] parts = splitQualified(table.strip());
        String wantedSchema = schema != null && !schema.isBlank() ? unquote(schema.strip()) : parts[0];
        String wantedName = parts[1];
        Optional<RelationSummary> found = find(relationsNow(), wantedSchema, wantedName, visibility);
        if (found.isEmpty()) {
            LoadedRelations reloaded = reloadIfStale();
            if (reloaded != null) {
                found = find(reloaded.relations(), wantedSchema, wantedName, visibility);
            }
        }
        return found.orElseThrow(() -> notFound(wantedSchema, wantedName, visibility));
    }

    private Optional<RelationSummary> find(CatalogReader.Relations all, String schema, String name,
                                           CatalogVisibility visibility) {
        List<RelationSummary> visible = all.all().stream().filter(r -> visible(r, visibility)).toList();
        List<RelationSummary> candidates = visible.stream()
                .filter(r -> r.name().equals(name) && (schema == null || r.schema().equals(schema))).toList();
        if (candidates.isEmpty()) {
            candidates = visible.stream().filter(r -> r.name().equalsIgnoreCase(name)
                    && (schema == null || r.schema().equalsIgnoreCase(schema))).toList();
        }
        if (candidates.size() <= 1) {
            return candidates.stream().findFirst();
        }
        for (String pathSchema : all.searchPath()) {
            Optional<RelationSummary> inPath = candidates.stream().filter(r -> r.schema().equals(pathSchema)).findFirst();
            if (inPath.isPresent()) {
                return inPath;
            }
        }
        throw new CatalogException("\"" + name + "\" is ambiguous: " + candidates.stream()
                .map(RelationSummary::qualifiedName).collect(Collectors.joining(", ")) + "; give the schema");
    }

    private static boolean visible(RelationSummary r, CatalogVisibility visibility) {
        return visibility.schemaVisible(r.schema()) && visibility.relationVisible(r.schema(), r.name());
    }

    private CatalogException notFound(String schema, String name, CatalogVisibility visibility) {
        String display = schema == null ? name : schema + "." + name;
        String needle = name.toLowerCase(Locale.ROOT);
        List<String> similar = new ArrayList<>();
        relationsNow().all().stream()
                .filter(r -> visible(r, visibility))
                .sorted(Comparator.comparingInt(r -> distance(needle, r.name().toLowerCase(Locale.ROOT))))
                .limit(5)
                .filter(r -> distance(needle, r.name().toLowerCase(Locale.ROOT)) <= Math.max(3, needle.length() / 2)
                        || r.name().toLowerCase(Locale.ROOT).contains(needle))
                .forEach(r -> similar.add(r.qualifiedName()));
        return new CatalogException("table \"" + display + "\" does not exist or is not readable"
                + (similar.isEmpty() ? "" : "; similar: " + String.join(", ", similar))
                + "; call list_tables to see the tables");
    }

    private CatalogReader.Relations relationsNow() {
        return load(() -> relations.get(SINGLE_KEY)).relations();
    }

    /** Reloads the relation list unless it was loaded very recently; returns the new list or null. */
    private LoadedRelations reloadIfStale() {
        LoadedRelations current = relations.getIfPresent(SINGLE_KEY);
        if (current != null && System.nanoTime() - current.loadedAtNanos() < MISS_RELOAD_INTERVAL.toNanos()) {
            return null;
        }
        relations.invalidate(SINGLE_KEY);
        schemas.invalidateAll();
        return load(() -> relations.get(SINGLE_KEY));
    }

    private String schemaNames(CatalogVisibility visibility) {
        return schemas().stream().map(SchemaInfo::name).filter(visibility::schemaVisible)
                .collect(Collectors.joining(", "));
    }

    /** Splits {@code a.b}, honouring double quotes; returns {schema or null, name}. */
    static String[] splitQualified(String text) {
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == '.' && !quoted) {
                return new String[] {unquote(text.substring(0, i)), unquote(text.substring(i + 1))};
            }
        }
        return new String[] {null, unquote(text)};
    }

    static String unquote(String text) {
        String t = text.strip();
        if (t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"")) {
            return t.substring(1, t.length() - 1).replace("\"\"", "\"");
        }
        return t;
    }

    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    private static <T> T load(java.util.function.Supplier<T> supplier) {
        try {
            return supplier.get();
        } catch (CompletionException e) {
            throw translate(e.getCause());
        } catch (RuntimeException e) {
            if (e instanceof CatalogException) {
                throw e;
            }
            throw translate(e.getCause() != null ? e.getCause() : e);
        }
    }

    private static CatalogException translate(Throwable cause) {
        if (cause instanceof CatalogException catalog) {
            return catalog;
        }
        if (cause instanceof SQLException sql) {
            return new CatalogException("reading the catalog failed: " + ServerText.bounded(sql.getMessage()) + " (SQLSTATE "
                    + sql.getSQLState() + ")");
        }
        return new CatalogException("reading the catalog failed: " + ServerText.bounded(String.valueOf(cause)));
    }

    private record LoadedRelations(CatalogReader.Relations relations, long loadedAtNanos,
                                   java.util.Map<String, RelationSummary> byName) {

        static LoadedRelations of(CatalogReader.Relations relations) {
            java.util.Map<String, RelationSummary> byName = new java.util.HashMap<>();
            for (RelationSummary r : relations.all()) {
                byName.put(key(r.schema(), r.name()), r);
            }
            return new LoadedRelations(relations, System.nanoTime(), java.util.Map.copyOf(byName));
        }

        static String key(String schema, String name) {
            return schema + '\0' + name;
        }
    }
}
