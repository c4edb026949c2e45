package io.relata.core.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import io.relata.api.metric.ChartKind;
import io.relata.api.metric.MetricData;
import io.relata.api.metric.MetricDescriptor;
import io.relata.api.metric.MetricPoint;
import io.relata.api.metric.MetricProvider;
import io.relata.api.metric.MetricRequest;
import io.relata.api.metric.MetricSeries;
import io.relata.api.metric.MetricValue;
import io.relata.api.money.Money;
import io.relata.api.rest.Problem;
import io.relata.api.rest.ProblemException;
import io.relata.api.security.AccessControl;
import io.relata.api.security.CurrentUser;
import io.relata.api.security.DataScope;
import io.relata.api.security.UserPrincipal;
import io.relata.core.dashboard.MetricViews.MetricView;
import io.relata.core.dashboard.MetricViews.ResultView;

class DashboardResourceTest {

    private final AtomicReference<UserPrincipal> caller = new AtomicReference<>();
    private final MetricRegistry registry = new MetricRegistry();
    private final DashboardResource resource = new DashboardResource(registry, new Caller(), new Access());

    private static UserPrincipal user(String zone, String locale, String... permissions) {
        return new UserPrincipal("u1", "someone", "Someone", locale, zone, Set.of(), Set.of(permissions), Set.of(),
                null, null);
    }

    /** A provider that answers a fixed series and remembers what it was asked. */
    private static final class Fixed implements MetricProvider {
        final MetricDescriptor descriptor;
        MetricRequest asked;

        Fixed(MetricDescriptor descriptor) {
            this.descriptor = descriptor;
        }

        @Override
        public MetricDescriptor descriptor() {
            return descriptor;
        }

        @Override
        public MetricData compute(MetricRequest request) {
            asked = request;
            return MetricData.of(new MetricSeries("s", null, List.of(
                    MetricPoint.count("PROSPECT", 3, "/customers?stage=PROSPECT"),
                    new MetricPoint("revenue", "Revenue", MetricValue.money(Money.of("1234.50", "CNY")), null))));
        }
    }

    private static Fixed metric(String id, int order, String permission, int weeks) {
        return new Fixed(MetricDescriptor.builder(id, ChartKind.BAR).title("en", id).title("zh-CN", id + "（中）")
                .order(order).permission(permission).weeks(weeks).build());
    }

    private List<MetricView> listed() {
        return resource.metrics().items();
    }

    @Test
    void listsTheMetricsTheCallerMaySeeInOrderWithTitlesInTheirLanguage() {
        registry.addProvider(metric("sales.pipeline", 300, "sales.deals:read", 0));
        registry.addProvider(metric("core.customers-by-stage", 20, "customers:read", 0));
        registry.addProvider(metric("core.everyone", 10, null, 0));

        caller.set(user("UTC", "zh-CN", "customers:read"));
        assertThat(listed()).extracting(MetricView::id).containsExactly("core.everyone", "core.customers-by-stage");
        assertThat(listed().get(1).title()).isEqualTo("core.customers-by-stage（中）");

        caller.set(user("UTC", "en", "*"));
        assertThat(listed()).extracting(MetricView::id)
                .containsExactly("core.everyone", "core.customers-by-stage", "sales.pipeline");
        assertThat(listed().get(0).title()).isEqualTo("core.everyone");
    }

    @Test
    void computesForTheCallersZoneAndPeriodWithAmountsAsDecimalText() {
        Fixed weekly = metric("core.activities-per-week", 10, null, 8);
        registry.addProvider(weekly);
        caller.set(user("Asia/Shanghai", "zh-CN"));

        ResultView view = resource.compute("core.activities-per-week", null);
        assertThat(weekly.asked.weeks()).isEqualTo(8);
        assertThat(weekly.asked.timeZone().getId()).isEqualTo("Asia/Shanghai");
        assertThat(weekly.asked.language()).isEqualTo("zh-CN");
        assertThat(view.weeks()).isEqualTo(8);
        assertThat(view.series().get(0).points()).extracting(point -> point.value().amount())
                .containsExactly("3", "1234.50");
        assertThat(view.series().get(0).points().get(1).value().currency()).isEqualTo("CNY");
        assertThat(view.series().get(0).points().get(0).link()).isEqualTo("/customers?stage=PROSPECT");

        resource.compute("core.activities-per-week", "4");
        assertThat(weekly.asked.weeks()).isEqualTo(4);
        for (String wrong : List.of("0", "53", "x", "-1")) {
            assertThatThrownBy(() -> resource.compute("core.activities-per-week", wrong))
                    .isInstanceOfSatisfying(ProblemException.class,
                            e -> assertThat(e.problem().status()).isEqualTo(400));
        }
    }

