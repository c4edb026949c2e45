package io.relata.core.customers.console;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A table for the console, laid out by what the terminal shows rather than by {@code String.length()}: a Chinese
 * character takes two columns and a combining accent none, so names like 华为技术有限公司 line up with Latin ones.
 */
final class TextTable {

    /** A column: its header and how wide its cells may get before they are cut with an ellipsis. */
    record Column(String header, int maxWidth) {
    }

    private static final String GAP = "  ";

    /** East Asian wide and full-width characters (Unicode TR 11), by the blocks that hold them. */
    private static final int[][] WIDE = {
            {0x1100, 0x115F},   // Hangul Jamo initials
            {0x2E80, 0x303E},   // CJK radicals, Kangxi, ideographic punctuation
            {0x3041, 0x33FF},   // kana, Bopomofo, Hangul compatibility, CJK symbols
            {0x3400, 0x4DBF},   // CJK extension A
            {0x4E00, 0x9FFF},   // CJK unified ideographs
            {0xA000, 0xA4CF},   // Yi
            {0xAC00, 0xD7A3},   // Hangul syllables
            {0xF900, 0xFAFF},   // CJK compatibility ideographs
            {0xFE30, 0xFE4F},   // CJK compatibility forms
            {0xFF00, 0xFF60},   // full-width forms
            {0xFFE0, 0xFFE6},   // full-width signs
            {0x1F300, 0x1F64F}, // pictographs and emoticons
            {0x1F900, 0x1F9FF}, // supplemental symbols and pictographs
            {0x20000, 0x3FFFD}, // CJK extensions B and later
    };

    private final List<Column> columns;
    private final List<String[]> rows = new ArrayList<>();

    TextTable(Column... columns) {
        this.columns = List.of(columns);
    }

    void add(String... cells) {
        if (cells.length != columns.size()) {
            throw new IllegalArgumentException("a row has " + columns.size() + " cells, not " + cells.length);
        }
        String[] fitted = new String[cells.length];
        for (int i = 0; i < cells.length; i++) {
            fitted[i] = fit(cells[i], columns.get(i).maxWidth());
        }
        rows.add(fitted);
    }

    /** @return the header line and one line per row; columns as wide as their widest cell, the last one unpadded */
    List<String> lines() {
        int[] widths = new int[columns.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = width(columns.get(i).header());
        }
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], width(row[i]));
            }
        }
        List<String> lines = new ArrayList<>();
        lines.add(line(columns.stream().map(Column::header).toArray(String[]::new), widths));
        rows.forEach(row -> lines.add(line(row, widths)));
        return lines;
    }

    private static String line(String[] cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            line.append(cells[i]);
            if (i < cells.length - 1) {
                line.append(" ".repeat(widths[i] - width(cells[i]))).append(GAP);
            }
        }
        return line.toString().stripTrailing();
    }

    /**
     * @return the text on one line, control characters replaced so a stored value cannot move the cursor or
     *         recolour the terminal, cut to at most {@code maxWidth} columns with an ellipsis; {@code -} for
     *         {@code null}
     */
    static String fit(String text, int maxWidth) {
        String clean = printable(text);
        if (width(clean) <= maxWidth) {
            return clean;
        }
        StringBuilder cut = new StringBuilder();
        int used = 0;
        for (int codePoint : clean.codePoints().toArray()) {
            int next = width(codePoint);
            if (used + next > maxWidth - 1) {
                break;
            }
            cut.appendCodePoint(codePoint);
            used += next;
        }
        return cut.append('…').toString();
    }

    static String printable(String text) {
        if (text == null) {
            return "-";
        }
        StringBuilder clean = new StringBuilder();
        text.strip().codePoints().forEach(codePoint -> clean.appendCodePoint(Character.isISOControl(codePoint)
                || Character.getType(codePoint) == Character.LINE_SEPARATOR
                || Character.getType(codePoint) == Character.PARAGRAPH_SEPARATOR ? ' ' : codePoint));
        return clean.toString();
    }

    /** @return how many terminal columns the text takes */
    static int width(String text) {
        return text.codePoints().map(TextTable::width).sum();
    }

    private static int width(int codePoint) {
        int type = Character.getType(codePoint);
        if (type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK || type == Character.FORMAT) {
            return 0;
        }
        return isWide(codePoint) ? 2 : 1;
    }

    private static boolean isWide(int codePoint) {
        return Arrays.stream(WIDE).anyMatch(range -> codePoint >= range[0] && codePoint <= range[1]);
    }
}
