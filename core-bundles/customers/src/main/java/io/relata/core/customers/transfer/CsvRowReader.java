package io.relata.core.customers.transfer;

import java.io.Closeable;
import java.io.FilterReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

import org.apache.commons.csv.CSVException;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads an import file one record at a time, so a file of a million rows never is in memory. It is strict: text
 * that is not valid in the file's encoding stops the reading, and a record with broken quoting (text after a
 * closing quote) is handed out as {@link Broken} while the reading goes on with the next line.
 *
 * <p>Lines are counted as a text editor counts them, the header being line 1; a record is known by the line it
 * starts on, which is the spreadsheet's row number unless a value spans lines.
 */
final class CsvRowReader implements Closeable {

    /** More than this many characters in one record means a quote was never closed, long before memory runs out. */
    static final int MAX_RECORD_CHARS = 1_000_000;

    /** What {@link #next()} hands out. */
    sealed interface Item permits Row, Broken {
        long line();
    }

    /** A record as the file has it, values in column order. */
    record Row(long line, List<String> values) implements Item {
    }

    /** A record the parser could not read; the records after it can be. */
    record Broken(long line, String message) implements Item {
    }

    /** The rest of the file cannot be read: wrong encoding, a quote that is never closed. */
    static final class Unreadable extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final long line;

