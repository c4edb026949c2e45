// Messages (i18n/<language>.json), the language, and Intl formatting in the user's locale and time zone.

export const LANGUAGES = [
    {tag: 'en', name: 'English'},
    {tag: 'zh-CN', name: '简体中文'},
];

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
        const response = await fetch(new URL(`${tag}.json`, base), {credentials: 'same-origin'});
        if (!response.ok) {
            throw new Error(`messages ${tag}: ${response.status}`);
        }
        loaded.set(tag, await response.json());
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

/** Now, as the value of an <input type="datetime-local"> in the user's time zone: 2026-11-29T09:30. */
export function localNow() {
    const parts = Object.fromEntries(new Intl.DateTimeFormat('en-CA', {
        timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit',
        hourCycle: 'h23',
    }).formatToParts(new Date()).map((part) => [part.type, part.value]));
    return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}
