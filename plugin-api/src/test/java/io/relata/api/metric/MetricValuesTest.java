package io.relata.api.metric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.relata.api.money.Money;

class MetricValuesTest {

    @Test
    void aDescriptorIsValidatedAndKeepsItsTitles() {
        MetricDescriptor descriptor = MetricDescriptor.builder("acme.orders-by-status", ChartKind.PIE)
                .title("en", "Orders").title("zh-CN", "订单").permission(" ").weeks(8).pointKeys("lead.status")
                .build();
        assertThat(descriptor.title("zh-CN")).isEqualTo("订单");
        assertThat(descriptor.title("fr")).isEqualTo("Orders");
        assertThat(descriptor.permission()).isNull();
        assertThat(descriptor.periodic()).isTrue();
        assertThat(descriptor.order()).isEqualTo(500);
        for (String id : List.of("nodot", "Acme.x", "acme..x", ".acme", "acme.x y")) {
            assertThatThrownBy(() -> MetricDescriptor.builder(id, ChartKind.BAR).title("en", "x").build())
                    .as(id).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> MetricDescriptor.builder("acme.x", ChartKind.BAR).title("zh-CN", "x").build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MetricDescriptor.builder("acme.x", ChartKind.BAR).title("en", "x").weeks(53).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MetricDescriptor.builder("acme.x", ChartKind.BAR).title("en", "x")
                .pointKeys("Not Keys").build()).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void linksAreRoutesOfTheAppOnly() {
        assertThat(MetricPoint.count("PROSPECT", 2, "/customers?stage=PROSPECT").link())
                .isEqualTo("/customers?stage=PROSPECT");
        assertThat(MetricPoint.count("x", 2, null).link()).isNull();
        for (String link : List.of("//evil.example", "https://evil.example/", "javascript:alert(1)",
                "/x\"><img>", "customers", "/a b")) {
            assertThatThrownBy(() -> MetricPoint.count("x", 1, link)).as(link)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void valuesAreCountsOrMoneyAndCollectionsAreCopied() {
        assertThat(MetricValue.count(3).isMoney()).isFalse();
        MetricValue money = MetricValue.money(Money.of("1234.50", "CNY"));
        assertThat(money.amount().toPlainString()).isEqualTo("1234.50");
        assertThat(money.currency()).isEqualTo("CNY");
        assertThatThrownBy(() -> new MetricValue(java.math.BigDecimal.ONE, "yuan"))
                .isInstanceOf(IllegalArgumentException.class);

        List<MetricPoint> points = new ArrayList<>(List.of(MetricPoint.count("a", 1, null)));
        MetricSeries series = new MetricSeries("s", null, points);
        points.clear();
        assertThat(series.points()).hasSize(1);
        MetricData data = new MetricData(null, null, null, null);
        assertThat(data.series()).isEmpty();
        assertThat(data.items()).isEmpty();
    }

    @Test
    void aRequestHasAPeriodOfOneToFiftyTwoWeeks() {
        assertThat(new MetricRequest(1, ZoneOffset.UTC, null).language()).isEqualTo("en");
        assertThatThrownBy(() -> new MetricRequest(0, ZoneOffset.UTC, "en")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MetricRequest(53, ZoneOffset.UTC, "en")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MetricRequest(4, null, "en")).isInstanceOf(NullPointerException.class);
    }
}
