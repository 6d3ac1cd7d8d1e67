package com.cmkorchestrator.state.azure;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.rest.Response;
import com.azure.core.util.Context;
import com.azure.data.tables.TableClient;
import com.azure.data.tables.models.ListEntitiesOptions;
import com.azure.data.tables.models.TableEntity;
import com.azure.data.tables.models.TableEntityUpdateMode;
import com.azure.data.tables.models.TableErrorCode;
import com.azure.data.tables.models.TableServiceException;
import com.cmkorchestrator.state.ConcurrentUpdateException;
import com.cmkorchestrator.state.StateAlreadyExistsException;
import com.cmkorchestrator.state.StateTooLargeException;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One state table, with the conditional operations the stores are built from; Azure's HTTP
 * outcomes become the state package's exceptions here and nowhere else.
 */
final class EntityTable {

    private static final String ETAG_PROPERTY = "odata.etag";
    private static final Set<TableErrorCode> TOO_LARGE = Set.of(TableErrorCode.PROPERTY_VALUE_TOO_LARGE,
            TableErrorCode.ENTITY_TOO_LARGE, TableErrorCode.fromString("RequestBodyTooLarge"));

    private final TableClient client;

    EntityTable(TableClient client) {
        this.client = client;
    }

    Optional<TableEntity> read(String partitionKey, String rowKey) {
        // a point query rather than GET of the entity: a missing entity (no lease held, no pending marker) is an
        // everyday answer here, and the Tables SDK logs every 404 of a GET as an error, which would fill a host's
        // log and Application Insights with errors that are none
        return query("PartitionKey eq " + literal(partitionKey) + " and RowKey eq " + literal(rowKey)).stream()
                .findFirst();
    }

    /** Entities matching an OData filter ({@code null}: all), in key order. */
    List<TableEntity> query(String filter) {
        return client.listEntities(new ListEntitiesOptions().setFilter(filter), null, Context.NONE).stream().toList();
    }

    List<TableEntity> partition(String partitionKey) {
        return query("PartitionKey eq " + literal(partitionKey));
    }

    /**
     * @return the new entity's ETag
     * @throws StateAlreadyExistsException when an entity with these keys exists
     */
    String insert(TableEntity entity, String what) {
        try {
            return etagOf(client.createEntityWithResponse(entity, null, Context.NONE));
        } catch (TableServiceException e) {
            if (status(e) == 409) {
                throw new StateAlreadyExistsException(what, e);
            }
            throw translated(e, what);
        }
    }

    /**
     * Replaces the whole entity (so properties left out, e.g. chunks of a shorter document, disappear)
     * if it is still at {@code etag}.
     *
     * @return the entity's new ETag
     * @throws ConcurrentUpdateException when the entity changed or was deleted in between
     */
    String replace(TableEntity entity, String etag, String what) {
        entity.addProperty(ETAG_PROPERTY, etag);
        try {
            return etagOf(client.updateEntityWithResponse(entity, TableEntityUpdateMode.REPLACE, true, null,
                    Context.NONE));
        } catch (TableServiceException e) {
            if (status(e) == 412) {
                throw new ConcurrentUpdateException(what + " changed since it was read (ETag " + etag + ")", e);
            }
            if (status(e) == 404) {
                throw new ConcurrentUpdateException(what + " was deleted since it was read", e);
            }
            throw translated(e, what);
        }
    }

    /**
     * Writes {@code entity} over what was read: inserts it when nothing was ({@code etag} null), else replaces the
     * entity read if it is still at {@code etag}. Either way another instance's write in between is a
     * {@link ConcurrentUpdateException}, so that the caller reads again ({@code OptimisticRetry}).
     *
     * @return the entity's new ETag
     */
    String write(TableEntity entity, String etag, String what) {
        if (etag != null) {
            return replace(entity, etag, what);
        }
        try {
            return insert(entity, what);
        } catch (StateAlreadyExistsException e) {
            throw new ConcurrentUpdateException(what + " was written by another instance since it was read", e);
        }
    }

    /** @return whether there was an entity to delete */
    boolean delete(String partitionKey, String rowKey) {
        try {
            // the SDK reports a missing entity as a 404 response rather than an exception
            return client.deleteEntityWithResponse(new TableEntity(partitionKey, rowKey), false, null, Context.NONE)
                    .getStatusCode() != 404;
        } catch (TableServiceException e) {
            if (status(e) == 404) {
                return false;
            }
            throw e;
        }
    }

    /**
     * Deletes the entity if it is still at {@code etag}.
     *
     * @return whether it was deleted; false when it changed or was deleted in between
     */
    boolean deleteIfUnchanged(String partitionKey, String rowKey, String etag) {
        TableEntity entity = new TableEntity(partitionKey, rowKey).addProperty(ETAG_PROPERTY, etag);
        try {
            int status = client.deleteEntityWithResponse(entity, true, null, Context.NONE).getStatusCode();
            return status != 404 && status != 412;
        } catch (TableServiceException e) {
            if (status(e) == 404 || status(e) == 412) {
                return false;
            }
            throw e;
        }
    }

    /** Inserts or replaces the whole entity, whatever its version: for data where the last writer is right. */
    void upsert(TableEntity entity, String what) {
        try {
            client.upsertEntityWithResponse(entity, TableEntityUpdateMode.REPLACE, null, Context.NONE);
        } catch (TableServiceException e) {
            throw translated(e, what);
        }
    }

    static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    static Instant instant(TableEntity entity, String property) {
        return ((OffsetDateTime) entity.getProperty(property)).toInstant();
    }

    /** An OData string literal: quotes doubled. */
    static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    /**
     * The ETag a write returned. The SDK hands the header over with its closing quote trimmed
     * ({@code W/"datetime'...'} for the wire's {@code W/"datetime'...'"}), which the service then
     * refuses in If-Match; restore it so the tag equals the one entity reads return.
     */
    static String etagOf(Response<Void> response) {
        String etag = response.getHeaders().getValue(HttpHeaderName.ETAG);
        if (etag == null) {
            throw new IllegalStateException("the table service returned no ETag for a write");
        }
        return etag.startsWith("W/\"") && !etag.endsWith("\"") ? etag + "\"" : etag;
    }

    private static int status(TableServiceException e) {
        return e.getResponse().getStatusCode();
    }

    private static RuntimeException translated(TableServiceException e, String what) {
        // StateLimits rejects documents this large before they are sent; this catches what slips by
        // (e.g. Azurite counts UTF-8 bytes where Azure counts UTF-16).
        if (status(e) == 413 || e.getValue() != null && TOO_LARGE.contains(e.getValue().getErrorCode())) {
            return new StateTooLargeException(what + " is too large for the state table: " + e.getMessage(), e);
        }
        return e;
    }
}
