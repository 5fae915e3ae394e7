package dev.pgmcp.policy.profile;

import dev.pgmcp.core.catalog.CatalogVisibility;
import java.util.Optional;

/** What a profile shows in the catalog tools: only permitted schemas and relations, no hidden column. */
public final class ProfileVisibility implements CatalogVisibility {

    private final PolicyProfile profile;
    private final PolicyCatalog catalog;

    public ProfileVisibility(PolicyProfile profile, PolicyCatalog catalog) {
        this.profile = profile;
        this.catalog = catalog;
    }

    @Override
    public boolean schemaVisible(String schema) {
        return profile.schemas().permits(schema);
    }

    @Override
    public boolean relationVisible(String schema, String name) {
        Optional<PolicyCatalog.Relation> relation = catalog.relation(schema, name);
        if (relation.isEmpty()) {
            return profile.schemas().permits(schema) && profile.tables().permits(schema, name);
        }
        return RelationAccessPolicy.permits(profile, relation.get());
    }

    @Override
    public boolean columnVisible(String schema, String table, String column) {
        return !ColumnAccessPolicy.hidden(profile, catalog, schema, table, column);
    }
}
