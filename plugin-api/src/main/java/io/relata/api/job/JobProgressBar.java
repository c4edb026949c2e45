package io.relata.api.job;

import java.util.Locale;
import java.util.Objects;

/**
 * One console line showing a job's progress, for commands that start a job and follow it:
 * <pre>
 * [#######-------------]  35%  3,500/10,000  ok 3,480  failed 20
 * processed 3,500  ok 3,480  failed 20          (while the total is unknown)
 * </pre>
 * The line has no line break, so a command can redraw it in place by printing {@code '\r'} before it.
 */
public final class JobProgressBar {

    private JobProgressBar() {
    }

    /**
     * @param width how many characters the bar has between its brackets, at least 1
     * @throws IllegalArgumentException when the width is below 1
     */
    public static String render(JobStatus status, int width) {
        Objects.requireNonNull(status, "status");
        if (width < 1) {
            throw new IllegalArgumentException("a progress bar is at least 1 character wide: " + width);
        }
        String counts = "  ok " + grouped(status.succeeded()) + "  failed " + grouped(status.failed());
        int percent = status.percent();
        if (percent < 0) {
            return "processed " + grouped(status.processed()) + counts;
        }
        int done = percent * width / 100;
        return "[" + "#".repeat(done) + "-".repeat(width - done) + "]"
                + String.format(Locale.ROOT, "%4d%%", percent)
                + "  " + grouped(status.processed()) + "/" + grouped(status.total()) + counts;
    }

    /** Commas whatever the server's locale, so the line reads the same in every terminal and log. */
    private static String grouped(long number) {
        return String.format(Locale.ROOT, "%,d", number);
    }
}
