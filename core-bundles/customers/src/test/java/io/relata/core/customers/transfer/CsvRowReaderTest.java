package io.relata.core.customers.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class CsvRowReaderTest {

    @Test
    void rowsAreKnownByTheLineTheyStartOnBlankLinesAndLineBreaksInValuesIncluded() {
        List<CsvRowReader.Item> items = read("name,notes\r\n\r\nA,\"two\r\nlines\"\r\nB,x\r\n  ,  \r\nC,y",
                StandardCharsets.UTF_8);

        assertThat(items).containsExactly(new CsvRowReader.Row(1, List.of("name", "notes")),
                new CsvRowReader.Row(3, List.of("A", "two\r\nlines")), new CsvRowReader.Row(5, List.of("B", "x")),
                new CsvRowReader.Row(7, List.of("C", "y")));
    }

    @Test
    void aRowWithBrokenQuotingIsReportedAndTheNextLineReadOn() {
        List<CsvRowReader.Item> items = read("name,email\nA,a@x.io\n\"B\"x,b@x.io\nC,\"c\"\"@x.io\"\n",
                StandardCharsets.UTF_8);

        assertThat(items).hasSize(4);
        assertThat(items.get(2)).isInstanceOf(CsvRowReader.Broken.class).extracting(CsvRowReader.Item::line)
                .isEqualTo(3L);
        assertThat(items.get(3)).isEqualTo(new CsvRowReader.Row(4, List.of("C", "c\"@x.io")));
    }

    @Test
    void whatCannotBeReadStopsTheReadingNamingTheLine() {
        assertThatThrownBy(() -> read("name\nA\n\"open\nB\n", StandardCharsets.UTF_8))
                .isInstanceOf(CsvRowReader.Unreadable.class)
                .hasMessage("line 3: a quoted value is never closed, so the rest of the file cannot be read");
        byte[] gbk = "name\nA\n北京\n".getBytes(Charset.forName("GBK"));
        assertThatThrownBy(() -> read(gbk, StandardCharsets.UTF_8)).hasMessageStartingWith(
                "line 3: the text is not valid UTF-8; a file saved by Excel in China is usually GBK");
        assertThat(read(gbk, Charset.forName("GBK"))).last().isEqualTo(new CsvRowReader.Row(3, List.of("北京")));
        byte[] utf16 = "name\nA\n".getBytes(StandardCharsets.UTF_16LE);
        byte[] withMark = new byte[utf16.length + 2];
        withMark[0] = (byte) 0xFF;
        withMark[1] = (byte) 0xFE;
        System.arraycopy(utf16, 0, withMark, 2, utf16.length);
        assertThatThrownBy(() -> read(withMark, StandardCharsets.UTF_8)).hasMessageContaining("UTF-16");
        String endless = "name\n\"" + "x".repeat(CsvRowReader.MAX_RECORD_CHARS + 100_000);
        assertThatThrownBy(() -> read(endless, StandardCharsets.UTF_8))
                .hasMessageStartingWith("line 2: a row is longer than 1,000,000 characters");
    }

    @Test
    void aUtf8ByteOrderMarkIsSkippedAndSaysUtf8WhateverWasAsked() throws IOException {
        byte[] file = (Csv.BYTE_ORDER_MARK + "名称\n星辰\n").getBytes(StandardCharsets.UTF_8);
        try (CsvRowReader reader = new CsvRowReader(new ByteArrayInputStream(file), Charset.forName("GBK"))) {
            assertThat(reader.charset()).isEqualTo(StandardCharsets.UTF_8);
            assertThat(reader.next()).isEqualTo(new CsvRowReader.Row(1, List.of("名称")));
        }
    }

    @Test
    void formulasAreNeutralisedOnTheWayOutAndRestoredOnTheWayIn() {
        assertThat(Csv.neutralised("=SUM(A1)")).isEqualTo("'=SUM(A1)");
        assertThat(Csv.neutralised("@cmd")).isEqualTo("'@cmd");
        assertThat(Csv.neutralised("-2+3+cmd|' /C calc'!A0")).isEqualTo("'-2+3+cmd|' /C calc'!A0");
        assertThat(Csv.neutralised("+86 (21) 5555-0100")).isEqualTo("+86 (21) 5555-0100");
        assertThat(Csv.neutralised("-12.5")).isEqualTo("-12.5");
        assertThat(Csv.neutralised("Acme")).isEqualTo("Acme");
        for (String value : List.of("=SUM(A1)", "@cmd", "-minus", "'quoted", "Acme")) {
            assertThat(Csv.restored(Csv.neutralised(value))).isEqualTo(value);
        }
    }

    private static List<CsvRowReader.Item> read(String csv, Charset charset) {
        return read(csv.getBytes(charset), charset);
    }

    private static List<CsvRowReader.Item> read(byte[] file, Charset charset) {
        try (CsvRowReader reader = new CsvRowReader(new ByteArrayInputStream(file), charset)) {
            List<CsvRowReader.Item> items = new ArrayList<>();
            for (CsvRowReader.Item item = reader.next(); item != null; item = reader.next()) {
                items.add(item);
            }
            return items;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