        Unreadable(long line, String message) {
            super("line " + line + ": " + message);
            this.line = line;
        }
    }

    private final RecordLength length;
    private final CSVParser parser;
    private final Iterator<CSVRecord> records;
    private final Charset charset;
    private final Charset requested;
    /** The line the last record (or broken record) ended on. */
    private long lastLine;
    /** After a broken record the parser resumes mid-line; what it reads there belongs to the broken record. */
    private long brokenLine = -1;

    /**
     * @param charset how the file is encoded; a UTF-8 byte-order mark overrides it, since it says for certain
     * @throws Unreadable when the file is UTF-16, which Excel's "Unicode text" writes and this reader does not
     */
    CsvRowReader(InputStream file, Charset charset) throws IOException {
        PushbackInputStream in = new PushbackInputStream(file, 3);
        this.requested = charset;
        this.charset = skipByteOrderMark(in, charset);
        this.length = new RecordLength(new StrictDecoder(in, this.charset));
        this.parser = Csv.FORMAT.parse(length);
        this.records = parser.iterator();
    }

    /** @return the encoding the file is read in: the one asked for, or UTF-8 when the file said so with a BOM */
    Charset charset() {
        return charset;
    }

    /**
     * @return the next record with a value, or {@code null} after the last one
     * @throws Unreadable when nothing more can be read
     */
    Item next() {
        while (true) {
            long starts = lastLine + 1;
            CSVRecord record;
            try {
                if (!records.hasNext()) {
                    return null;
                }
                record = records.next();
            } catch (UncheckedIOException e) {
                return broken(starts, e.getCause());
            } catch (IllegalStateException e) {
                // the parser reports some read failures this way, wrapping the IOException
                if (e.getCause() instanceof IOException cause) {
                    return broken(starts, cause);
                }
                throw e;
            }
            long ends = parser.getCurrentLineNumber();
            if (ends == brokenLine) {
                continue;
            }
            lastLine = ends;
            length.restart();
            if (record.stream().allMatch(value -> value.isBlank())) {
                continue;
            }
            return new Row(starts, record.toList());
        }
    }

    private Broken broken(long line, IOException cause) {
        if (cause instanceof CharacterCodingException) {
            throw new Unreadable(line, "the text is not valid " + requested.name() + (requested.equals(
                    StandardCharsets.UTF_8) ? "; a file saved by Excel in China is usually GBK: import it with that"
                    + " encoding" : "; choose the encoding the file was saved in"));
        }
        if (cause instanceof RecordTooLong) {
            throw new Unreadable(line, cause.getMessage());
        }
        String message = cause.getMessage() == null ? cause.toString() : cause.getMessage();
        // the parser's words for a quote that runs to the end of the file: nothing after it can be told apart
        if (message.toLowerCase(Locale.ROOT).contains("eof reached before encapsulated token finished")) {
            throw new Unreadable(line, "a quoted value is never closed, so the rest of the file cannot be read");
        }
        if (!(cause instanceof CSVException)) {
            throw new Unreadable(line, message);
        }
        brokenLine = parser.getCurrentLineNumber();
        lastLine = brokenLine;
        length.restart();
        return new Broken(line, "broken quoting: a quoted value must be followed by a comma or the end of the"
                + " line; write a quote inside a quoted value as two quotes (\"\")");
    }

    @Override
    public void close() throws IOException {
        parser.close();
    }

    private static Charset skipByteOrderMark(PushbackInputStream in, Charset charset) throws IOException {
        byte[] start = new byte[3];
        int read = in.readNBytes(start, 0, 3);
        if (read == 3 && (start[0] & 0xFF) == 0xEF && (start[1] & 0xFF) == 0xBB && (start[2] & 0xFF) == 0xBF) {
            return StandardCharsets.UTF_8;
        }
        if (read >= 2 && ((start[0] & 0xFF) == 0xFF && (start[1] & 0xFF) == 0xFE
                || (start[0] & 0xFF) == 0xFE && (start[1] & 0xFF) == 0xFF)) {
            throw new Unreadable(1, "the file is UTF-16 (Excel's \"Unicode text\"); save it as \"CSV UTF-8\" or"
                    + " \"CSV\" and import that");
        }
        in.unread(start, 0, read);
        return charset;
    }

    /**
     * Decodes refusing what is not valid in the encoding, as an {@link java.io.InputStreamReader} set to report
     * errors does, but hands out all the text before the bad bytes first: the error then comes up while the
     * parser reads the record that has them, so it is reported with that record's line, not a buffer earlier.
     */
    private static final class StrictDecoder extends Reader {
        private final InputStream in;
        private final CharsetDecoder decoder;
        private final ByteBuffer bytes = ByteBuffer.allocate(8192).flip();
        private final CharBuffer chars = CharBuffer.allocate(8192).flip();
        private CharacterCodingException failure;
        private boolean endOfInput;
        private boolean flushed;

        StrictDecoder(InputStream in, Charset charset) {
            this.in = in;
            this.decoder = charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT);
        }

        @Override
        public int read(char[] buffer, int offset, int length) throws IOException {
            if (length == 0) {
                return 0;
            }
            if (!chars.hasRemaining() && !decodeMore()) {
                return -1;
            }
            int count = Math.min(length, chars.remaining());
            chars.get(buffer, offset, count);
            return count;
        }

        /** @return whether there is text to hand out; {@code false} at the end of the input */
        private boolean decodeMore() throws IOException {
            if (failure != null) {
                throw failure;
            }
            chars.clear();
            while (chars.position() == 0 && !flushed) {
                CoderResult result = decoder.decode(bytes, chars, endOfInput);
                if (result.isError()) {
                    try {
                        result.throwException();
                    } catch (CharacterCodingException e) {
                        failure = e;
                    }
                    if (chars.position() == 0) {
                        chars.flip();
                        throw failure;
                    }
                } else if (result.isUnderflow() && endOfInput) {
                    decoder.flush(chars);
                    flushed = true;
                } else if (result.isUnderflow()) {
                    bytes.compact();
                    int read = in.read(bytes.array(), bytes.position(), bytes.remaining());
                    if (read < 0) {
                        endOfInput = true;
                    } else {
                        bytes.position(bytes.position() + read);
                    }
                    bytes.flip();
                }
                if (failure != null) {
                    break;
                }
            }
            chars.flip();
            return chars.hasRemaining();
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    /** Counts the characters read since the last record, and stops a record that would not end. */
    private static final class RecordLength extends FilterReader {
        private long count;

        RecordLength(Reader in) {
            super(in);
        }

        void restart() {
            count = 0;
        }

        @Override
        public int read() throws IOException {
            int next = super.read();
            counted(next < 0 ? 0 : 1);
            return next;
        }

        @Override
        public int read(char[] buffer, int offset, int length) throws IOException {
            int read = super.read(buffer, offset, length);
            counted(Math.max(read, 0));
            return read;
        }

        private void counted(int chars) throws RecordTooLong {
            count += chars;
            if (count > MAX_RECORD_CHARS) {
                throw new RecordTooLong();
            }
        }
    }

    private static final class RecordTooLong extends IOException {
        private static final long serialVersionUID = 1L;

        RecordTooLong() {
            super(String.format(Locale.ROOT, "a row is longer than %,d characters; probably a quote is never closed",
                    MAX_RECORD_CHARS));
        }
    }
}
