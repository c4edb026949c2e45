package io.relata.api.customer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.relata.api.money.Money;

class CustomerPanelValuesTest {

    @Test
    void theBuilderCollectsFiguresAndItemsInOrder() {
        CustomerPanel.Content content = CustomerPanel.Content.titled("Opportunities", "商机")
                .count("open", "Open", "进行中", 3)
                .amount("pipeline", "Pipeline", null, Money.of("1200.50", "CNY"))
                .item(new RecordLink("sales.opportunity", "o-1", "Big deal"))
                .build();

        assertThat(content.title()).containsExactly(Map.entry("en", "Opportunities"), Map.entry("zh-CN", "商机"));
        assertThat(content.figures()).extracting(CustomerPanel.Figure::key).containsExactly("open", "pipeline");
        assertThat(content.figures().get(0).count()).isEqualTo(3L);
        assertThat(content.figures().get(1).label()).as("no Chinese text given").containsOnlyKeys("en");
        assertThat(content.items()).containsExactly(new RecordLink("sales.opportunity", "o-1", "Big deal"));
    }

    @Test
    void textsNeedEnglishAndAFigureIsACountOrAnAmount() {
        assertThatThrownBy(() -> CustomerPanel.Content.titled(" ", "商机"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("title");
        assertThatThrownBy(() -> new CustomerPanel.Content(Map.of("zh-CN", "商机"), null, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CustomerPanel.Figure("x", CustomerPanel.text("X", null), 1L,
                Money.of("1", "CNY"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CustomerPanel.Figure("x", CustomerPanel.text("X", null), null, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CustomerPanel.Figure.count(" ", CustomerPanel.text("X", null), 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new CustomerPanel.Content(CustomerPanel.text("T", null), null, null).figures()).isEmpty();
    }

    @Test
    void aRequestKeepsTheSubtreeInOrderAndCannotBeChanged() {
        Customer customer = new Customer("c-1", CustomerKind.COMPANY, "Acme", null, null, null, null, null, null,
                LifecycleStage.PROSPECT, null, "u-1", null, null, null, null, Instant.EPOCH, "u-1", Instant.EPOCH,
                "u-1", 1);
        Set<String> ids = new LinkedHashSet<>(List.of("c-1", "c-9", "c-2"));
        CustomerPanel.Request request = new CustomerPanel.Request(customer, ids);
        ids.add("c-3");

        assertThat(request.subtreeIds()).containsExactly("c-1", "c-9", "c-2");
        assertThatThrownBy(() -> request.subtreeIds().add("c-4")).isInstanceOf(UnsupportedOperationException.class);
    }
}
