package io.relata.core.customers.transfer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.aries.jpa.template.JpaTemplate;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.relata.api.customfield.CustomFieldDefinition;
import io.relata.api.customfield.CustomFields;
import io.relata.api.job.JobStatus;
import io.relata.api.job.Jobs;
import io.relata.api.rest.Cursor;
import io.relata.api.rest.Page;
import io.relata.api.rest.PageRequest;
import io.relata.api.rest.Problem;
import io.relata.api.security.AccessControl;
import io.relata.api.security.CurrentUser;
import io.relata.api.security.Users;
import io.relata.core.customers.contact.ContactStore;
import io.relata.core.customers.customer.CustomerStore;
import io.relata.core.customers.customer.PoolSettings;
import io.relata.core.customers.lead.LeadStore;

/**
 * CSV imports of customers, contacts and leads: an upload keeps the file on this server and reads its first rows;
 * a start runs the import as a background job of the user who starts it ({@link ImportRun}). Everything needs
 * {@code customers:import} and the permission to write the record type; an import is visible to the user who
 * uploaded it, and to those who may see everyone's jobs.
 *
 * <p>The file stays on the server that received it: in a cluster, the start must reach the same server (sticky
 * sessions), or it answers 409 and the file must be uploaded again.
 */
@Component(service = ImportService.class, configurationPid = PoolSettings.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
public class ImportService {

    static final String IMPORT = "customers:import";
    static final String READ_ALL = "jobs:read-all";
    /** Rows read on upload to make sure the file can be read, and that the encoding is right. */
    static final int SAMPLE_ROWS = 20;
    static final int MAX_COLUMNS = 200;
    private static final int MAX_HEADER = 200;
    private static final int MAX_FILE_NAME = 200;
    /** Each writer holds a connection of the pool (40 in the distribution) while it writes a batch. */
    static final int MAX_WRITERS = 8;
    private static final Logger LOG = LoggerFactory.getLogger(ImportService.class);

    /** The services imports work with. */
    record Services(JpaTemplate jpa, CurrentUser currentUser, AccessControl access, Users users, Jobs jobs,
                    CustomFields customFields, CustomerStore customers, ContactStore contacts, LeadStore leads) {
    }

    private final Services services;
    private final ImportRecords records;
    private final ImportFiles files;
    private final Clock clock;
    private volatile int writers;

    @Activate
    public ImportService(@Reference(target = "(osgi.unit.name=customers)") JpaTemplate jpa,
                         @Reference CurrentUser currentUser, @Reference AccessControl access, @Reference Users users,
                         @Reference Jobs jobs, @Reference CustomFields customFields,
                         @Reference CustomerStore customers, @Reference ContactStore contacts,
                         @Reference LeadStore leads, PoolSettings settings) {
        this(new Services(jpa, currentUser, access, users, jobs, customFields, customers, contacts, leads),
                ImportFiles.ofThisServer(), Clock.systemUTC(), configured(settings));
    }

    /** @param writers batches written at once, where the record type allows it ({@link ImportRun}) */
    ImportService(Services services, ImportFiles files, Clock clock, int writers) {
        this.services = services;
        this.records = new ImportRecords(services.jpa());
        this.files = files;
        this.clock = clock;
        this.writers = writers;
    }

    /** For the imports started from now on. */
    @Modified
    void modified(PoolSettings settings) {
        writers = configured(settings);
    }

    static int configured(PoolSettings settings) {
        int writers = settings.import_writers();
        if (writers < 1 || writers > MAX_WRITERS) {
            int used = Math.max(1, Math.min(MAX_WRITERS, writers));
            LOG.warn("import.writers = {} is not between 1 and {}; imports use {}", writers, MAX_WRITERS, used);
            return used;
        }
        return writers;
    }

    /**
     * Keeps the file for an import and reads its header and first rows.
     *
     * @param encoding UTF-8 (the default), GBK or GB18030; a UTF-8 byte-order mark wins over it
     * @throws io.relata.api.rest.ProblemException 400 for a file that is empty, cannot be read in the encoding or
     *         has broken quoting in its header; 413 above 200 MB
     */
    public ImportView upload(String recordType, String encoding, String fileName, InputStream body) {
        RecordKind kind = RecordKind.of(recordType);
        requireImporting(kind);
        Charset charset = Csv.charset(encoding);
        if (body == null) {
            throw Problem.badRequest("send the CSV file as the request body").toException();
        }
        String me = services.currentUser().require().id();
        String id = UUID.randomUUID().toString();
        files.receive(id, body);
        try {
            FirstRows first = firstRows(id, charset);
            ImportRecord upload = new ImportRecord(id, kind, fileName(fileName, kind), first.encoding(),
                    first.headers(), first.sampled(), ImportStatus.UPLOADED, null, null, null, Map.of(),
                    ImportCounts.NONE, 0, null, me, now(), null);
            records.insert(upload);
            return view(upload);
        } catch (RuntimeException e) {
            files.delete(id);
            throw e;
        }
    }

    /** @throws io.relata.api.rest.ProblemException 404 for an unknown import and for someone else's */
    public ImportView find(String id) {
        return view(visible(id));
    }

    /**
     * Starts a run of the import as a background job ({@code customer.import}, {@code contact.import},
     * {@code lead.import}).
     *
     * @return the job as it is right after the start
     * @throws io.relata.api.rest.ProblemException 400 for a mapping the file or the record type does not fit; 409
     *         when the import runs, ran for real already, or its file is not on this server
     */
    public JobStatus start(String id, StartRequest request) {
        ImportRecord upload = visible(id);
        RecordKind kind = upload.kind();
        requireImporting(kind);
        StartRequest given = request == null ? new StartRequest(null, null, null) : request;
        DuplicateMode duplicates = DuplicateMode.of(given.duplicates());
        boolean dryRun = Boolean.TRUE.equals(given.dryRun());
        RecordImport<?> importer = importer(kind);
        List<CustomFieldDefinition> customFields = services.customFields().definitions(kind.recordType);
        Map<String, String> mapping = given.mapping() == null
                ? FieldMapping.suggest(upload.headers(), importer, customFields) : given.mapping();
        Map<Integer, String> columns = FieldMapping.resolve(mapping, upload.headers(), importer, customFields);
        if (upload.status() != ImportStatus.UPLOADED) {
            throw notWaiting(upload);
        }
        if (!files.exists(id)) {
            throw Problem.conflict("the uploaded file is not on this server (it went to another server of the"
                    + " cluster, or was cleaned up after 7 days); upload it again").toException();
        }
        Map<String, String> used = new LinkedHashMap<>();
        columns.forEach((column, field) -> used.put(upload.headers().get(column), field));
        if (!records.claim(id, dryRun, duplicates, used)) {
            throw notWaiting(visible(id));
        }
        ImportRun<?> run = new ImportRun<>(new ImportRun.Plan(id, Csv.charset(upload.encoding()), columns, dryRun,
                duplicates, writers), importer, files, records, services.jpa(), clock);
        JobStatus job;
        try {
            job = services.jobs().submit(kind.jobKind(), (dryRun ? "Dry run: import " : "Import ")
                    + upload.fileName(), run);
        } catch (RuntimeException e) {
            records.abandon(id, ImportStatus.UPLOADED, "could not start: " + OneLine.of(e), now());
            throw e;
        }
        records.jobStarted(id, job.id());
        return services.jobs().find(job.id()).orElse(job);
    }

    /** The rows the last run rejected or skipped, in row order; the first 10,000 of them. */
    public Page<RowIssue> issues(String id, String limit, String cursor) {
        visible(id);
        PageRequest page = PageRequest.of(limit, cursor);
        long after = -1;
        if (page.cursor() != null) {
            try {
                after = Long.parseLong(page.cursor().key(0));
            } catch (RuntimeException e) {
                throw Problem.validation("cursor", "is not a cursor of this list").toException();
            }
        }
        List<ImportRecords.Positioned> found = records.issues(id, after, page.limit() + 1);
        List<RowIssue> items = new ArrayList<>();
        found.stream().limit(page.limit()).forEach(issue -> items.add(issue.issue()));
        if (found.size() <= page.limit()) {
            return Page.last(items);
        }
        return new Page<>(items, Cursor.of(String.valueOf(found.get(page.limit() - 1).position())).encode());
    }

    // ---------------------------------------------------------------- helpers

    private void requireImporting(RecordKind kind) {
        services.access().require(IMPORT);
        services.access().require(kind.writePermission);
    }

    private ImportRecord visible(String id) {
        String me = services.currentUser().require().id();
        return records.find(id)
                .filter(upload -> upload.createdBy().equals(me) || services.access().permits(READ_ALL))
                .orElseThrow(() -> Problem.notFound("no import with id " + id).toException());
    }

    private RuntimeException notWaiting(ImportRecord upload) {
        return Problem.conflict(switch (upload.status()) {
            case RUNNING -> "the import runs (job " + upload.jobId() + "); wait for it to end, or cancel the job";
            case IMPORTED -> "the file was imported already; upload it again to import it once more";
            default -> "the import ended " + upload.status() + "; upload the file again to import it";
        }).toException();
    }

    private RecordImport<?> importer(RecordKind kind) {
        RecordImport.Services shared = new RecordImport.Services(services.customFields(), services.users(),
                services.access(), services.currentUser());
        return switch (kind) {
            case CUSTOMER -> new CustomerImport(shared, services.customers());
            case CONTACT -> new ContactImport(shared, services.contacts(), services.customers());
            case LEAD -> new LeadImport(shared, services.leads());
        };
    }

    private ImportView view(ImportRecord upload) {
        JobStatus job = upload.jobId() == null ? null : services.jobs().find(upload.jobId()).orElse(null);
        ImportRecord current = upload;
        if (upload.status() == ImportStatus.RUNNING && job != null && job.finished()) {
            // the work records its end before its job ends: this job ended without it (the server stopped)
            records.abandon(upload.id(), Boolean.TRUE.equals(upload.dryRun()) ? ImportStatus.UPLOADED
                    : ImportStatus.FAILED, job.message() == null ? "the job ended " + job.state() : job.message(),
                    now());
            current = records.find(upload.id()).orElse(upload);
        }
        Map<String, String> suggested = FieldMapping.suggest(current.headers(), importer(current.kind()),
                services.customFields().definitions(current.kind().recordType));
        return new ImportView(current.id(), current.kind().recordType, current.fileName(), current.encoding(),
                current.headers(), suggested, current.rowsSampled(), current.status(), current.jobId(), job,
                current.dryRun(), current.duplicates(), current.mapping(), current.counts(),
                current.issuesNotStored(), current.message(), current.createdBy(), current.createdAt(),
                current.finishedAt());
    }

    private record FirstRows(List<String> headers, int sampled, String encoding) {
    }

    /** Reads the header and a few rows, so a file in the wrong encoding is refused now rather than in the job. */
    private FirstRows firstRows(String id, Charset charset) {
        try (InputStream in = files.open(id); CsvRowReader reader = new CsvRowReader(in, charset)) {
            CsvRowReader.Item first = reader.next();
            if (first == null) {
                throw Problem.badRequest("the file is empty; its first row must name the columns").toException();
            }
            if (first instanceof CsvRowReader.Broken broken) {
                throw Problem.badRequest("line 1: " + broken.message()).toException();
            }
            List<String> headers = headers(((CsvRowReader.Row) first).values());
            int sampled = 0;
            while (sampled < SAMPLE_ROWS && reader.next() != null) {
                sampled++;
            }
            return new FirstRows(headers, sampled, reader.charset().name());
        } catch (CsvRowReader.Unreadable e) {
            throw Problem.badRequest(e.getMessage()).toException();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the uploaded file", e);
        }
    }

    /** Headers made usable as mapping keys: none blank, none twice, none overlong. */
    private static List<String> headers(List<String> row) {
        if (row.size() > MAX_COLUMNS) {
            throw Problem.badRequest("the file has " + row.size() + " columns; at most " + MAX_COLUMNS
                    + " can be imported").toException();
        }
        List<String> headers = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < row.size(); i++) {
            String header = row.get(i).replace(String.valueOf(Csv.BYTE_ORDER_MARK), "").strip()
                    .replaceAll("\\s+", " ");
            if (header.isEmpty()) {
                header = "(column " + (i + 1) + ")";
            }
            if (header.length() > MAX_HEADER) {
                header = header.substring(0, MAX_HEADER);
            }
            int times = seen.merge(header, 1, Integer::sum);
            headers.add(times == 1 ? header : header + " (" + times + ")");
        }
        return headers;
    }

    private static String fileName(String given, RecordKind kind) {
        String name = given == null ? "" : given.replace('\\', '/');
        name = name.substring(name.lastIndexOf('/') + 1).replaceAll("\\p{Cntrl}", "").strip();
        if (name.isEmpty()) {
            return kind.plural + ".csv";
        }
        return name.length() <= MAX_FILE_NAME ? name : name.substring(0, MAX_FILE_NAME);
    }

    private Instant now() {
        // as the database keeps it, so an upload's answer and a later read agree
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
