package io.relata.core.customers.transfer;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import io.relata.api.rest.Problem;

/** The CSV dialect of imports and exports: RFC 4180 as Excel reads and writes it. */
final class Csv {

    /**
     * Blank lines come through as records, so that line numbers stay those of the file; the reader skips them.
     * Records end with CRLF, as Excel expects.
     */
    static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().setIgnoreEmptyLines(false).get();

    /** Excel opens a UTF-8 CSV file as UTF-8 only when it starts with the byte-order mark. */
    static final char BYTE_ORDER_MARK = '\uFEFF';

    /** Phone numbers and negative numbers start with + or - too; they are no formulas and stay as they are. */
    private static final Pattern SIGNED_NUMBER = Pattern.compile("[+-][0-9 ()./-]*");
    private static final String FORMULA_STARTS = "=@+-\t\r";

    private Csv() {
    }

    /** @return UTF-8 (the default), GBK or GB18030 */
    static Charset charset(String name) {
        String wanted = name == null || name.isBlank() ? "UTF-8" : name.strip().toUpperCase(Locale.ROOT);
        return switch (wanted) {
            case "UTF-8", "UTF8" -> StandardCharsets.UTF_8;
            case "GBK", "GB2312", "CP936" -> Charset.forName("GBK");
            case "GB18030" -> Charset.forName("GB18030");
            default -> throw Problem.validation("encoding", "must be UTF-8, GBK or GB18030").toException();
        };
    }

    /**
     * A value a spreadsheet would run as a formula ({@code =HYPERLINK(...)}, {@code @SUM(...)}) gets an apostrophe
     * in front, which spreadsheets show as text; {@link #restored} takes it off again on import.
     */
    static String neutralised(String value) {
        if (value == null || value.isEmpty()) {
            return value;
        }
        char first = value.charAt(0);
        boolean formula = first == '=' || first == '@' || first == '\t' || first == '\r'
                || ((first == '+' || first == '-') && !SIGNED_NUMBER.matcher(value).matches());
        return formula ? "'" + value : value;
    }

    static String restored(String value) {
        if (value.length() > 1 && value.charAt(0) == '\'' && FORMULA_STARTS.indexOf(value.charAt(1)) >= 0) {
            return value.substring(1);
        }
        return value;
    }

    /** Several texts as one CSV line, for columns that keep a list. */
    static String line(List<String> values) {
        return FORMAT.format(values.toArray());
    }

    /** The texts of a {@link #line}. */
    static List<String> values(String line) {
        if (line == null || line.isEmpty()) {
            return List.of();
        }
        try (CSVParser parser = FORMAT.parse(new StringReader(line))) {
            List<String> values = new ArrayList<>();
            for (CSVRecord record : parser) {
                values.addAll(record.toList());
            }
            return values;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
