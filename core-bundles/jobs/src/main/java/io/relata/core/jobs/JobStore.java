package io.relata.core.jobs;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import javax.sql.DataSource;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.relata.api.job.JobState;
import io.relata.api.job.JobStatus;
import io.relata.api.persistence.SchemaStatus;
import io.relata.api.persistence.TransactionFailedException;
import io.relata.api.rest.Cursor;
import io.relata.api.rest.Page;
import io.relata.api.rest.PageRequest;
import io.relata.api.rest.Problem;

/**
 * The {@code core_job} table. Every change of a job's state is a conditional update on the state it expects,
 * so the worker, a cancel request from another node and a restarting server never overwrite each other's
 * outcome: whoever comes second changes nothing.
 */
@Component(service = JobStore.class)
public class JobStore {

    static final int MAX_TITLE = 200;
    static final int MAX_MESSAGE = 500;
    static final int MAX_RESULT = 8000;

    private static final String COLUMNS = "id, kind, title, state, total, processed, succeeded, failed, message,"
            + " result, created_by, created_at, started_at, finished_at";
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private static final TypeReference<LinkedHashMap<String, Object>> SUMMARY = new TypeReference<>() {
    };

    /**
     * What the work reported so far.
     *
     * @param result the summary as JSON, or {@code null} before the work reports one
     */
    record Progress(long total, long processed, long succeeded, long failed, String message, String result) {

        static final Progress NONE = new Progress(-1, 0, 0, 0, null, null);
    }

    private final DataSource dataSource;

    @Activate
    public JobStore(@Reference(target = "(osgi.jndi.service.name=relata)") DataSource dataSource,
                    @Reference(target = JobsSchema.READY) SchemaStatus schema) {
        this(dataSource);
    }

    JobStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Stores a new job; inside a transaction, as part of it. */
    void insert(JobStatus job, NodeIdentity node) {
        update("INSERT INTO core_job (id, kind, title, state, total, processed, succeeded, failed, message, result,"
                        + " created_by, created_at, started_at, finished_at, node_name, node_run, cancel_requested)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                job.id(), job.kind(), job.title(), job.state().name(), job.total(), job.processed(), job.succeeded(),
                job.failed(), job.message(), job.result().isEmpty() ? null : toJson(job.result()), job.createdBy(),
                utc(job.createdAt()), utc(job.startedAt()), utc(job.finishedAt()), node.name(), node.run(), false);
    }

    /** @return whether the job was still queued and now runs; {@code false} when it was cancelled meanwhile */
    boolean start(String id, Instant at) {
        return update("UPDATE core_job SET state = ?, started_at = ? WHERE id = ? AND state = ?",
                JobState.RUNNING.name(), utc(at), id, JobState.QUEUED.name()) == 1;
    }

    /** Writes the progress of a running job; a job that ended meanwhile keeps its final figures. */
    void saveProgress(String id, Progress progress) {
        update("UPDATE core_job SET total = ?, processed = ?, succeeded = ?, failed = ?, message = ?, result = ?"
                        + " WHERE id = ? AND state = ?", progress.total(), progress.processed(), progress.succeeded(),
                progress.failed(), progress.message(), progress.result(), id, JobState.RUNNING.name());
    }

    /**
     * Ends a job this run of the node runs.
     *
     * @return whether it was still running here; {@code false} when it was failed for a stopping server first
     */
    boolean finish(String id, NodeIdentity node, JobState state, Progress progress, Instant at) {
        return update("UPDATE core_job SET state = ?, total = ?, processed = ?, succeeded = ?, failed = ?,"
                        + " message = ?, result = ?, finished_at = ? WHERE id = ? AND state = ? AND node_run = ?",
                state.name(), progress.total(), progress.processed(), progress.succeeded(), progress.failed(),
                progress.message(), progress.result(), utc(at), id, JobState.RUNNING.name(), node.run()) == 1;
    }

    /** @return whether the job was queued and is now cancelled */
    boolean cancelQueued(String id, String message, Instant at) {
        return update("UPDATE core_job SET state = ?, message = ?, finished_at = ? WHERE id = ? AND state = ?",
                JobState.CANCELLED.name(), message, utc(at), id, JobState.QUEUED.name()) == 1;
    }

    /** @return whether the job runs and its node will see the request with its next progress write */
    boolean requestCancel(String id) {
        return update("UPDATE core_job SET cancel_requested = ? WHERE id = ? AND state = ?", true, id,
                JobState.RUNNING.name()) == 1;
    }

    /** @return the jobs running on this run of the node that someone asked to cancel */
    Set<String> cancelRequested(NodeIdentity node) {
        Set<String> ids = new HashSet<>();
        read("SELECT id FROM core_job WHERE node_run = ? AND state = ? AND cancel_requested = ?", Integer.MAX_VALUE,
                rows -> ids.add(rows.getString(1)), node.run(), JobState.RUNNING.name(), true);
        return ids;
    }

