package io.relata.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The data set is a function of its seed and size, and its import file is one the import job reads. */
class DataSetTest {

    private static final String USER = "00000000-0000-0000-0000-000000000001";

    @TempDir
    Path dir;

    @Test
    void theSameSeedGivesTheSameFileAndAnotherSeedAnotherOne() throws Exception {
        Path first = dir.resolve("first.csv");
        Path again = dir.resolve("again.csv");
        Path other = dir.resolve("other.csv");
        assertThat(new DataSet(2000, 7, USER).writeCsv(first, 500, "admin")).isEqualTo(500);
        new DataSet(2000, 7, USER).writeCsv(again, 500, "admin");
        new DataSet(2000, 8, USER).writeCsv(other, 500, "admin");

        assertThat(Files.readAllBytes(again)).isEqualTo(Files.readAllBytes(first));
        assertThat(Files.readAllBytes(other)).isNotEqualTo(Files.readAllBytes(first));
    }

    @Test
    void aSmallerFileIsTheStartOfALargerOneOfTheSameDataSet() throws Exception {
        Path small = dir.resolve("small.csv");
        Path large = dir.resolve("large.csv");
        new DataSet(2000, 42, USER).writeCsv(small, 100, "admin");
        new DataSet(2000, 42, USER).writeCsv(large, 300, "admin");

        assertThat(Files.readString(large)).startsWith(Files.readString(small));
    }

    @Test
    void theImportFileIsWellFormedCsvOfUniqueCustomersInBothScripts() throws Exception {
        Path file = dir.resolve("import.csv");
        // asking for more than the data set holds gives the data set
        assertThat(new DataSet(1000, 42, USER).writeCsv(file, 5000, "admin")).isEqualTo(1000);

        List<CSVRecord> records;
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            records = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(in).getRecords();
        }
        assertThat(records).hasSize(1000).allSatisfy(r -> {
            assertThat(r.isConsistent()).as("line %d has every column", r.getRecordNumber()).isTrue();
            assertThat(r.get("Company name")).isNotBlank();
            assertThat(r.get("Type")).isIn("COMPANY", "PERSON");
            assertThat(r.get("Owner")).isIn("admin", "");
        });
        assertThat(records.get(0).getParser().getHeaderNames()).isEqualTo(DataSet.CSV_HEADERS);

        Set<String> names = new HashSet<>();
        Set<String> emails = new HashSet<>();
        for (CSVRecord r : records) {
            assertThat(names.add(r.get("Company name"))).as("unique name %s", r.get("Company name")).isTrue();
            if (!r.get("E-mail").isEmpty()) {
                assertThat(emails.add(r.get("E-mail"))).as("unique e-mail %s", r.get("E-mail")).isTrue();
            }
        }
        assertThat(names).anyMatch(n -> n.contains("有限公司")).anyMatch(n -> n.matches("[A-Z][a-z]+ .*"));
        assertThat(records).as("customers with two tags").anyMatch(r -> r.get("Tags").contains(";"));
    }

    @Test
    void searchKeysAreMadeAsTheStoreMakesThem() {
        assertThat(DataSet.nameKey("  ＡＢＣ   Foods\tLtd ")).isEqualTo("abc foods ltd");
        assertThat(DataSet.personKey("Anna", "Müller")).isEqualTo("anna müller / müller anna / mülleranna");
        assertThat(DataSet.personKey("伟", "王")).isEqualTo("伟 王 / 王 伟 / 王伟");
        assertThat(DataSet.digits("+86 (21) 5555-0100")).isEqualTo("862155550100");
        assertThat(DataSet.digits("n/a")).isNull();
    }
}
