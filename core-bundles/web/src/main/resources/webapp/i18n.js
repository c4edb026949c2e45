// Messages (i18n/<language>/<area>.json, one file per area of the app), the language, and Intl formatting in the
// user's locale and time zone.

export const LANGUAGES = [
    {tag: 'en', name: 'English'},
    {tag: 'zh-CN', name: '简体中文'},
];

/** The message files of every language; a key lives in exactly one of them (I18nKeysTest checks). */
export const AREAS = ['core', 'dashboard', 'customers', 'leads', 'imports', 'activities', 'profile', 'admin'];

const base = new URL('./i18n/', import.meta.url);
const loaded = new Map();
let language = 'en';
let messages = {};
let english = {};
let timeZone;
const listeners = new Set();

/** The supported language closest to a tag such as 'zh', 'zh-Hans-CN', 'en-GB' or 'fr'. */
export function pickLanguage(tag) {
    return tag && String(tag).toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

async function load(tag) {
    if (!loaded.has(tag)) {
        const files = await Promise.all(AREAS.map(async (area) => {
            const response = await fetch(new URL(`${tag}/${area}.json`, base), {credentials: 'same-origin'});
            if (!response.ok) {
                throw new Error(`messages ${tag}/${area}: ${response.status}`);
            }
            return response.json();
        }));
        loaded.set(tag, Object.assign({}, ...files));
    }
    return loaded.get(tag);
}

export async function setLanguage(tag) {
    const picked = pickLanguage(tag);
    english = await load('en');
    messages = await load(picked);
    language = picked;
    document.documentElement.lang = picked;
    listeners.forEach((listener) => listener(picked));
}

export function getLanguage() {
    return language;
}

/** An IANA zone such as 'Asia/Shanghai', or undefined for the browser's. */
export function setTimeZone(zone) {
    try {
        new Intl.DateTimeFormat('en', {timeZone: zone || undefined});
        timeZone = zone || undefined;
    } catch {
        timeZone = undefined;
    }
}

export function getTimeZone() {
    return timeZone || Intl.DateTimeFormat().resolvedOptions().timeZone;
}

export function onLanguageChange(listener) {
    listeners.add(listener);
    return () => listeners.delete(listener);
}

/** The message for a key, with {name} placeholders filled in from params. */
export function t(key, params) {
    const text = messages[key] ?? english[key] ?? key;
    return params ? text.replace(/\{(\w+)\}/g, (all, name) => (name in params ? String(params[name]) : all)) : text;
}

export function formatDateTime(iso) {
    if (!iso) {
        return '';
    }
    return new Intl.DateTimeFormat(language, {dateStyle: 'medium', timeStyle: 'short', timeZone}).format(new Date(iso));
}

export function formatDate(iso) {
    if (!iso) {
        return '';
    }
    return new Intl.DateTimeFormat(language, {dateStyle: 'medium', timeZone}).format(new Date(iso));
}

export function formatNumber(value, options) {
    return new Intl.NumberFormat(language, options).format(value);
}

/**
 * Money as the API sends it (a decimal string or number and an ISO 4217 code): '¥1,234.50', 'US$1,234.50'.
 * The amount is formatted from its decimal text, so no digit is lost to binary floating point.
 */
export function formatMoney(amount, currency) {
    if (amount === null || amount === undefined || amount === '') {
        return '';
    }
    const text = String(amount);
    if (!currency) {
        return formatNumber(text, {minimumFractionDigits: 2, maximumFractionDigits: 20});
    }
    try {
        return new Intl.NumberFormat(language, {style: 'currency', currency, maximumFractionDigits: 20}).format(text);
    } catch {
        return `${formatNumber(text, {maximumFractionDigits: 20})} ${currency}`;
    }
}

/** Now, as the value of an <input type="datetime-local"> in the user's time zone: 2026-11-29T09:30. */
export function localNow() {
    const parts = Object.fromEntries(new Intl.DateTimeFormat('en-CA', {
        timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit',
        hourCycle: 'h23',
    }).formatToParts(new Date()).map((part) => [part.type, part.value]));
    return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}
