package io.relata.core.reference;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

import io.relata.api.reference.PicklistValue;
import io.relata.api.reference.Picklists;

/** The picklists core defines and the values a new installation starts with; administrators change them later. */
final class DefaultPicklists {

    private DefaultPicklists() {
    }

    /** A picklist's name and default values. */
    record Definition(String name, List<PicklistValue> values) {
    }

    static final Definition INDUSTRY = new Definition(Picklists.INDUSTRY, values(
            "technology", "Technology", "科技",
            "manufacturing", "Manufacturing", "制造业",
            "retail", "Retail", "零售",
            "finance", "Finance", "金融",
            "healthcare", "Healthcare", "医疗健康",
            "education", "Education", "教育",
            "government", "Government", "政府",
            "real-estate", "Real estate", "房地产",
            "energy", "Energy", "能源",
            "logistics", "Logistics", "物流",
            "professional-services", "Professional services", "专业服务",
            "other", "Other", "其他"));

    static final Definition LEAD_SOURCE = new Definition(Picklists.LEAD_SOURCE, values(
            "web", "Website", "网站",
            "trade-show", "Trade show", "展会",
            "referral", "Referral", "转介绍",
            "advertisement", "Advertisement", "广告",
            "cold-call", "Cold call", "电话陌拜",
            "partner", "Partner", "合作伙伴",
            "import", "Import", "导入",
            "other", "Other", "其他"));

    static final List<Definition> ALL = List.of(INDUSTRY, LEAD_SOURCE);

    static void forEach(BiConsumer<String, List<PicklistValue>> define) {
        ALL.forEach(definition -> define.accept(definition.name(), definition.values()));
    }

    /** @param triples key, English label, Chinese label, ... in listing order */
    private static List<PicklistValue> values(String... triples) {
        List<PicklistValue> values = new ArrayList<>();
        for (int i = 0; i < triples.length; i += 3) {
            values.add(new PicklistValue(triples[i], Map.of(PicklistValue.ENGLISH, triples[i + 1],
                    PicklistValue.SIMPLIFIED_CHINESE, triples[i + 2]),
                    (values.size() + 1) * JdbcPicklists.POSITION_STEP, true));
        }
        return List.copyOf(values);
    }
}
