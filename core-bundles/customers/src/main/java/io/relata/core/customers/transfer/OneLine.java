package io.relata.core.customers.transfer;

import io.relata.api.rest.ProblemException;

/** An exception as one short line for people: never a stack trace, never a page of SQL. */
final class OneLine {

    private static final int MAX = 300;

    private OneLine() {
    }

    static String of(Throwable e) {
        Throwable shown = e;
        while (shown.getMessage() == null && shown.getCause() != null) {
            shown = shown.getCause();
        }
        String text = shown instanceof ProblemException problem ? problem.problem().detail()
                : shown.getMessage() == null ? shown.getClass().getSimpleName() : shown.getMessage();
        String line = text.strip().lines().findFirst().orElse(text);
        return line.length() <= MAX ? line : line.substring(0, MAX - 1) + "…";
    }
}
