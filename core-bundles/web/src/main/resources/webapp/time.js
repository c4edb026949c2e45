// Calendar arithmetic in the user's time zone, for every page. Plain dates ('2026-11-23') are computed on UTC
// midnights so that no browser zone or daylight saving change can shift a day; instants are converted with Intl in
// the user's zone.

/** {year, month, day, hour, minute, weekday (1 = Monday … 7 = Sunday)} of an instant in a zone. */
export function zonedParts(instant, zone) {
    const parts = Object.fromEntries(new Intl.DateTimeFormat('en-US', {
        timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit',
        second: '2-digit', hourCycle: 'h23', weekday: 'short',
    }).formatToParts(new Date(instant)).map((part) => [part.type, part.value]));
    const weekday = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(parts.weekday) + 1;
    return {year: Number(parts.year), month: Number(parts.month), day: Number(parts.day), hour: Number(parts.hour),
        minute: Number(parts.minute), second: Number(parts.second), weekday};
}

/** The plain date ('2026-11-23') of an instant in a zone. */
export function zonedDate(instant, zone) {
    const p = zonedParts(instant, zone);
    return `${p.year}-${pad(p.month)}-${pad(p.day)}`;
}

/** Minutes since local midnight of an instant in a zone. */
export function zonedMinutes(instant, zone) {
    const p = zonedParts(instant, zone);
    return p.hour * 60 + p.minute;
}

/** The instant (ISO) of a local date-time ('2026-11-30T09:00') in a zone; a skipped local time moves forward. */
export function localToInstant(local, zone) {
    const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(local || '');
    if (!match) {
        return null;
    }
    const wall = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]), Number(match[4]), Number(match[5]));
    // the zone's offset at a guess, then again at the corrected guess (enough around daylight saving changes)
    let guess = wall - offset(wall, zone);
    guess = wall - offset(guess, zone);
    return new Date(guess).toISOString();
}

/** The instant (ISO) at which a plain date ('2026-11-29') starts in a zone, or null for anything else. */
export function startOfDay(date, zone) {
    return isPlainDate(date) ? localToInstant(`${date}T00:00`, zone) : null;
}

/** The local date-time value ('2026-11-30T09:00') of an instant in a zone, for <input type="datetime-local">. */
export function instantToLocal(instant, zone) {
    if (!instant) {
        return '';
    }
    const p = zonedParts(instant, zone);
    return `${p.year}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}`;
}

function offset(utcMillis, zone) {
    const p = zonedParts(utcMillis, zone);
    const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
    return asUtc - Math.floor(utcMillis / 1000) * 1000;
}

export function pad(value) {
    return String(value).padStart(2, '0');
}

export function isPlainDate(text) {
    return /^\d{4}-\d{2}-\d{2}$/.test(text || '') && !Number.isNaN(Date.parse(`${text}T00:00:00Z`));
}

/** A plain date moved by some days. */
export function addDays(date, days) {
    const value = new Date(`${date}T00:00:00Z`);
    value.setUTCDate(value.getUTCDate() + days);
    return value.toISOString().slice(0, 10);
}

/** The Monday of the week of a plain date (weeks run Monday to Sunday in both languages of the app). */
export function mondayOf(date) {
    const weekday = (new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7;
    return addDays(date, -weekday);
}

/** A plain date formatted in a language, e.g. 'Mon, Nov 23' (formatted at UTC noon: the date never shifts). */
export function formatPlainDate(date, language, options) {
    return new Intl.DateTimeFormat(language, {timeZone: 'UTC', ...options}).format(new Date(`${date}T12:00:00Z`));
}

/** The time of day of an instant in the user's language and zone: '09:30' / '9:30 AM'. */
export function formatTime(instant, language, zone) {
    return new Intl.DateTimeFormat(language, {timeStyle: 'short', timeZone: zone}).format(new Date(instant));
}