    /**
     * Fails the queued and running jobs of an earlier run of this node: that process is gone, so nobody will
     * finish them.
     *
     * @return how many
     */
    int failLeftByEarlierRuns(NodeIdentity node, String message, Instant at) {
        return update("UPDATE core_job SET state = ?, message = ?, finished_at = ?"
                        + " WHERE node_name = ? AND node_run <> ? AND state IN (?, ?)", JobState.FAILED.name(),
                message, utc(at), node.name(), node.run(), JobState.QUEUED.name(), JobState.RUNNING.name());
    }

    /** Fails what this run of the node still has queued or running as it stops; @return how many */
    int failUnfinished(NodeIdentity node, String message, Instant at) {
        return update("UPDATE core_job SET state = ?, message = ?, finished_at = ? WHERE node_run = ? AND state IN (?, ?)",
                JobState.FAILED.name(), message, utc(at), node.run(), JobState.QUEUED.name(),
                JobState.RUNNING.name());
    }

    Optional<JobStatus> find(String id) {
        return query("SELECT " + COLUMNS + " FROM core_job WHERE id = ?", 1, id).stream().findFirst();
    }

    /**
     * Newest first; the cursor is the last job's creation time and id.
     *
     * @param createdBy only this user's jobs, or {@code null} for everyone's
     * @param kind      only jobs of this kind, or {@code null} for all
     */
    Page<JobStatus> list(String createdBy, String kind, PageRequest page) {
        List<String> conditions = new ArrayList<>();
        List<Object> parameters = new ArrayList<>();
        if (createdBy != null) {
            conditions.add("created_by = ?");
            parameters.add(createdBy);
        }
        if (kind != null) {
            conditions.add("kind = ?");
            parameters.add(kind);
        }
        if (page.cursor() != null) {
            OffsetDateTime after = cursorTime(page.cursor());
            conditions.add("(created_at < ? OR (created_at = ? AND id < ?))");
            parameters.addAll(List.of(after, after, page.cursor().key(1)));
        }
        String where = conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
        List<JobStatus> jobs = query("SELECT " + COLUMNS + " FROM core_job" + where
                + " ORDER BY created_at DESC, id DESC", page.limit() + 1, parameters.toArray());
        if (jobs.size() <= page.limit()) {
            return Page.last(jobs);
        }
        JobStatus last = jobs.get(page.limit() - 1);
        return new Page<>(jobs.subList(0, page.limit()), Cursor.of(last.createdAt().toString(), last.id()).encode());
    }

    /** @return how many jobs submitted before the cutoff were deleted */
    int deleteCreatedBefore(Instant cutoff) {
        return update("DELETE FROM core_job WHERE created_at < ?", utc(cutoff));
    }

    /**
     * @return the summary as stored
     * @throws IllegalArgumentException when it is no JSON object or too large to keep
     */
    static String toJson(Map<String, Object> summary) {
        String json;
        try {
            json = JSON.writeValueAsString(summary);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("a job result must be made of JSON values: " + e.getOriginalMessage(),
                    e);
        }
        if (json.length() > MAX_RESULT) {
            throw new IllegalArgumentException("a job result is a small summary of at most " + MAX_RESULT
                    + " characters as JSON, not " + json.length() + "; keep large output in a file and link to it");
        }
        return json;
    }

    private static Map<String, Object> fromJson(String json) {
        if (json == null) {
            return Map.of();
        }
        try {
            return JSON.readValue(json, SUMMARY);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable job result " + json, e);
        }
    }

    private List<JobStatus> query(String sql, int maxRows, Object... parameters) {
        List<JobStatus> jobs = new ArrayList<>();
        read(sql, maxRows, rows -> jobs.add(new JobStatus(rows.getString(1), rows.getString(2), rows.getString(3),
                JobState.valueOf(rows.getString(4)), rows.getLong(5), rows.getLong(6), rows.getLong(7),
                rows.getLong(8), rows.getString(9), fromJson(rows.getString(10)), rows.getString(11),
                instant(rows, 12), instant(rows, 13), instant(rows, 14))), parameters);
        return jobs;
    }

    @FunctionalInterface
    private interface RowReader {
        void read(ResultSet rows) throws SQLException;
    }

    private void read(String sql, int maxRows, RowReader reader, Object... parameters) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement query = prepare(connection, sql, parameters)) {
            query.setMaxRows(maxRows);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    reader.read(rows);
                }
            }
        } catch (SQLException e) {
            throw new TransactionFailedException("could not read background jobs", e);
        }
    }

    private int update(String sql, Object... parameters) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement update = prepare(connection, sql, parameters)) {
            return update.executeUpdate();
        } catch (SQLException e) {
            throw new TransactionFailedException("could not write background jobs", e);
        }
    }

    private static PreparedStatement prepare(Connection connection, String sql, Object... parameters)
            throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        try {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            return statement;
        } catch (SQLException | RuntimeException e) {
            statement.close();
            throw e;
        }
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet rows, int column) throws SQLException {
        OffsetDateTime value = rows.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static OffsetDateTime cursorTime(Cursor cursor) {
        try {
            if (cursor.keys().size() != 2) {
                throw new IllegalArgumentException("two keys expected");
            }
            return Instant.parse(cursor.key(0)).atOffset(ZoneOffset.UTC);
        } catch (RuntimeException e) {
            throw Problem.validation("cursor", "is not a cursor of this list").toException();
        }
    }
}
