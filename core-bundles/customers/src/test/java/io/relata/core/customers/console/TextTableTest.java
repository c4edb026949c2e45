package io.relata.core.customers.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import io.relata.core.customers.console.TextTable.Column;

class TextTableTest {

    @Test
    void chineseCharactersTakeTwoColumnsSoColumnsStillLineUp() {
        TextTable table = new TextTable(new Column("NAME", 30), new Column("CITY", 10));
        table.add("华为技术有限公司", "深圳");
        table.add("Acme", "Beijing");

        assertThat(table.lines()).containsExactly(
                "NAME              CITY",
                "华为技术有限公司  深圳",
                "Acme              Beijing");
        assertThat(TextTable.width("华为 Acme")).isEqualTo(9);
        assertThat(TextTable.width("Cafe\u0301")).as("a combining accent takes no column").isEqualTo(4);
    }

    @Test
    void longCellsAreCutWithAnEllipsisWithinTheirWidth() {
        assertThat(TextTable.fit("Northwind Traders International", 12)).isEqualTo("Northwind T…");
        assertThat(TextTable.fit("中国石油天然气集团", 7)).as("never half a wide character").isEqualTo("中国石…");
        assertThat(TextTable.width(TextTable.fit("中国石油天然气集团", 8))).isLessThanOrEqualTo(8);
        assertThat(TextTable.fit("Short", 12)).isEqualTo("Short");
    }

    @Test
    void noValueShowsAsDashAndControlCharactersCannotReachTheTerminal() {
        assertThat(TextTable.fit(null, 10)).isEqualTo("-");
        assertThat(TextTable.fit("  ", 10)).as("blank is shown blank, as the caller chose").isEmpty();
        assertThat(TextTable.fit("Evil\u001b[2JCorp\nLine", 40)).isEqualTo("Evil [2JCorp Line");
    }

    @Test
    void aRowMustHaveACellPerColumn() {
        TextTable table = new TextTable(new Column("A", 5), new Column("B", 5));
        assertThatThrownBy(() -> table.add("only one")).isInstanceOf(IllegalArgumentException.class);
    }
}