    @Test
    void aMetricWithoutPermissionIsRefusedAndAnUnknownOneIsNotFound() {
        registry.addProvider(metric("sales.pipeline", 300, "sales.deals:read", 0));
        caller.set(user("UTC", "en", "customers:read"));
        assertThatThrownBy(() -> resource.compute("sales.pipeline", null)).isInstanceOfSatisfying(
                ProblemException.class, e -> assertThat(e.problem().status()).isEqualTo(403));
        assertThatThrownBy(() -> resource.compute("nope.nothing", null)).isInstanceOfSatisfying(
                ProblemException.class, e -> assertThat(e.problem().status()).isEqualTo(404));
    }

    @Test
    void aFailingProviderFailsItsOwnMetricAloneAndProvidersComeAndGo() {
        Fixed good = metric("core.good", 10, null, 0);
        MetricDescriptor brokenDescriptor = MetricDescriptor.builder("core.broken", ChartKind.PIE)
                .title("en", "Broken").order(5).build();
        registry.addProvider(good);
        registry.addProvider(new MetricProvider() {
            @Override
            public MetricDescriptor descriptor() {
                return brokenDescriptor;
            }

            @Override
            public MetricData compute(MetricRequest request) {
                throw new IllegalStateException("database on fire");
            }
        });
        registry.addProvider(new MetricProvider() {
            @Override
            public MetricDescriptor descriptor() {
                throw new IllegalStateException("cannot even describe itself");
            }

            @Override
            public MetricData compute(MetricRequest request) {
                return null;
            }
        });
        caller.set(user("Not/AZone", "en"));

        assertThat(listed()).extracting(MetricView::id).containsExactly("core.broken", "core.good");
        assertThatThrownBy(() -> resource.compute("core.broken", null)).isInstanceOfSatisfying(
                ProblemException.class, e -> assertThat(e.problem().status()).isEqualTo(500));
        ResultView good1 = resource.compute("core.good", null);
        assertThat(good1.timeZone()).isEqualTo("Z");
        assertThat(good1.weeks()).isNull();

        registry.removeProvider(good);
        assertThat(listed()).extracting(MetricView::id).containsExactly("core.broken");
        assertThatThrownBy(() -> resource.compute("core.good", null)).isInstanceOf(ProblemException.class);
    }

    @Test
    void theFirstProviderOfAnIdKeepsIt() {
        Fixed first = metric("core.same", 10, null, 0);
        Fixed second = metric("core.same", 1, null, 0);
        registry.addProvider(first);
        registry.addProvider(second);
        caller.set(user("UTC", "en"));
        resource.compute("core.same", null);
        assertThat(first.asked).isNotNull();
        assertThat(second.asked).isNull();
    }

    @Test
    void descriptorsRefuseLinksToOtherOrigins() {
        assertThatThrownBy(() -> MetricPoint.count("x", 1, "//evil.example/steal"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MetricPoint.count("x", 1, "https://evil.example/"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MetricPoint.count("x", 1, "/x\" onclick=\"y")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MetricDescriptor.builder("Bad Id", ChartKind.BAR).title("en", "x").build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MetricDescriptor.builder("core.x", ChartKind.BAR).build())
                .isInstanceOf(IllegalArgumentException.class);
    }

    private final class Caller implements CurrentUser {
        @Override
        public Optional<UserPrincipal> get() {
            return Optional.ofNullable(caller.get());
        }

        @Override
        public UserPrincipal require() {
            return get().orElseThrow(() -> Problem.of(401, "unauthenticated", "Unauthenticated", "sign in")
                    .toException());
        }

        @Override
        public <T> T runAs(String username, Callable<T> work) throws Exception {
            return work.call();
        }

        @Override
        public <T> T runAsSystem(Callable<T> work) throws Exception {
            return work.call();
        }
    }

    private final class Access implements AccessControl {
        @Override
        public boolean permits(String permission) {
            return caller.get() != null && caller.get().has(permission);
        }

        @Override
        public void require(String permission) {
            if (!permits(permission)) {
                throw Problem.of(403, "forbidden", "Forbidden", "missing " + permission).toException();
            }
        }

        @Override
        public DataScope scope(String recordType) {
            return DataScope.all();
        }
    }
}
