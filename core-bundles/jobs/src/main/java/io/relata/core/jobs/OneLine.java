package io.relata.core.jobs;

/** Texts people read in a job list: one line, cut to the column's length. */
final class OneLine {

    private OneLine() {
    }

    /** @return the first non-blank line, stripped and cut to {@code max} characters; {@code null} for none */
    static String of(String text, int max) {
        if (text == null) {
            return null;
        }
        String line = text.strip().lines().findFirst().orElse("").strip();
        if (line.isEmpty()) {
            return null;
        }
        return line.length() <= max ? line : line.substring(0, max - 1) + "…";
    }
}
