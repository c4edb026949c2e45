// Labels of a metric's points and series in the user's language. Core's metrics name their keys (stages, lead
// statuses, activity types, weeks) so the messages here translate them; other keys show the provider's label.

/** The text for a key of the given kind ('customer.stage', 'lead.status', 'activity.type', 'week', ...). */
export function keyLabel(ctx, kind, key, fallback) {
    const {t} = ctx;
    switch (kind) {
    case 'customer.stage':
        return t(`stage.${key}`);
    case 'lead.status':
        return t(`dashboard.leadStatus.${key}`);
    case 'activity.type':
        return t(`activity.${key}`);
    case 'lead.source':
        return key === '-' ? t('dashboard.noSource') : (fallback || key);
    case 'week':
        return weekLabel(ctx, key);
    default:
        return fallback || key;
    }
}

/** A week by its Monday: '23 Nov' / '11月23日'. The key is a calendar date, so it is formatted as one (in UTC). */
export function weekLabel(ctx, isoDate) {
    const date = new Date(`${isoDate}T00:00:00Z`);
    if (Number.isNaN(date.getTime())) {
        return isoDate;
    }
    return new Intl.DateTimeFormat(ctx.language, {month: 'short', day: 'numeric', timeZone: 'UTC'}).format(date);
}

/** A value as text: money with its currency, a count as a number, both in the user's locale. */
export function valueText(ctx, value) {
    if (!value) {
        return '';
    }
    return value.currency ? ctx.formatMoney(value.amount, value.currency) : ctx.formatNumber(Number(value.amount));
}

/** The metric's title in the current language. */
export function metricTitle(ctx, metric) {
    return (metric.titles && (metric.titles[ctx.language] || metric.titles.en)) || metric.title || metric.id;
}
