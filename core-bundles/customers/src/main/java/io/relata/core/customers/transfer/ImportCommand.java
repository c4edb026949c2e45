package io.relata.core.customers.transfer;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.relata.api.console.CommandFailedException;
import io.relata.api.console.CommandInvocation;
import io.relata.api.console.CommandSpec;
import io.relata.api.console.ConsoleCommand;
import io.relata.api.job.JobProgressBar;
import io.relata.api.job.JobStatus;
import io.relata.api.job.Jobs;
import io.relata.api.rest.Page;

/**
 * {@code relata:import}: imports a CSV file from the server's file system as the console user, following the job
 * with a progress bar. The file is copied for the import first, so the original is never touched.
 */
@Component
@CommandSpec(name = "import", description = "Imports customers, contacts or leads from a CSV file on the server",
        usage = "relata:import <file> --type=customer|contact|lead [--mapping=Header=field,Header2=field2]"
                + " [--encoding=UTF-8|GBK] [--duplicates=skip|update|create] [--dry-run]")
public class ImportCommand implements ConsoleCommand {

    static final int ISSUES_SHOWN = 20;
    private static final int BAR_WIDTH = 30;
    private static final long REDRAW_MILLIS = 500;

    private final ImportService imports;
    private final Jobs jobs;

    @Activate
    public ImportCommand(@Reference ImportService imports, @Reference Jobs jobs) {
        this.imports = imports;
        this.jobs = jobs;
    }

    @Override
    public void execute(CommandInvocation invocation) throws IOException {
        for (String option : new String[] {"type", "mapping", "encoding", "duplicates"}) {
            if (invocation.flag(option)) {
                throw new CommandFailedException("--" + option + " needs a value: --" + option + "=<value>");
            }
        }
        Path file = Path.of(invocation.argument(0, "file"));
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new CommandFailedException("no readable file " + file.toAbsolutePath() + " on the server");
        }
        String type = invocation.option("type").orElseThrow(() -> new CommandFailedException(
                "--type is required: customer, contact or lead"));
        Map<String, String> mapping = mapping(invocation.option("mapping"));
        PrintStream out = invocation.out();

        ImportView upload;
        try (InputStream in = Files.newInputStream(file)) {
            upload = imports.upload(type, invocation.option("encoding").orElse(null), file.getFileName().toString(),
                    in);
        }
        if (mapping == null) {
            out.println("Columns (suggested; choose others with --mapping=Header=field,...):");
            for (String header : upload.headers()) {
                String field = upload.suggestedMapping().get(header);
                out.println("  " + header + " -> " + (field == null ? "(left out)" : field));
            }
        }
        JobStatus job = imports.start(upload.id(), new StartRequest(mapping, invocation.flag("dry-run"),
                invocation.option("duplicates").orElse(null)));
        job = follow(job, out);
        ImportView done = imports.find(upload.id());
        out.println(job.state() + ": " + (done.message() == null ? job.message() : done.message()));
        Page<RowIssue> issues = imports.issues(upload.id(), String.valueOf(ISSUES_SHOWN), null);
        if (!issues.items().isEmpty()) {
            long more = done.counts().failed() + done.counts().skipped() - issues.items().size();
            out.println(more > 0 ? "First " + issues.items().size() + " rows rejected or skipped"
                    + " (all of them: GET /api/v1/imports/" + upload.id() + "/errors):"
                    : "Rows rejected or skipped:");
            for (RowIssue issue : issues.items()) {
                out.println("  row " + issue.row() + "  " + (issue.field() == null ? "" : issue.field() + ": ")
                        + issue.message() + (RowIssue.SKIPPED.equals(issue.kind()) ? " (skipped)" : ""));
            }
        }
    }

    /** Redraws the progress bar in place until the job ends. */
    private JobStatus follow(JobStatus started, PrintStream out) {
        JobStatus job = started;
        int drawn = 0;
        while (!job.finished()) {
            drawn = redraw(out, JobProgressBar.render(job, BAR_WIDTH), drawn);
            out.flush();
            try {
                Thread.sleep(REDRAW_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CommandFailedException("stopped following; the import goes on as job " + job.id());
            }
            String id = job.id();
            job = jobs.find(id).orElseThrow(() -> new CommandFailedException("job " + id + " is gone"));
        }
        redraw(out, JobProgressBar.render(job, BAR_WIDTH), drawn);
        out.println();
        return job;
    }

    /** Draws over the line before, blanking what a shorter line would leave of it; returns the length drawn. */
    private static int redraw(PrintStream out, String line, int before) {
        out.print("\r" + line + " ".repeat(Math.max(0, before - line.length())));
        return line.length();
    }

    /** {@code Header=field,Header2=field2}; {@code null} when not given, so the suggested mapping applies. */
    static Map<String, String> mapping(Optional<String> option) {
        if (option.isEmpty()) {
            return null;
        }
        Map<String, String> mapping = new LinkedHashMap<>();
        for (String pair : option.get().split(",")) {
            int equals = pair.lastIndexOf('=');
            if (pair.isBlank()) {
                continue;
            }
            if (equals <= 0) {
                throw new CommandFailedException("--mapping takes Header=field pairs separated by commas, e.g."
                        + " --mapping=名称=name,Email=email; '" + pair.strip() + "' is not one");
            }
            mapping.put(pair.substring(0, equals).strip(), pair.substring(equals + 1).strip());
        }
        return mapping;
    }
}
